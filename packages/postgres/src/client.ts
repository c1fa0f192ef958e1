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
  query(text: string, params?: readonly unknown[]): Promise<SqlResult>;
}

/**
 * A client the storage can use. `transaction` must run `fn` on ONE connection between BEGIN
 * and COMMIT, at READ COMMITTED isolation (the PostgreSQL default), roll back when `fn`
 * rejects and reject with `fn`'s error. Transactions may overlap on separate connections.
 */
export interface SqlClient extends SqlQueryable {
  transaction<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T>;
}

/** The members of a node-postgres `PoolClient` the helper uses. */
export interface PgPoolClientLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  release(destroy?: boolean | Error): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/** The members of a node-postgres `Pool` the helper uses. */
export interface PgPoolLike {
  connect(): Promise<PgPoolClientLike>;
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** The members of a PGlite instance (or its transaction object) the helper uses. */
export interface PGliteQueryableLike {
  query(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: unknown[]; affectedRows?: number | undefined }>;
}
export interface PGliteLike extends PGliteQueryableLike {
  transaction<T>(fn: (tx: PGliteQueryableLike) => Promise<T>): Promise<T>;
}

const asResult = (rows: unknown[], rowCount: number | null | undefined): SqlResult => ({
  rows: rows as Record<string, unknown>[],
  rowCount: rowCount ?? null,
});

/**
 * Wraps a node-postgres `Pool`: each transaction checks out a connection, runs BEGIN … COMMIT
 * on it (ROLLBACK when `fn` rejects) and releases it; a connection that failed is destroyed
 * instead of going back to the pool.
 */
export function fromPgPool(pool: PgPoolLike): SqlClient {
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
      // A checked-out pg client that loses its socket emits 'error'; without a listener that
      // would crash the process. The failing query rejects anyway; remember it to destroy.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      connection.on('error', onError);
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
        connection.removeListener('error', onError);
        connection.release(broken ?? false);
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
