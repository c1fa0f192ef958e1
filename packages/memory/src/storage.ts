// In-memory Storage with the semantics a SQL database gives the core: transactions are
// serialized (one at a time, like SERIALIZABLE with a single writer), run on a private copy of
// the tables (storage-tables.ts) and either replace the tables whole (commit) or vanish
// (rollback).
import {
  type AuditRecord,
  type ChallengeRecord,
  type CheckLogRecord,
  type EvidenceRecord,
  isStorageConflict,
  isStorageUnavailable,
  type OutboxRecord,
  type RedirectPatternRecord,
  type Storage,
  type StorageTx,
  type TxResult,
  type VerifiedDomainRecord,
} from '@apexproof/core';
import { cloneTables, copy, emptyTables, openTx, type Tables } from './storage-tables.js';

export interface MemoryStorage extends Storage {
  /** Direct reads for tests: copies of every row, bypassing transactions. */
  readonly inspect: {
    challenges(): Promise<ChallengeRecord[]>;
    domains(): Promise<VerifiedDomainRecord[]>;
    patterns(): Promise<RedirectPatternRecord[]>;
    evidence(): Promise<EvidenceRecord[]>;
    outbox(): Promise<OutboxRecord[]>;
    audit(): Promise<AuditRecord[]>;
    checkLog(): Promise<CheckLogRecord[]>;
  };
  /** Empties every table. */
  reset(): void;
  /** Makes the next `n` transactions answer `unavailable` (fault injection). */
  failNext(n: number): void;
}

/**
 * Like a SQL database, a transaction whose statement failed is finished: every repository call
 * records the first conflict it throws, and the transaction rolls back even if `fn` catches it.
 */
function recordingFailures(tx: StorageTx, state: { failure: Error | null }): StorageTx {
  const wrap = <R extends object>(repo: R): R =>
    Object.fromEntries(
      Object.entries(repo).map(([name, method]) => [
        name,
        async (...args: unknown[]) => {
          try {
            return await (method as (...a: unknown[]) => Promise<unknown>)(...args);
          } catch (error) {
            if (isStorageConflict(error)) state.failure ??= error;
            throw error;
          }
        },
      ]),
    ) as R;
  return {
    challenges: wrap(tx.challenges),
    domains: wrap(tx.domains),
    patterns: wrap(tx.patterns),
    evidence: wrap(tx.evidence),
    outbox: wrap(tx.outbox),
    audit: wrap(tx.audit),
    checkLog: wrap(tx.checkLog),
  };
}

export function createMemoryStorage(): MemoryStorage {
  let tables = emptyTables();
  let queue: Promise<unknown> = Promise.resolve();
  let failures = 0;

  async function run<T>(fn: (tx: StorageTx) => Promise<T>): Promise<TxResult<T>> {
    if (failures > 0) {
      failures--;
      return { ok: false, reason: 'unavailable', detail: 'memory storage: injected failure' };
    }
    const working = cloneTables(tables);
    const state: { failure: Error | null } = { failure: null };
    try {
      const value = await fn(recordingFailures(openTx(working), state));
      // A conflict that `fn` caught still aborts the transaction, as it would in PostgreSQL.
      if (state.failure) return { ok: false, reason: 'conflict', detail: state.failure.message };
      tables = working;
      return { ok: true, value };
    } catch (error) {
      if (isStorageConflict(error)) return { ok: false, reason: 'conflict', detail: error.message };
      if (isStorageUnavailable(error))
        return { ok: false, reason: 'unavailable', detail: error.message };
      throw error;
    }
  }

  const rows =
    <T>(pick: (t: Tables) => Map<string, T>) =>
    async () =>
      [...pick(tables).values()].map(copy);

  return {
    transaction<T>(fn: (tx: StorageTx) => Promise<T>): Promise<TxResult<T>> {
      const result = queue.then(() => run(fn));
      queue = result.catch(() => undefined);
      return result;
    },
    inspect: {
      challenges: rows((t) => t.challenges),
      domains: rows((t) => t.domains),
      patterns: rows((t) => t.patterns),
      evidence: rows((t) => t.evidence),
      outbox: rows((t) => t.outbox),
      audit: rows((t) => t.audit),
      checkLog: rows((t) => t.checkLog),
    },
    reset() {
      tables = emptyTables();
    },
    failNext(n) {
      failures = n;
    },
  };
}
