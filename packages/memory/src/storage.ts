// In-memory Storage with the semantics a SQL database gives the core: transactions are
// serialized (one at a time, like SERIALIZABLE with a single writer) and all-or-nothing. A
// transaction writes the tables in place and logs what each write replaced; a rollback plays
// the log backwards. So a transaction costs the rows it touches, never a copy of every table.
import {
  type AuditRecord,
  type ChallengeRecord,
  type CheckLogRecord,
  type EventOutboxRecord,
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
import { emptyTables, openTx, type Tables } from './storage-tables.js';
import { copy, type Table, type UndoLog } from './table.js';

/** The in-memory `Storage` (`createMemoryStorage`), with controls for tests. */
export interface MemoryStorage extends Storage {
  /**
   * Direct reads for tests: copies of every row, bypassing transactions. Only committed rows: one
   * an open transaction wrote is shown as it was before.
   */
  readonly inspect: {
    /** Every committed challenge. */
    challenges(): Promise<ChallengeRecord[]>;
    /** Every committed verified domain. */
    domains(): Promise<VerifiedDomainRecord[]>;
    /** Every committed redirect pattern. */
    patterns(): Promise<RedirectPatternRecord[]>;
    /** Every committed evidence row. */
    evidence(): Promise<EvidenceRecord[]>;
    /** Every committed outbox message. */
    outbox(): Promise<OutboxRecord[]>;
    /** Every committed audit record. */
    audit(): Promise<AuditRecord[]>;
    /** The event outbox, in `sequence` order. */
    events(): Promise<EventOutboxRecord[]>;
    /** The verify-check log (rate limits). */
    checkLog(): Promise<CheckLogRecord[]>;
  };
  /** Empties every table. */
  reset(): void;
  /** Makes the next `n` transactions answer `unavailable` (fault injection). */
  failNext(n: number): void;
}

/** What one transaction's repositories report back to `run`. */
interface TxState {
  /** The first conflict a repository threw. */
  failure: Error | null;
  /** False once the transaction has ended: a leaked `tx` must not write in place. */
  open: boolean;
}

/**
 * The repositories as one transaction sees them. Like a SQL database, a transaction whose
 * statement failed is finished: every call records the first conflict it throws, and the
 * transaction rolls back even if `fn` catches it; a call after the transaction ended throws.
 * Each repository is seen through a Proxy, so a view behaves as the repository does (spread,
 * destructured, its methods passed around). One handler serves the eight, and a method is
 * wrapped when the transaction first uses it: a sweep opens a transaction per domain.
 */
function viewOf(repos: StorageTx, state: TxState): StorageTx {
  const wrapped = new Map<object, Map<PropertyKey, unknown>>();
  const handler: ProxyHandler<object> = {
    get(target, name) {
      let methods = wrapped.get(target);
      if (methods === undefined) {
        methods = new Map();
        wrapped.set(target, methods);
      }
      let method = methods.get(name);
      if (method === undefined) {
        const inner = Reflect.get(target, name) as (...a: unknown[]) => Promise<unknown>;
        method = async (...args: unknown[]) => {
          if (!state.open) throw new Error('memory storage: this transaction has ended');
          try {
            return await inner(...args);
          } catch (error) {
            if (isStorageConflict(error)) state.failure ??= error;
            throw error;
          }
        };
        methods.set(name, method);
      }
      return method;
    },
  };
  const view = <R extends object>(repo: R): R => new Proxy(repo, handler) as R;
  return {
    challenges: view(repos.challenges),
    domains: view(repos.domains),
    patterns: view(repos.patterns),
    evidence: view(repos.evidence),
    outbox: view(repos.outbox),
    audit: view(repos.audit),
    events: view(repos.events),
    checkLog: view(repos.checkLog),
  };
}

// Every table of `Tables`, read off the object itself: a table added later can never be left
// out of the undo log or of reset (the check log once was, so its appends outlived rollbacks).
const eachTable = (t: Tables): Table<{ id: string }>[] => Object.values(t) as never;

/**
 * An empty in-memory `Storage` with the semantics the core relies on from PostgreSQL: one
 * transaction at a time, all or nothing (a conflict `fn` caught still rolls back), the uniqueness
 * rules, compare-and-set, and redirect patterns deleted with their domain. Passes
 * `storageContract`. For tests, demos and single-process apps: nothing survives the process.
 * @example
 * ```ts
 * const storage = createMemoryStorage();
 * const app = createApexproof({ storage, dns, mailer, directory });
 * // … after a verification:
 * console.log(await storage.inspect.domains()); // the rows as committed
 * ```
 */
export function createMemoryStorage(): MemoryStorage {
  const tables = emptyTables();
  // The tables are written in place, so one set of repositories serves every transaction.
  const repos = openTx(tables);
  let queue: Promise<unknown> = Promise.resolve();
  let failures = 0;
  /** The undo log of the open transaction (null between transactions). */
  let open: UndoLog | null = null;

  const setLog = (log: UndoLog | null) => {
    open = log;
    for (const table of eachTable(tables)) table.log = log;
  };
  const rollback = (log: UndoLog) => {
    setLog(null);
    for (let i = log.length - 1; i >= 0; i--) {
      const entry = log[i] as UndoLog[number];
      entry.table.restore(entry.id, entry.before, entry.seq);
    }
  };

  async function run<T>(fn: (tx: StorageTx) => Promise<T>): Promise<TxResult<T>> {
    if (failures > 0) {
      failures--;
      return { ok: false, reason: 'unavailable', detail: 'memory storage: injected failure' };
    }
    const log: UndoLog = [];
    setLog(log);
    const state: TxState = { failure: null, open: true };
    try {
      const value = await fn(viewOf(repos, state));
      // A conflict that `fn` caught still aborts the transaction, as it would in PostgreSQL.
      state.open = false;
      if (state.failure) {
        rollback(log);
        return { ok: false, reason: 'conflict', detail: state.failure.message };
      }
      setLog(null);
      return { ok: true, value };
    } catch (error) {
      state.open = false;
      rollback(log);
      if (isStorageConflict(error)) return { ok: false, reason: 'conflict', detail: error.message };
      if (isStorageUnavailable(error))
        return { ok: false, reason: 'unavailable', detail: error.message };
      throw error;
    }
  }

  /**
   * Committed rows only, even while a transaction is open: rows it wrote are shown as they
   * were before its first write to them (the oldest log entry per id).
   */
  const rows =
    <T extends { id: string }>(pick: (t: Tables) => Table<T>) =>
    async (): Promise<T[]> => {
      const table = pick(tables);
      const live = table.ordered();
      if (!open) return live;
      const before = new Map<string, unknown>();
      for (const entry of open)
        if ((entry.table as unknown) === table && !before.has(entry.id))
          before.set(entry.id, entry.before);
      if (before.size === 0) return live;
      const committed = live.filter((row) => !before.has(row.id));
      for (const value of before.values()) if (value !== undefined) committed.push(value as T);
      return committed.map(copy);
    };

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
      events: async () => (await rows((t) => t.events)()).sort((a, b) => a.sequence - b.sequence),
      checkLog: rows((t) => t.checkLog),
    },
    reset() {
      for (const table of eachTable(tables)) table.clear();
    },
    failNext(n) {
      failures = n;
    },
  };
}
