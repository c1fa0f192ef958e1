// Finding the zone that holds a name: from the closest cached zone cut (or the roots), ask the
// zone's servers one after the other until one answers with authority or refers us deeper.
// Servers named without glue are resolved through the same walk.
import { randomInt } from 'node:crypto';
import type { DnsLookupFailure } from '@apexproof/core';
import type { NameServer, ZoneCut, ZoneCutCache } from './cache.js';
import { encodeQuery, fail, type QueryType, type Reply, type Step } from './message.js';
import { canonical } from './names.js';
import type { Settings } from './options.js';
import { classify } from './referral.js';
import { exchange } from './transport.js';

/** Deepest nesting of glueless NS and CNAME resolutions before we give up (loops). */
export const MAX_DEPTH = 6;
const MAX_REFERRALS = 16;

export interface Walker {
  readonly settings: Settings;
  readonly cache: ZoneCutCache;
  readonly addresses: ZoneCutCache;
  /**
   * Queries one lookup may still send. Glueless name servers nest walks inside walks; a hostile
   * zone naming many of them could otherwise make one lookup send thousands of queries.
   */
  readonly budget: { left: number };
}

/** One server's reply (or failure), named as reported: `ns1.acme.co (192.0.2.1)`. */
export interface Asked {
  readonly label: string;
  readonly step: Step<Reply>;
}

const labelOf = (server: NameServer, address: string | undefined) =>
  address === undefined || server.name === address ? server.name : `${server.name} (${address})`;

/** Asks one server, trying its addresses in order while they stay silent or unreachable. */
export async function askServer(
  w: Walker,
  zone: string,
  server: NameServer,
  name: string,
  type: QueryType,
  depth: number,
): Promise<Asked> {
  let addresses = server.addresses;
  if (addresses.length === 0) {
    const found = await addressesOf(w, server.name, depth + 1);
    if (!found.ok) return { label: server.name, step: found };
    addresses = found.value;
  }
  let last: Asked = { label: server.name, step: fail('network', 'no address') };
  for (const address of addresses) {
    if (w.budget.left <= 0) {
      const detail = `No nameservers available for query: more than ${w.settings.maxQueries} queries needed`;
      return { label: labelOf(server, address), step: fail('servfail', detail) };
    }
    w.budget.left--;
    const id = randomInt(0, 65_536);
    const query = encodeQuery(id, name, type, w.settings.udpPayloadSize);
    w.settings.onQuery({ zone, server: server.name, address, name, type });
    const { port, timeoutMs, attempts } = w.settings;
    const step = await exchange({ address, port, id, name, type, query, timeoutMs }, attempts);
    last = { label: labelOf(server, address), step };
    if (step.ok || (step.kind !== 'timeout' && step.kind !== 'network')) return last;
  }
  return last;
}

/** A walk's result: a value, or the failures of every server that was asked. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failures: readonly DnsLookupFailure[] };

const failed = (kind: DnsLookupFailure['kind'], detail: string): Outcome<never> => ({
  ok: false,
  failures: [{ kind, resolver: 'authoritative', detail }],
});

export interface Located {
  /** `answer`: the cut's servers answer for the name; `delegation`: it is a cut below them. */
  readonly mode: 'answer' | 'delegation';
  readonly cut: ZoneCut;
  /** What the servers of the cut already said during the walk, reused rather than asked again. */
  readonly asked: ReadonlyMap<NameServer, Asked>;
}

const rootCut = (roots: readonly string[]): ZoneCut => ({
  zone: '',
  servers: roots.map((address) => ({ name: address, addresses: [address] })),
  ttl: 0,
});

const parentOf = (name: string) => (name.includes('.') ? name.slice(name.indexOf('.') + 1) : '');

/** Walks down to the zone that answers for `name`, or, for NS at a zone cut, to its parent. */
export async function locate(
  w: Walker,
  name: string,
  type: QueryType,
  depth: number,
): Promise<Outcome<Located>> {
  if (depth > MAX_DEPTH) return failed('servfail', `resolution nested deeper than ${MAX_DEPTH}`);
  // NS at a cut is the parent's to state, so the walk for NS starts above the name.
  const start = type === 'NS' ? parentOf(name) : name;
  let cut = (start === '' ? undefined : w.cache.closest(start)) ?? rootCut(w.settings.roots);
  for (let hop = 0; hop < MAX_REFERRALS; hop++) {
    const asked = new Map<NameServer, Asked>();
    const failures: DnsLookupFailure[] = [];
    let next: ZoneCut | undefined;
    for (const server of cut.servers) {
      const answer = await askServer(w, cut.zone, server, name, type, depth);
      asked.set(server, answer);
      const { label, step } = answer;
      if (!step.ok) {
        failures.push({ kind: step.kind, resolver: label, detail: step.detail });
        continue;
      }
      const c = classify(step.value, cut.zone, name);
      if (c.kind === 'answer') return { ok: true, value: { mode: 'answer', cut, asked } };
      if (c.kind === 'lame') {
        failures.push({ kind: c.failure.kind, resolver: label, detail: c.failure.detail });
        continue;
      }
      w.cache.set(c.cut);
      if (type === 'NS' && c.cut.zone === name)
        return { ok: true, value: { mode: 'delegation', cut, asked } };
      next = c.cut;
      break;
    }
    if (next === undefined) return { ok: false, failures };
    cut = next;
  }
  return failed('servfail', `more than ${MAX_REFERRALS} referrals for ${name}`);
}

/** The addresses of a name server named without glue: A records through the same walk. */
async function addressesOf(w: Walker, host: string, depth: number): Promise<Step<string[]>> {
  const cached = w.addresses.get(host);
  if (cached !== undefined) return { ok: true, value: [...(cached.servers[0]?.addresses ?? [])] };
  const located = await locate(w, host, 'A', depth);
  const unavailable = `No nameservers available for query: no address for ${host}`;
  if (!located.ok) {
    const cause = located.failures[0]?.detail ?? 'no server';
    return fail(located.failures[0]?.kind ?? 'servfail', `${unavailable} (${cause})`);
  }
  for (const { step } of located.value.asked.values()) {
    if (!step.ok || !step.value.authoritative) continue;
    const records = step.value.answers.filter((r) => r.type === 'A' && r.name === canonical(host));
    if (records.length === 0) break;
    const addresses = records.map((r) => r.data as string);
    const ttl = Math.min(...records.map((r) => r.ttl));
    w.addresses.set({ zone: host, servers: [{ name: host, addresses }], ttl });
    return { ok: true, value: addresses };
  }
  return fail('servfail', unavailable);
}
