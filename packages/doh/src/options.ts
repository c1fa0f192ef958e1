// Options of the DoH resolver and their defaults. Configuration mistakes throw a TypeError
// when the resolver is created (at start-up, where they belong), never during a lookup.
import type { FetchLike } from './http.js';
import type { LookupSettings, Upstream } from './upstream.js';

/**
 * How several upstreams combine into one answer. `hedged` (default): ask the first, then also the
 * next whenever `hedgeDelayMs` passes without a definitive answer or every upstream asked so far
 * failed; the first definitive answer wins. `sequential`: the next only after the previous
 * failed. `quorum`: ask all at once; `quorum` of them must give the same answer (RCODE and
 * records), else each upstream that answered is a `disagreement` failure (several perspectives).
 */
export type DohStrategy = 'hedged' | 'sequential' | 'quorum';

/**
 * One DoH server. `https:` only (plain `http:` is allowed on loopback, for tests); anything else
 * throws a `TypeError` when the resolver is created.
 */
export interface DohUpstreamOptions {
  /** The DoH endpoint, e.g. `https://cloudflare-dns.com/dns-query`. */
  readonly url: string;
  /** Shown in answers and failures (default: the URL). */
  readonly name?: string;
  /** `wire` (RFC 8484, default) or `json` (the `application/dns-json` API). */
  readonly format?: 'wire' | 'json';
  /** GET (default) or POST, for the wire format. */
  readonly method?: 'GET' | 'POST';
}

/**
 * Options of `createDohResolver`; every one has a default. A configuration mistake (no upstream, a
 * URL that is not https, a negative timeout, a `quorum` out of range, no global `fetch`) throws a
 * `TypeError` at creation, never during a lookup.
 * @example
 * ```ts
 * const dns = createDohResolver({
 *   upstreams: [
 *     'https://dns.quad9.net/dns-query',
 *     { url: 'https://dns.google/resolve', format: 'json' },
 *   ],
 *   strategy: 'sequential',
 *   timeoutMs: 2000,
 * });
 * ```
 */
export interface DohResolverOptions {
  /** Upstreams in order of preference (default: Cloudflare, then Google). */
  readonly upstreams?: readonly (string | DohUpstreamOptions)[];
  /** How upstreams combine (default `hedged`). */
  readonly strategy?: DohStrategy;
  /** `hedged`: how long to wait for an answer before also asking the next upstream (200). */
  readonly hedgeDelayMs?: number;
  /** `quorum`: how many upstreams must agree (default: a strict majority of them). */
  readonly quorum?: number;
  /** Deadline of each HTTP request, body included (default 3000 ms). */
  readonly timeoutMs?: number;
  /** Largest response body accepted (default 65536 bytes). */
  readonly maxResponseBytes?: number;
  /** Longest CNAME chain followed (default 8). */
  readonly maxCnameHops?: number;
  /** Default method for wire-format upstreams (default GET). */
  readonly method?: 'GET' | 'POST';
  /** The fetch to use (default `globalThis.fetch`). */
  readonly fetch?: FetchLike;
}

/**
 * The upstreams used when `upstreams` is not given: Cloudflare, then Google, both in the wire
 * format.
 */
export const DEFAULT_UPSTREAMS: readonly DohUpstreamOptions[] = [
  { url: 'https://cloudflare-dns.com/dns-query' },
  { url: 'https://dns.google/dns-query' },
];

export interface ResolvedOptions {
  readonly upstreams: readonly Upstream[];
  readonly strategy: DohStrategy;
  readonly hedgeDelayMs: number;
  readonly quorum: number;
  readonly settings: LookupSettings;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function upstreamOf(entry: string | DohUpstreamOptions, method: 'GET' | 'POST'): Upstream {
  const spec = typeof entry === 'string' ? { url: entry } : entry;
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    throw new TypeError(`DoH upstream is not a URL: ${String(spec.url)}`);
  }
  // Plain HTTP would let anyone on the path forge answers; it is allowed on loopback for tests.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new TypeError(`DoH upstream must use https: ${spec.url}`);
  }
  const format = spec.format ?? 'wire';
  if (format !== 'wire' && format !== 'json') throw new TypeError(`unknown format ${format}`);
  const chosen = spec.method ?? method;
  if (chosen !== 'GET' && chosen !== 'POST') throw new TypeError(`unknown method ${chosen}`);
  return { name: spec.name ?? spec.url, url: spec.url, format, method: chosen };
}

function positive(value: number | undefined, fallback: number, what: string): number {
  const chosen = value ?? fallback;
  if (!Number.isFinite(chosen) || chosen < 0) throw new TypeError(`${what} must be >= 0`);
  return chosen;
}

/** Applies defaults and checks every option. */
export function resolveOptions(options: DohResolverOptions): ResolvedOptions {
  const method = options.method ?? 'GET';
  const upstreams = (options.upstreams ?? DEFAULT_UPSTREAMS).map((u) => upstreamOf(u, method));
  if (upstreams.length === 0) throw new TypeError('at least one DoH upstream is needed');
  const strategy = options.strategy ?? 'hedged';
  if (!['hedged', 'sequential', 'quorum'].includes(strategy)) {
    throw new TypeError(`unknown strategy ${strategy}`);
  }
  const quorum = options.quorum ?? Math.floor(upstreams.length / 2) + 1;
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > upstreams.length) {
    throw new TypeError(`quorum must be between 1 and ${upstreams.length}`);
  }
  const fetch =
    options.fetch ??
    (typeof globalThis.fetch === 'function'
      ? (input: string, init: Parameters<FetchLike>[1]) => globalThis.fetch(input, init)
      : undefined);
  if (fetch === undefined) throw new TypeError('no global fetch here: pass options.fetch');
  return {
    upstreams,
    strategy,
    hedgeDelayMs: positive(options.hedgeDelayMs, 200, 'hedgeDelayMs'),
    quorum,
    settings: {
      fetch,
      timeoutMs: positive(options.timeoutMs, 3000, 'timeoutMs'),
      maxResponseBytes: positive(options.maxResponseBytes, 65_536, 'maxResponseBytes'),
      maxCnameHops: positive(options.maxCnameHops, 8, 'maxCnameHops'),
    },
  };
}
