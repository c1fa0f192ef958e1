// The last step of a lookup: every authoritative server of the zone is asked (those already
// asked during the walk are not asked twice), each reply becomes that server's own view, a
// CNAME chain that leaves the zone is followed with a new lookup, and the views are combined
// by the core's rule for `all` or `any`.
import { combineResults, type DnsResult, type NamedResult } from '@apexproof/core';
import type { NameServer } from './cache.js';
import { fail, type QueryType, type Reply, type Step } from './message.js';
import { zoneLabel } from './names.js';
import { classify, delegationOf, rcodeFailure } from './referral.js';
import { type Asked, askServer, type Located, MAX_DEPTH, type Walker } from './walk.js';

/** One server's view before a chain that leaves its zone is followed. */
interface Seen {
  readonly rcode: 'NOERROR' | 'NXDOMAIN';
  readonly records: unknown[];
  readonly chain: string[];
  /** Set when the chain ends at a name this reply says nothing about. */
  readonly next?: string;
}

/** Follows the CNAME chain from `name` through the answer section of one reply. */
function walkAnswer(reply: Reply, name: string, type: QueryType, maxHops: number): Step<Seen> {
  const rcode = reply.rcode === 3 ? 'NXDOMAIN' : 'NOERROR';
  const chain: string[] = [];
  let current = name;
  for (;;) {
    const here = reply.answers.filter((r) => r.name === current);
    const records = here.filter((r) => r.type === type).map((r) => r.data);
    const cnames = here.filter((r) => r.type === 'CNAME');
    if (records.length > 0 || cnames.length === 0) {
      // A chain to a name the reply holds nothing for may leave the zone: ask for it there.
      const leaves = chain.length > 0 && records.length === 0 && rcode === 'NOERROR';
      return { ok: true, value: { rcode, records, chain, ...(leaves && { next: current }) } };
    }
    if (cnames.length > 1) return fail('malformed', `several CNAME records at ${current}`);
    const target = cnames[0]?.data as string;
    if (target === name || chain.includes(target))
      return fail('servfail', `CNAME loop at ${current} -> ${target}`);
    if (chain.length >= maxHops) return fail('servfail', `CNAME chain longer than ${maxHops}`);
    chain.push(target);
    current = target;
  }
}

/** One server's reply as its view: authority required, lame servers named as such. */
function viewOf(
  located: Located,
  asked: Asked,
  name: string,
  type: QueryType,
  maxHops: number,
): Step<Seen> {
  const { step } = asked;
  if (!step.ok) return step;
  const zone = located.cut.zone;
  if (located.mode === 'delegation') {
    const ns = delegationOf(step.value, name);
    if (ns !== undefined) return { ok: true, value: { rcode: 'NOERROR', records: ns, chain: [] } };
    if (step.value.rcode !== 0 && step.value.rcode !== 3) return rcodeFailure(step.value, zone);
    return fail(
      'refused',
      `No nameservers available for query: no delegation of ${name} (lame server for ${zoneLabel(zone)})`,
    );
  }
  const c = classify(step.value, zone, name);
  if (c.kind === 'lame') return c.failure;
  if (c.kind === 'referral')
    return fail(
      'refused',
      `No nameservers available for query: referral to ${c.cut.zone} (lame server for ${zoneLabel(zone)})`,
    );
  return walkAnswer(step.value, name, type, maxHops);
}

const asResult = <R>(label: string, step: Step<Seen>): DnsResult<R> =>
  step.ok
    ? {
        ok: true,
        answer: {
          rcode: step.value.rcode,
          records: step.value.records as R[],
          cnameChain: step.value.chain,
          authenticated: false,
          resolvers: [label],
        },
      }
    : { ok: false, failures: [{ kind: step.kind, resolver: label, detail: step.detail }] };

export type Resolve = <R>(name: string, type: QueryType, depth: number) => Promise<DnsResult<R>>;

/** Asks every server of the located zone and combines their views. */
export async function gather<R>(
  w: Walker,
  located: Located,
  name: string,
  type: QueryType,
  depth: number,
  resolve: Resolve,
): Promise<DnsResult<R>> {
  const { servers, zone } = located.cut;
  const ask = (server: NameServer) =>
    located.asked.get(server) ?? askServer(w, zone, server, name, type, depth);
  const asked = await Promise.all(servers.map(ask));
  const seen = asked.map((a) => viewOf(located, a, name, type, w.settings.maxCnameHops));
  // Chains leaving the zone: one lookup per distinct target, shared by the servers naming it.
  const targets = new Map<string, Promise<DnsResult<R>>>();
  for (const s of seen)
    if (s.ok && s.value.next !== undefined && !targets.has(s.value.next))
      targets.set(
        s.value.next,
        depth >= MAX_DEPTH
          ? Promise.resolve(asResult<R>(zoneLabel(zone), fail('servfail', 'CNAME chain too deep')))
          : resolve<R>(s.value.next, type, depth + 1),
      );
  const parts: NamedResult<R>[] = await Promise.all(
    seen.map(async (s, i) => {
      const label = (asked[i] as Asked).label;
      if (!s.ok || s.value.next === undefined)
        return { name: label, result: asResult<R>(label, s) };
      const rest = await (targets.get(s.value.next) as Promise<DnsResult<R>>);
      if (!rest.ok) return { name: label, result: rest };
      const { rcode, records, cnameChain } = rest.answer;
      const chain = [...s.value.chain, ...cnameChain];
      if (chain.length > w.settings.maxCnameHops)
        return {
          name: label,
          result: asResult<R>(label, fail('servfail', 'CNAME chain too long')),
        };
      const value: Seen = { rcode, records: [...records], chain };
      return {
        name: label,
        result: asResult<R>(`${label} via ${rest.answer.resolvers.join(', ')}`, {
          ok: true,
          value,
        }),
      };
    }),
  );
  return combineResults(parts, { require: w.settings.require });
}
