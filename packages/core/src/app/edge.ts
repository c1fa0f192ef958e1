// The core's edge: port answers become catalog errors here, once. Use cases never see a
// rejected promise from a port or a raw TxResult.
import { err, ok, type Result, ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import { conformingViews, DNS_FAILURE_KINDS } from '../perspectives/views.js';
import type { DnsAnswer, DnsLookupFailure, DnsResult, TxtRecord } from '../ports/dns.js';
import type { StorageTx } from '../ports/storage.js';
import type { Context } from './context.js';
import { describeThrown } from './input.js';

/** Carries a business refusal out of a transaction so the storage rolls it back. */
class Abort {
  constructor(readonly error: ApexproofError) {}
}

/** Conflicts (a concurrent writer won a unique index or a CAS) are retried this many times. */
const CONFLICT_RETRIES = 8;

const describe = describeThrown;

/**
 * Runs `fn` in one storage transaction. An `Err` from `fn` rolls the transaction back and is
 * returned as is; a storage conflict reruns `fn` from the start (it must be re-entrant).
 */
export function inTransaction<T>(
  ctx: Context,
  fn: (tx: StorageTx) => Promise<Result<T, ApexproofError>>,
): ResultAsync<T, ApexproofError> {
  const attempt = async (): Promise<Result<T, ApexproofError>> => {
    let detail = '';
    for (let i = 0; i <= CONFLICT_RETRIES; i++) {
      let outcome: Awaited<ReturnType<typeof ctx.storage.transaction<T>>>;
      try {
        outcome = await ctx.storage.transaction(async (tx) => {
          const result = await fn(tx);
          if (result.isErr()) throw new Abort(result.error);
          return result.value;
        });
      } catch (e) {
        if (e instanceof Abort) return err(e.error);
        return err(apexError('STORAGE_UNAVAILABLE', { detail: describe(e) }));
      }
      if (outcome.ok) return ok(outcome.value);
      if (outcome.reason === 'unavailable')
        return err(apexError('STORAGE_UNAVAILABLE', { detail: outcome.detail }));
      detail = outcome.detail;
    }
    return err(apexError('STORAGE_UNAVAILABLE', { detail: `conflict persisted: ${detail}` }));
  };
  return new ResultAsync(attempt());
}

/** A directory call; a rejection becomes DIRECTORY_UNAVAILABLE. */
export function ask<T>(promise: () => Promise<T>): ResultAsync<T, ApexproofError> {
  return ResultAsync.fromPromise(Promise.resolve().then(promise), (e) =>
    apexError('DIRECTORY_UNAVAILABLE', { detail: describe(e) }),
  );
}

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
    return { ok: false, failures: [{ kind: 'network', resolver: 'unknown', detail: describe(e) }] };
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

export type { DnsAnswer };
