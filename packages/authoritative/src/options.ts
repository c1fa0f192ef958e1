// Options of the authoritative resolver and their defaults. A configuration mistake throws a
// TypeError when the resolver is created (at start-up), never during a lookup.
import { isIP } from 'node:net';
import type { PerspectiveRequirement } from '@apexproof/core';

/** The IPv4 addresses of the thirteen root servers (IANA root hints, named.root, 2023-11). */
export const IANA_ROOTS: readonly string[] = [
  '198.41.0.4',
  '170.247.170.2',
  '192.33.4.12',
  '199.7.91.13',
  '192.203.230.10',
  '192.5.5.241',
  '192.112.36.4',
  '198.97.190.53',
  '192.36.148.17',
  '192.58.128.30',
  '193.0.14.129',
  '199.7.83.42',
  '202.12.27.33',
];

/** One query as it leaves, for counting and tracing (`onQuery`). */
export interface QueryEvent {
  /** The zone whose server was asked ('' for the root). */
  readonly zone: string;
  readonly server: string;
  readonly address: string;
  readonly name: string;
  readonly type: string;
}

export interface AuthoritativeResolverOptions {
  /** Addresses to start the walk from (default: the IANA root servers). */
  readonly roots?: readonly string[];
  /** The port of every server asked (default 53); tests run a whole hierarchy on 127.0.0.x. */
  readonly port?: number;
  /** `all` (default, as cert-manager and lego): every server must serve a record; `any`: one. */
  readonly require?: PerspectiveRequirement;
  /** Deadline of one query over UDP or TCP (default 2000 ms). */
  readonly timeoutMs?: number;
  /** UDP tries per address before a server counts as silent (default 2). */
  readonly attempts?: number;
  /** EDNS0 UDP payload size advertised (default 1232, the DNS flag day 2020 value). */
  readonly udpPayloadSize?: number;
  /** Zone cuts (NS and glue) kept, least recently used dropped first (default 10 000; 0: off). */
  readonly cacheSize?: number;
  /** Longest time a zone cut is kept, whatever its TTL (default 86 400 s). */
  readonly maxCacheTtlSeconds?: number;
  /** Longest CNAME chain followed (default 8). */
  readonly maxCnameHops?: number;
  /** Most queries one lookup may send, walks for glueless name servers included (default 100). */
  readonly maxQueries?: number;
  /** Called for every query sent (benchmarks, tracing). */
  readonly onQuery?: (event: QueryEvent) => void;
  /** The clock for cache expiry, in milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

export interface Settings {
  readonly roots: readonly string[];
  readonly port: number;
  readonly require: PerspectiveRequirement;
  readonly timeoutMs: number;
  readonly attempts: number;
  readonly udpPayloadSize: number;
  readonly cacheSize: number;
  readonly maxCacheTtlSeconds: number;
  readonly maxCnameHops: number;
  readonly maxQueries: number;
  readonly onQuery: (event: QueryEvent) => void;
  readonly now: () => number;
}

function integer(
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
  what: string,
) {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < min || chosen > max)
    throw new TypeError(`${what} must be an integer from ${min} to ${max}`);
  return chosen;
}

/** Applies defaults and checks every option. */
export function resolveOptions(options: AuthoritativeResolverOptions): Settings {
  const roots = [...(options.roots ?? IANA_ROOTS)];
  if (roots.length === 0) throw new TypeError('at least one root address is needed');
  for (const root of roots)
    if (isIP(root) === 0) throw new TypeError(`root is not an IP address: ${String(root)}`);
  const require = options.require ?? 'all';
  if (require !== 'all' && require !== 'any')
    throw new TypeError(`require must be 'all' or 'any', not ${String(require)}`);
  return {
    roots,
    port: integer(options.port, 53, 1, 65_535, 'port'),
    require,
    timeoutMs: integer(options.timeoutMs, 2000, 1, 60_000, 'timeoutMs'),
    attempts: integer(options.attempts, 2, 1, 10, 'attempts'),
    udpPayloadSize: integer(options.udpPayloadSize, 1232, 512, 65_535, 'udpPayloadSize'),
    cacheSize: integer(options.cacheSize, 10_000, 0, 10_000_000, 'cacheSize'),
    maxCacheTtlSeconds: integer(
      options.maxCacheTtlSeconds,
      86_400,
      0,
      604_800,
      'maxCacheTtlSeconds',
    ),
    maxCnameHops: integer(options.maxCnameHops, 8, 0, 32, 'maxCnameHops'),
    maxQueries: integer(options.maxQueries, 100, 1, 10_000, 'maxQueries'),
    onQuery: options.onQuery ?? (() => {}),
    now: options.now ?? Date.now,
  };
}
