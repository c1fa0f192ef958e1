// The core's edge: port answers become catalog errors here, once. Use cases never see a
// rejected promise from a port or a raw TxResult.
import { err, ok, type Result, ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import type { DnsAnswer, DnsResult } from '../ports/dns.js';
import type { StorageTx } from '../ports/storage.js';
import type { Context } from './context.js';

/** Carries a business refusal out of a transaction so the storage rolls it back. */
class Abort {
  constructor(readonly error: ApexproofError) {}
}

/** Conflicts (a concurrent writer won a unique index or a CAS) are retried this many times. */
const CONFLICT_RETRIES = 8;

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

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

/** A DNS lookup; a rejection is a `network` failure, never a miss. */
export async function lookup<R>(query: () => Promise<DnsResult<R>>): Promise<DnsResult<R>> {
  try {
    return await query();
  } catch (e) {
    return { ok: false, failures: [{ kind: 'network', resolver: 'unknown', detail: describe(e) }] };
  }
}

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
