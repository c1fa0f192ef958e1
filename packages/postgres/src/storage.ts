// The Storage port on PostgreSQL. Each `transaction` runs on one connection of the client at
// READ COMMITTED; uniqueness comes from the schema's unique indexes, compare-and-set from
// `WHERE version = $n`, leases from `FOR UPDATE SKIP LOCKED`, lockSubject from an advisory lock.
import {
  isStorageConflict,
  isStorageUnavailable,
  type Storage,
  type StorageTx,
  type TxResult,
} from '@apexproof/core';
import { requireSqlClient, type SqlClient } from './client.js';
import { translate, unstorableParam } from './errors.js';
import { createTx } from './repositories.js';

/**
 * What `createPostgresStorage` takes: the SQL client, whose schema `migrate` has brought up to
 * date.
 */
export interface PostgresStorageOptions {
  /** A client built with `fromPgPool`, `fromPGlite`, or your own `SqlClient`. */
  readonly client: SqlClient;
}

/** What `fn` did, so the outcome can be told apart from a failure of BEGIN/COMMIT. */
type FnOutcome = { readonly error: unknown } | undefined;

/**
 * Creates the PostgreSQL storage. Run `migrate(client)` once before using it.
 *
 * A statement that fails aborts the PostgreSQL transaction, so every later statement in it
 * fails too: after a repository method has thrown, the transaction is finished whatever `fn`
 * does — it rolls back and answers the first failure, even if `fn` caught it and resolved.
 */
export function createPostgresStorage(options: PostgresStorageOptions): Storage {
  const client = options?.client;
  requireSqlClient(client, 'createPostgresStorage({ client })');

  return {
    async transaction<T>(fn: (tx: StorageTx) => Promise<T>): Promise<TxResult<T>> {
      let outcome: FnOutcome;
      try {
        const value = await client.transaction(async (q) => {
          let failure: Error | undefined;
          const tx = createTx(async (text, params) => {
            if (failure) throw failure;
            failure = unstorableParam(params);
            if (failure) throw failure;
            try {
              return [...(await q.query(text, params)).rows];
            } catch (error) {
              // Later statements only repeat "transaction aborted": keep the first cause.
              failure ??= translate(error);
              throw failure;
            }
          });
          let result: T;
          try {
            result = await fn(tx);
          } catch (error) {
            outcome = { error };
            throw error;
          }
          if (failure) {
            outcome = { error: failure };
            throw failure;
          }
          return result;
        });
        return { ok: true, value };
      } catch (error) {
        // Inside fn: its own rejection. Outside (connect, BEGIN, COMMIT): a driver error.
        const cause = outcome ? outcome.error : translate(error);
        if (isStorageConflict(cause)) return failed('conflict', cause.message);
        if (isStorageUnavailable(cause)) return failed('unavailable', cause.message);
        if (outcome) throw outcome.error;
        // A commit that failed for any other reason did not commit: report it as an outage.
        return failed('unavailable', cause instanceof Error ? cause.message : String(cause));
      }
    },
  };
}

function failed(reason: 'conflict' | 'unavailable', detail: string): TxResult<never> {
  return { ok: false, reason, detail };
}
