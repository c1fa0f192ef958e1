// An in-memory DNS zone that answers like a recursive resolver would, so tests can set records,
// latency and faults without a network. Semantics, kept deliberately small:
// - a name "exists" when it, or any name below it, holds data (so `acme.co` exists when only
//   `_x.acme.co` has a TXT record): a lookup there with no records of the type is NODATA
//   (NOERROR, no records); a name with nothing at or below it is NXDOMAIN;
// - a CNAME at a name answers every type there; the chain is followed (up to 8 hops, loops and
//   longer chains fail as `servfail`, which is what a recursive resolver would say); a chain
//   ending at a missing name is NXDOMAIN with the chain reported (RFC 6604);
// - names are case-insensitive and a trailing dot is ignored, both when set and when asked.
import type {
  DnsAnswer,
  DnsLookupFailureKind,
  DnsResolver,
  DnsResult,
  TxtRecord,
} from '@apexproof/core';

/** A TXT record as tests write it: one string, or the record's character-strings in order. */
export type TxtInput = string | readonly string[];

/** Options of `createMemoryDns`; both can also be changed later on the zone. */
export interface MemoryDnsOptions {
  /** Delay before every answer, in milliseconds (default 0: answer on the next tick). */
  readonly latencyMs?: number;
  /** The AD bit reported with every answer (default false). */
  readonly authenticated?: boolean;
}

/**
 * An in-memory zone that answers as a recursive resolver would (`createMemoryDns`): tests set
 * records and faults directly. A name exists when it or a name below it holds data (else NXDOMAIN);
 * CNAME chains are followed up to 8 hops; names are case-insensitive, a final dot is ignored. It
 * never caches, and every answer names the resolver `memory`.
 * @example
 * ```ts
 * const dns = createMemoryDns();
 * dns.setTxt('_apexproof-verification.acme.co', ['apexproof-verification=abc']);
 * dns.fail('acme.co', 'servfail'); // lookups of acme.co fail until dns.heal('acme.co')
 * ```
 */
export interface MemoryDns extends DnsResolver {
  /** Replaces the TXT record set at `name`; an empty list removes it. */
  setTxt(name: string, records: readonly TxtInput[]): void;
  /** Places a CNAME at `name` (replacing any data there: a CNAME stands alone). */
  setCname(name: string, target: string): void;
  /** Replaces the NS host set at `name`; an empty list removes it. */
  setNs(name: string, hosts: readonly string[]): void;
  /** Removes every record at `name` and clears a fault set with `fail`. */
  remove(name: string): void;
  /** Makes every later lookup touching `name` fail with `kind` until `heal` or `remove`. */
  fail(name: string, kind: DnsLookupFailureKind): void;
  /** Clears a fault set with `fail`, keeping the records. */
  heal(name: string): void;
  /** Delay before every answer, in milliseconds. */
  latencyMs: number;
  /** The AD bit reported with every answer. */
  authenticated: boolean;
}

const RESOLVER = 'memory';
const MAX_CNAME_HOPS = 8;
const MAX_STRING_OCTETS = 255;

interface Node {
  txt?: TxtRecord[];
  cname?: string;
  ns?: string[];
}

/** Lowercase, without the trailing dot: the one spelling the zone stores and compares. */
function canonical(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function toRecord(input: TxtInput): TxtRecord {
  const parts = typeof input === 'string' ? [input] : [...input];
  const encoder = new TextEncoder();
  for (const part of parts) {
    // A character-string carries at most 255 octets; a test that sets more has a bug.
    if (encoder.encode(part).length > MAX_STRING_OCTETS) {
      throw new RangeError('a TXT character-string holds at most 255 octets; split the value');
    }
  }
  return Object.freeze(parts);
}

/** Creates an empty zone. */
export function createMemoryDns(options: MemoryDnsOptions = {}): MemoryDns {
  const nodes = new Map<string, Node>();
  const faults = new Map<string, DnsLookupFailureKind>();

  const edit = (name: string, change: (node: Node) => void): void => {
    const key = canonical(name);
    const node = { ...(nodes.get(key) ?? {}) };
    change(node);
    if (node.txt === undefined && node.cname === undefined && node.ns === undefined) {
      nodes.delete(key);
    } else {
      nodes.set(key, node);
    }
  };

  /** True when `name` or a name below it holds data. */
  const exists = (name: string): boolean => {
    if (nodes.has(name)) return true;
    const suffix = `.${name}`;
    for (const key of nodes.keys()) if (key.endsWith(suffix)) return true;
    return false;
  };

  function resolve<R>(question: string, pick: (node: Node) => readonly R[] | undefined) {
    const chain: string[] = [];
    let current = canonical(question);
    for (;;) {
      const fault = faults.get(current);
      if (fault !== undefined) {
        return failure<R>(fault, `fault injected at ${current}`);
      }
      const node = nodes.get(current);
      if (node?.cname !== undefined) {
        const target = node.cname;
        if (target === canonical(question) || chain.includes(target)) {
          return failure<R>('servfail', `CNAME loop at ${current}`);
        }
        if (chain.length >= MAX_CNAME_HOPS) {
          return failure<R>('servfail', `CNAME chain longer than ${MAX_CNAME_HOPS}`);
        }
        chain.push(target);
        current = target;
        continue;
      }
      const rcode = exists(current) ? 'NOERROR' : 'NXDOMAIN';
      const records = rcode === 'NOERROR' ? [...(node ? (pick(node) ?? []) : [])] : [];
      const answer: DnsAnswer<R> = {
        rcode,
        records,
        cnameChain: chain,
        authenticated: zone.authenticated,
        resolvers: [RESOLVER],
      };
      return { ok: true as const, answer };
    }
  }

  function failure<R>(kind: DnsLookupFailureKind, detail: string): DnsResult<R> {
    return { ok: false, failures: [{ kind, resolver: RESOLVER, detail }] };
  }

  /** Answers after the configured latency; a snapshot is taken when the answer is sent. */
  function later<R>(compute: () => DnsResult<R>): Promise<DnsResult<R>> {
    return new Promise((done) => {
      setTimeout(
        () => {
          try {
            done(compute());
          } catch (error) {
            done(failure<R>('network', String(error)));
          }
        },
        Math.max(0, zone.latencyMs),
      );
    });
  }

  const zone: MemoryDns = {
    latencyMs: options.latencyMs ?? 0,
    authenticated: options.authenticated ?? false,
    txt: (name) => later(() => resolve(name, (node) => node.txt)),
    ns: (name) => later(() => resolve(name, (node) => node.ns)),
    setTxt(name, records) {
      const set = records.map(toRecord);
      edit(name, (node) => {
        node.txt = set.length > 0 ? set : undefined;
        if (set.length > 0) node.cname = undefined;
      });
    },
    setCname(name, target) {
      nodes.set(canonical(name), { cname: canonical(target) });
    },
    setNs(name, hosts) {
      const set = hosts.map(canonical);
      edit(name, (node) => {
        node.ns = set.length > 0 ? set : undefined;
        if (set.length > 0) node.cname = undefined;
      });
    },
    remove(name) {
      nodes.delete(canonical(name));
      faults.delete(canonical(name));
    },
    fail(name, kind) {
      faults.set(canonical(name), kind);
    },
    heal(name) {
      faults.delete(canonical(name));
    },
  };
  return zone;
}
