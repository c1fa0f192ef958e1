// DNS answers as the core relies on them. A host's resolver is outside our control: a rejected
// promise or an answer that breaks the DnsResolver contract becomes a lookup failure here, once.
import { type ApexproofError, apexError } from '../errors.js';
import { conformingViews, DNS_FAILURE_KINDS } from '../perspectives/views.js';
import type { DnsLookupFailure, DnsResult, TxtRecord } from '../ports/dns.js';
import type { Context } from './context.js';
import { describeThrown } from './guards.js';

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringList = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every(isString);
/** A TXT record is its character-strings; an NS record is one host name. */
export const isTxtRecord = (v: unknown): v is TxtRecord => isStringList(v);
export const isNsRecord = (v: unknown): v is string => isString(v);

const malformed = (detail: string): DnsResult<never> => ({
  ok: false,
  failures: [{ kind: 'malformed', resolver: 'unknown', detail }],
});

/**
 * A resolver's answer as the core relies on it. A host's resolver is outside our control: an
 * answer that breaks the DnsResolver contract is a `malformed` lookup failure (counts for
 * nothing), never a crash and never a miss.
 */
function conforming<R>(value: unknown, isRecord: (r: unknown) => r is R): DnsResult<R> {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) return malformed('the resolver answered no object');
  if (v.ok === false) {
    const failures = v.failures;
    const valid =
      Array.isArray(failures) &&
      failures.length > 0 &&
      failures.every(
        (f) =>
          typeof f === 'object' &&
          f !== null &&
          DNS_FAILURE_KINDS.includes(f.kind) &&
          isString(f.resolver) &&
          isString(f.detail),
      );
    const views = conformingViews(v.views, isRecord);
    return valid
      ? { ok: false, failures: failures as DnsLookupFailure[], ...(views && { views }) }
      : malformed('the resolver reported a failure in an unknown shape');
  }
  const a = v.answer as Record<string, unknown> | null;
  if (
    v.ok !== true ||
    typeof a !== 'object' ||
    a === null ||
    (a.rcode !== 'NOERROR' && a.rcode !== 'NXDOMAIN') ||
    !Array.isArray(a.records) ||
    !a.records.every(isRecord) ||
    !isStringList(a.cnameChain) ||
    typeof a.authenticated !== 'boolean' ||
    !isStringList(a.resolvers)
  )
    return malformed('the resolver answer does not conform to DnsResolver');
  const views = conformingViews(a.views, isRecord);
  return {
    ok: true,
    answer: {
      rcode: a.rcode,
      records: [...a.records],
      cnameChain: [...a.cnameChain],
      authenticated: a.authenticated,
      resolvers: [...a.resolvers],
      ...(views && { views }),
    },
  };
}

/** A DNS lookup; a rejection is a `network` failure and a non-conforming answer `malformed`. */
async function lookup<R>(
  query: () => Promise<unknown>,
  isRecord: (r: unknown) => r is R,
): Promise<DnsResult<R>> {
  let value: unknown;
  try {
    value = await query();
  } catch (e) {
    return {
      ok: false,
      failures: [{ kind: 'network', resolver: 'unknown', detail: describeThrown(e) }],
    };
  }
  return conforming(value, isRecord);
}

export const lookupTxt = (ctx: Pick<Context, 'dns'>, name: string): Promise<DnsResult<TxtRecord>> =>
  lookup(() => ctx.dns.txt(name), isTxtRecord);

export const lookupNs = (ctx: Context, name: string): Promise<DnsResult<string>> =>
  lookup(() => ctx.dns.ns(name), isNsRecord);

export function lookupFailed(
  name: string,
  result: Extract<DnsResult<unknown>, { ok: false }>,
): ApexproofError<'DNS_LOOKUP_FAILED'> {
  return apexError('DNS_LOOKUP_FAILED', {
    name,
    failures: result.failures.map((f) => ({
      kind: f.kind,
      resolver: f.resolver,
      detail: f.detail,
    })),
  });
}
