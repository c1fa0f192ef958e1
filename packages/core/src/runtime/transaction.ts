// Storage transactions and directory calls: port answers become catalog errors here, once.
// Use cases never see a rejected promise from a port or a raw TxResult.
import { err, ok, type Result, ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import type { StorageTx } from '../ports/storage.js';
import type { Context } from './context.js';
import { describeThrown } from './guards.js';

/** Carries a refusal out of a transaction so the storage rolls it back. */
class Abort {
  constructor(readonly error: ApexproofError) {}
}

/**
 * A refusal that keeps what the transaction wrote: the writes commit, then the call answers
 * `error`. Counting a wrong one-time code and answering OTP_INVALID is the one case today.
 */
export class CommitThenRefuse {
  constructor(readonly error: ApexproofError) {}
}

/** Commit what was written so far, then answer `error`. */
export const commitThenRefuse = (error: ApexproofError): CommitThenRefuse =>
  new CommitThenRefuse(error);

/**
 * What a transaction body answers: `ok(value)` commits and answers the value, `err(error)` rolls
 * back and answers the error, `commitThenRefuse(error)` commits and answers the error.
 */
export type TxOutcome<T> = Result<T, ApexproofError> | CommitThenRefuse;

/** A storage's answer read once, field by field; `null` when it is not a TxResult. */
function readTxResult<T>(
  outcome: unknown,
):
  | { ok: true; value: T }
  | { ok: false; reason: 'conflict' | 'unavailable'; detail: string }
  | null {
  try {
    if (typeof outcome !== 'object' || outcome === null) return null;
    const { ok: success, value, reason, detail } = outcome as Record<string, unknown>;
    if (success === true) return { ok: true, value: value as T };
    if (success !== false || (reason !== 'conflict' && reason !== 'unavailable')) return null;
    return { ok: false, reason, detail: typeof detail === 'string' ? detail : '' };
  } catch {
    return null;
  }
}

/** Conflicts (a concurrent writer won a unique index or a CAS) are retried this many times. */
const CONFLICT_RETRIES = 8;

/**
 * Runs `fn` in one storage transaction (see TxOutcome). A storage conflict reruns `fn` from the
 * start, so it must be re-entrant.
 */
export function inTransaction<T>(
  ctx: Context,
  fn: (tx: StorageTx) => Promise<TxOutcome<T>>,
): ResultAsync<T, ApexproofError> {
  const attempt = async (): Promise<Result<T, ApexproofError>> => {
    let detail = '';
    for (let i = 0; i <= CONFLICT_RETRIES; i++) {
      let outcome: Awaited<ReturnType<typeof ctx.storage.transaction<T | CommitThenRefuse>>>;
      try {
        outcome = await ctx.storage.transaction(async (tx) => {
          const result = await fn(tx);
          if (result instanceof CommitThenRefuse) return result;
          if (result.isErr()) throw new Abort(result.error);
          return result.value;
        });
      } catch (e) {
        if (e instanceof Abort) return err(e.error);
        return err(apexError('STORAGE_UNAVAILABLE', { detail: describeThrown(e) }));
      }
      // A storage that answers no TxResult breaks its port: a storage failure, never a crash.
      const read = readTxResult<T | CommitThenRefuse>(outcome);
      if (read === null)
        return err(
          apexError('STORAGE_UNAVAILABLE', { detail: 'the storage answered no TxResult' }),
        );
      if (read.ok)
        return read.value instanceof CommitThenRefuse ? err(read.value.error) : ok(read.value);
      if (read.reason === 'unavailable')
        return err(apexError('STORAGE_UNAVAILABLE', { detail: read.detail }));
      detail = read.detail;
    }
    return err(apexError('STORAGE_UNAVAILABLE', { detail: `conflict persisted: ${detail}` }));
  };
  return new ResultAsync(attempt());
}

/** One read (or a few) in its own transaction, for callers that only need the answer. */
export const read = <T>(ctx: Context, fn: (tx: StorageTx) => Promise<T>) =>
  inTransaction(ctx, async (tx) => ok(await fn(tx)));

/** A directory call; a rejection becomes DIRECTORY_UNAVAILABLE. */
export function ask<T>(promise: () => Promise<T>): ResultAsync<T, ApexproofError> {
  return ResultAsync.fromPromise(Promise.resolve().then(promise), (e) =>
    apexError('DIRECTORY_UNAVAILABLE', { detail: describeThrown(e) }),
  );
}
