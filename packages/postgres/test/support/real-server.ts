// For a test file that needs a real PostgreSQL server: starts a throw-away cluster before its
// tests and stops it after them. Without the server binaries the file's suite is skipped with
// a visible warning, except under CI=true, where a failing test says what is missing.
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { fromPgPool, migrate } from '../../src/index.js';
import { findServer, type PgServer, startServer } from './server.js';

export function useRealServer(what: string) {
  const found = findServer();
  const missing = 'missing' in found ? found.missing : undefined;
  if (missing && process.env.CI === 'true') {
    describe(what, () => {
      it('has a server available (required when CI=true)', () => {
        throw new Error(missing);
      });
    });
  } else if (missing) {
    console.warn(`[@apexproof/postgres] ${what} SKIPPED: ${missing}`);
  }

  let server: PgServer | undefined;
  const pools: pg.Pool[] = [];
  beforeAll(async () => {
    if ('missing' in found) return;
    server = await startServer(found);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await server?.stop();
  }, 30_000);

  return {
    /** Why the real server is unavailable, if it is. */
    missing,
    /** The running server (for fault injection: terminating backends, restarts). */
    server(): PgServer {
      if (!server) throw new Error('server not started');
      return server;
    },
    /** A migrated database of its own, behind a pool of `max` connections. */
    async freshPool(name: string, max: number, options: pg.PoolConfig = {}): Promise<pg.Pool> {
      if (!server) throw new Error('server not started');
      const database = await server.createDatabase(name);
      const pool = new pg.Pool({
        host: server.host,
        port: server.port,
        user: server.user,
        database,
        max,
        ...options,
      });
      pool.on('error', () => {}); // an idle client whose backend died; the next query reports it
      pools.push(pool);
      await migrate(fromPgPool(pool));
      return pool;
    },
  };
}
