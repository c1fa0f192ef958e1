// The answer section reduced to what a lookup needs, whichever format it came in, and the
// CNAME walk over it (RFC 1034 §3.6.2: a resolver follows the chain from the question name).
import type { DnsLookupFailureKind, TxtRecord } from '@apexproof/core';

export type QueryType = 'TXT' | 'NS';

/** One resource record of the answer section, class IN, names canonical. */
export type AnswerRecord =
  | { readonly name: string; readonly type: 'TXT'; readonly data: TxtRecord }
  | { readonly name: string; readonly type: 'NS' | 'CNAME'; readonly data: string }
  | { readonly name: string; readonly type: 'OTHER' };

/** A response that passed every check: its RCODE is NOERROR (0) or NXDOMAIN (3). */
export interface DefinitiveResponse {
  readonly rcode: 'NOERROR' | 'NXDOMAIN';
  readonly authenticated: boolean;
  readonly records: readonly AnswerRecord[];
}

/** A step that either produced a value or a lookup failure (without the resolver, added later). */
export type Step<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly kind: DnsLookupFailureKind; readonly detail: string };

export const fail = (kind: DnsLookupFailureKind, detail: string) =>
  ({ ok: false, kind, detail }) as const;

/** Maps an RCODE (with its EDNS extension) to a definitive rcode or a failure. */
export function rcodeStep(rcode: number): Step<'NOERROR' | 'NXDOMAIN'> {
  if (rcode === 0) return { ok: true, value: 'NOERROR' };
  if (rcode === 3) return { ok: true, value: 'NXDOMAIN' };
  if (rcode === 2) return fail('servfail', 'RCODE SERVFAIL');
  if (rcode === 5) return fail('refused', 'RCODE REFUSED');
  // FORMERR, NOTIMP, YXDOMAIN, BADVERS and the rest: the server did not answer the question.
  const names: Record<number, string> = { 1: 'FORMERR', 4: 'NOTIMP', 6: 'YXDOMAIN', 16: 'BADVERS' };
  return fail('servfail', `RCODE ${names[rcode] ?? rcode}`);
}

export type Walk<R> =
  /** The walk ended in this response: records of the final name (maybe none). */
  | { readonly ended: true; readonly records: R[]; readonly chain: string[] }
  /** The chain leaves the response: the final target must be asked for separately. */
  | { readonly ended: false; readonly chain: string[]; readonly next: string };

/**
 * Walks the answer section from `start`. `chain` holds the targets already followed (by
 * earlier responses); `seen` guards against loops across responses too.
 */
export function walkChain<R>(
  response: DefinitiveResponse,
  start: string,
  type: QueryType,
  chainSoFar: readonly string[],
  seen: ReadonlySet<string>,
  maxHops: number,
): Step<Walk<R>> {
  const chain = [...chainSoFar];
  const visited = new Set(seen);
  visited.add(start);
  let current = start;
  for (;;) {
    const here = response.records.filter((r) => r.name === current);
    const records = here.filter((r) => r.type === type);
    const cnames = here.filter((r) => r.type === 'CNAME');
    if (records.length > 0 || cnames.length === 0) {
      const data = records.map((r) => ('data' in r ? r.data : undefined)) as R[];
      const followedHere = chain.length > chainSoFar.length;
      // NOERROR without records after a CNAME may mean the server did not chase the target
      // (unbound does not for its local data): the target is then asked for separately.
      if (records.length === 0 && followedHere && response.rcode === 'NOERROR') {
        return { ok: true, value: { ended: false, chain, next: current } };
      }
      return { ok: true, value: { ended: true, records: data, chain } };
    }
    if (cnames.length > 1) return fail('malformed', `several CNAME records at ${current}`);
    const target = (cnames[0] as { data: string }).data;
    if (visited.has(target)) return fail('servfail', `CNAME loop at ${current} -> ${target}`);
    if (chain.length >= maxHops) return fail('servfail', `CNAME chain longer than ${maxHops}`);
    chain.push(target);
    visited.add(target);
    current = target;
  }
}
