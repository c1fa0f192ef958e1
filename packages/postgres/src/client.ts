// The smallest SQL client the adapter needs, and helpers that build one from node-postgres and
// PGlite. The helpers take the driver instance, so this package never imports a driver: the
// `*Like` types below describe exactly the members used.

/** What a query answers: the rows (as objects keyed by column name). */
export interface SqlResult {
  readonly rows: readonly Record<string, unknown>[];
  readonly rowCount?: number | null;
}

/** Something that runs one parameterized statement (`$1`, `$2`, … placeholders). */
export interface SqlQueryable {
  /**
   * Runs one statement with its parameters; answers the rows, rejects when PostgreSQL refuses it.
   */
  query(text: string, params?: readonly unknown[]): Promise<SqlResult>;
}

/**
 * A client the storage can use. `transaction` must run `fn` on ONE connection between BEGIN
 * and COMMIT, at READ COMMITTED isolation (the PostgreSQL default), roll back when `fn`
 * rejects and reject with `fn`'s error. Transactions may overlap on separate connections.
 */
export interface SqlClient extends SqlQueryable {
  /**
   * Runs `fn` in one transaction on one connection: commits and resolves with `fn`'s value, or
   * rolls back and rejects with `fn`'s error.
   */
  transaction<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T>;
}

/** The members of a node-postgres `PoolClient` the helper uses. */
export interface PgPoolClientLike {
  /** Runs one statement on this connection (BEGIN, the storage's statements, COMMIT, ROLLBACK). */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  /**
   * Returns the connection to the pool; `true` or an error destroys it (a connection that failed).
   */
  release(destroy?: boolean | Error): void;
  /**
   * Hears socket errors of a checked-out connection: none crashes the process, the connection is
   * dropped.
   */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Removes an `error` listener (a `PoolClient` has it; the helper does not call it). */
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/** The members of a node-postgres `Pool` the helper uses. */
export interface PgPoolLike {
  /** Checks out one connection, for one transaction. */
  connect(): Promise<PgPoolClientLike>;
  /** Runs one statement outside a transaction, on any connection of the pool. */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  /**
   * pg-pool emits `acquire` synchronously when it hands a client out, before the `connect()`
   * promise settles. Optional for pool look-alikes; without it a client is guarded only once
   * `connect()` has resolved.
   */
  on?(event: 'acquire', listener: (client: PgPoolClientLike) => void): unknown;
}

/** The members of a PGlite instance (or its transaction object) the helper uses. */
export interface PGliteQueryableLike {
  /** Runs one statement with its parameters (`$1`, `$2`, …) and answers the rows. */
  query(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: unknown[]; affectedRows?: number | undefined }>;
}
/** The members of a PGlite instance `fromPGlite` uses: single statements and transactions. */
export interface PGliteLike extends PGliteQueryableLike {
  /**
   * Runs `fn` in one transaction (PGlite runs one at a time): commits on success, rolls back and
   * rejects when `fn` rejects.
   */
  transaction<T>(fn: (tx: PGliteQueryableLike) => Promise<T>): Promise<T>;
}

const asResult = (rows: unknown[], rowCount: number | null | undefined): SqlResult => ({
  rows: rows as Record<string, unknown>[],
  rowCount: rowCount ?? null,
});

/** The first socket error a client reported; a client that reported one is dead. */
interface Guard {
  error: Error | undefined;
}
const guards = new WeakMap<PgPoolClientLike, Guard>();
const hookedPools = new WeakSet<PgPoolLike>();

/**
 * Gives a client an 'error' listener for the rest of its life (once). pg-pool drops its own
 * idle listener when it hands a client out and settles `connect()` a microtask later; an
 * ErrorResponse in the same socket read (57P01 on a fresh connection, say) is emitted in
 * between and, unheard, kills the process. The pool's idle listener still runs when the client
 * is back in the pool, so the host's `pool.on('error')` keeps working.
 */
function guard(client: PgPoolClientLike): Guard {
  let state = guards.get(client);
  if (!state) {
    const created: Guard = { error: undefined };
    client.on('error', (error) => {
      created.error ??= error;
    });
    guards.set(client, created);
    state = created;
  }
  return state;
}

/**
 * Wraps a node-postgres `Pool`: each transaction checks out a connection, runs BEGIN … COMMIT
 * on it (ROLLBACK when `fn` rejects) and releases it; a connection that failed is destroyed
 * instead of going back to the pool. Hand it the pool itself (`fromPgPool(pool)`), never a
 * checked-out client.
 */
export function fromPgPool(pool: PgPoolLike): SqlClient {
  if (!pool || typeof pool.connect !== 'function' || typeof pool.query !== 'function')
    throw new TypeError('fromPgPool(pool) needs a node-postgres Pool (connect() and query())');
  // Listen from the moment pg-pool hands a client out (synchronously), not after the await.
  if (typeof pool.on === 'function' && !hookedPools.has(pool)) {
    hookedPools.add(pool);
    pool.on('acquire', (client) => {
      guard(client);
    });
  }
  const on = (target: Pick<PgPoolLike, 'query'>): SqlQueryable => ({
    query: async (text, params) => {
      const result = await target.query(text, params ? [...params] : undefined);
      return asResult(result.rows, result.rowCount);
    },
  });
  return {
    ...on(pool),
    async transaction<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T> {
      const connection = await pool.connect();
      // A client that lost its socket emits 'error'; the failing query rejects anyway, and the
      // guard remembers it so the connection is destroyed rather than pooled again.
      const state = guard(connection);
      let broken: Error | undefined;
      try {
        await connection.query('BEGIN ISOLATION LEVEL READ COMMITTED');
        const value = await fn(on(connection));
        await connection.query('COMMIT');
        return value;
      } catch (error) {
        await connection.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken ??=
            rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        connection.release(state.error ?? broken ?? false);
      }
    },
  };
}

/**
 * Wraps a PGlite instance. PGlite has one connection and runs one transaction at a time, so
 * transactions are serialized (never overlapping); that is correct, only not concurrent.
 */
export function fromPGlite(db: PGliteLike): SqlClient {
  const on = (target: PGliteQueryableLike): SqlQueryable => ({
    query: async (text, params) => {
      const result = await target.query(text, params ? [...params] : undefined);
      return asResult(result.rows, result.affectedRows);
    },
  });
  return {
    ...on(db),
    transaction: <T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T> =>
      db.transaction((tx) => fn(on(tx))),
  };
}

/**
 * Refuses what is not a SqlClient with an error that says what to do: a raw `pg.Pool` has
 * `query` but no `transaction`, and would otherwise fail later as "client.transaction is not a
 * function".
 */
export function requireSqlClient(client: unknown, where: string): asserts client is SqlClient {
  const c = client as Partial<SqlClient> | null | undefined;
  if (c && typeof c.query === 'function' && typeof c.transaction === 'function') return;
  const pool = c && typeof (c as { connect?: unknown }).connect === 'function';
  throw new TypeError(
    pool
      ? `${where} needs a SqlClient, not a pg.Pool: wrap the pool with fromPgPool(pool)`
      : `${where} needs a SqlClient: build one with fromPgPool(pool) or fromPGlite(db)`,
  );
}
