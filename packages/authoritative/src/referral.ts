// What one server's reply means for the walk: an authoritative answer, a referral to a deeper
// zone (a new zone cut, with the glue the referring zone may vouch for), or a lame server.
import type { NameServer, ZoneCut } from './cache.js';
import { fail, type Reply, type Rr, rcodeName, type Step } from './message.js';
import { isAtOrBelow, zoneLabel } from './names.js';

export type Classified =
  | { readonly kind: 'answer' }
  | { readonly kind: 'referral'; readonly cut: ZoneCut }
  | { readonly kind: 'lame'; readonly failure: Extract<Step<never>, { ok: false }> };

/** REFUSED, SERVFAIL and other RCODEs: the server did not answer the question. */
export function rcodeFailure(reply: Reply, zone: string): Extract<Step<never>, { ok: false }> {
  // "No nameservers available for query" is ScaiDNS's wording for a zone nobody answers for.
  const lame = `lame server for ${zoneLabel(zone)}`;
  return reply.rcode === 5
    ? fail('refused', `No nameservers available for query: REFUSED (${lame})`)
    : fail('servfail', `No nameservers available for query: ${rcodeName(reply.rcode)}`);
}

/** Addresses of `host` from the additional section, IPv4 first, with their smallest TTL. */
function glueOf(reply: Reply, host: string): { addresses: string[]; ttl: number } {
  const of = (type: string) => reply.additionals.filter((r) => r.name === host && r.type === type);
  const records = [...of('A'), ...of('AAAA')];
  return {
    addresses: records.map((r) => r.data as string),
    ttl: Math.min(Infinity, ...records.map((r) => r.ttl)),
  };
}

/** The zone cut a referral announces, when the reply is one for `name` from `zone`. */
function referralOf(reply: Reply, zone: string, name: string): ZoneCut | undefined {
  const ns = reply.authorities.filter((r): r is Rr & { data: string } => r.type === 'NS');
  const owner = ns[0]?.name;
  if (owner === undefined || reply.rcode !== 0 || reply.answers.length > 0) return undefined;
  if (!ns.every((r) => r.name === owner) || owner === zone) return undefined;
  if (!isAtOrBelow(owner, zone) || !isAtOrBelow(name, owner)) return undefined;
  let ttl = Math.min(...ns.map((r) => r.ttl));
  const servers: NameServer[] = [...new Set(ns.map((r) => r.data))].map((host) => {
    // Glue counts only for names inside the referring zone (its bailiwick): a server may not
    // vouch for the addresses of names it is not responsible for.
    if (!isAtOrBelow(host, zone)) return { name: host, addresses: [] };
    const glue = glueOf(reply, host);
    if (glue.addresses.length > 0) ttl = Math.min(ttl, glue.ttl);
    return { name: host, addresses: glue.addresses };
  });
  return { zone: owner, servers, ttl };
}

/** Classifies a reply from a server of `zone` to the question `name`. */
export function classify(reply: Reply, zone: string, name: string): Classified {
  if (reply.rcode !== 0 && reply.rcode !== 3)
    return { kind: 'lame', failure: rcodeFailure(reply, zone) };
  if (reply.authoritative) return { kind: 'answer' };
  const cut = referralOf(reply, zone, name);
  if (cut !== undefined) return { kind: 'referral', cut };
  const detail = `No nameservers available for query: no authoritative answer (lame server for ${zoneLabel(zone)})`;
  return { kind: 'lame', failure: fail('refused', detail) };
}

/** The NS set of a delegation as the parent's server states it (referral or its own answer). */
export function delegationOf(reply: Reply, name: string): string[] | undefined {
  if (reply.rcode !== 0) return undefined;
  const section = reply.authoritative ? reply.answers : reply.authorities;
  const ns = section.filter((r) => r.type === 'NS' && r.name === name).map((r) => r.data as string);
  return ns.length > 0 ? [...new Set(ns)] : undefined;
}
