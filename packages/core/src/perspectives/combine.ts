// Several views of one question, one result (DESIGN §11): the authoritative servers of a zone,
// or whole perspectives (DoH and authoritative). The rule is written once, here, and both the
// authoritative adapter and `combineResolvers` use it. Whatever the policy, a view that could
// not be had makes the result a lookup failure: a miss declared on the word of the views that
// happened to answer could count against a user for our own outage.
import type {
  DnsAnswer,
  DnsLookupFailure,
  DnsRcode,
  DnsResolver,
  DnsResult,
  DnsView,
  TxtRecord,
} from '../ports/dns.js';

/**
 * `all`: a record counts only when every view returns it (cert-manager, lego). `any`: a record
 * counts when at least one view returns it.
 */
export type PerspectiveRequirement = 'all' | 'any';

export interface CombineOptions {
  /** Default `all`. */
  readonly require?: PerspectiveRequirement;
}

/** One part to combine: its name (shown when it has no views of its own) and its result. */
export interface NamedResult<R> {
  readonly name: string;
  readonly result: DnsResult<R>;
}

const keyOf = (record: unknown): string => JSON.stringify(record);

/** The leaf views of a part: its own when it was combined already, else one for itself. */
export function viewsOf<R>(part: NamedResult<R>): DnsView<R>[] {
  const { name, result } = part;
  const own = result.ok ? result.answer.views : result.views;
  if (own !== undefined && own.length > 0) return [...own];
  if (result.ok) {
    const { rcode, records, cnameChain, resolvers } = result.answer;
    const resolver = resolvers.length > 0 ? resolvers.join(', ') : name;
    return [{ resolver, ok: true, rcode, records, cnameChain }];
  }
  return result.failures.map((f) => ({
    resolver: f.resolver,
    ok: false,
    kind: f.kind,
    detail: f.detail,
  }));
}

/** Records every answer holds (`all`) or any answer holds (`any`), deduplicated, in order. */
function recordsBy<R>(answers: readonly DnsAnswer<R>[], require: PerspectiveRequirement): R[] {
  const seen = new Map<string, R>();
  for (const answer of answers) for (const r of answer.records) seen.set(keyOf(r), r);
  if (require === 'any') return [...seen.values()];
  const everywhere = answers.map((a) => new Set(a.records.map(keyOf)));
  return [...seen.entries()].filter(([k]) => everywhere.every((s) => s.has(k))).map(([, r]) => r);
}

/**
 * Combines parts under a policy. Every part must have answered; then the RCODE is NXDOMAIN
 * only when every part said so, the records follow `require`, the CNAME chain is the first
 * part's, `authenticated` holds when it holds for every part, and `views` lists every leaf.
 */
export function combineResults<R>(
  parts: readonly NamedResult<R>[],
  options: CombineOptions = {},
): DnsResult<R> {
  const require = options.require ?? 'all';
  const views = parts.flatMap(viewsOf);
  if (parts.length === 0) {
    const failure = { kind: 'network', resolver: 'none', detail: 'nothing to ask' } as const;
    return { ok: false, failures: [failure], views };
  }
  const failures: DnsLookupFailure[] = parts.flatMap(({ result }) =>
    result.ok ? [] : result.failures,
  );
  if (failures.length > 0) return { ok: false, failures, views };
  const answers = parts.map(({ result }) => (result as { answer: DnsAnswer<R> }).answer);
  const rcode: DnsRcode = answers.every((a) => a.rcode === 'NXDOMAIN') ? 'NXDOMAIN' : 'NOERROR';
  const first = answers[0] as DnsAnswer<R>;
  const answer: DnsAnswer<R> = {
    rcode,
    records: rcode === 'NXDOMAIN' ? [] : recordsBy(answers, require),
    cnameChain: [...first.cnameChain],
    authenticated: answers.every((a) => a.authenticated),
    resolvers: [...new Set(answers.flatMap((a) => a.resolvers))],
    views,
  };
  return { ok: true, answer };
}

/** A perspective's result; a rejection or a throw becomes a `network` failure of that part. */
async function settle<R>(
  resolver: DnsResolver,
  index: number,
  ask: (r: DnsResolver) => Promise<DnsResult<R>>,
): Promise<NamedResult<R>> {
  const name = `perspective ${index + 1}`;
  try {
    const result = await ask(resolver);
    if (typeof result === 'object' && result !== null && typeof result.ok === 'boolean')
      return { name, result };
    const detail = 'the resolver answered no result';
    return {
      name,
      result: { ok: false, failures: [{ kind: 'malformed', resolver: name, detail }] },
    };
  } catch (error) {
    const detail = `unexpected error: ${String(error)}`;
    return { name, result: { ok: false, failures: [{ kind: 'network', resolver: name, detail }] } };
  }
}

/**
 * A DnsResolver asking several perspectives at once (e.g. DoH and authoritative). With the
 * default `require: 'all'` a proof counts only when every perspective sees it; any perspective
 * failing makes the lookup a failure (no strike, no miss). The answer carries every view.
 */
export function combineResolvers(
  perspectives: readonly DnsResolver[],
  options: CombineOptions = {},
): DnsResolver {
  if (perspectives.length === 0) throw new TypeError('combineResolvers needs a perspective');
  if (options.require !== undefined && !['all', 'any'].includes(options.require))
    throw new TypeError(`require must be 'all' or 'any', not ${String(options.require)}`);
  const lookup = async <R>(ask: (r: DnsResolver) => Promise<DnsResult<R>>) =>
    combineResults(await Promise.all(perspectives.map((p, i) => settle(p, i, ask))), options);
  return {
    txt: (name) => lookup<TxtRecord>((r) => r.txt(name)),
    ns: (name) => lookup<string>((r) => r.ns(name)),
  };
}
