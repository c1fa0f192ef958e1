// The model-based lifecycle from @apexproof/testkit with PostgreSQL as the storage: on PGlite
// always, and on a real server when its binaries are installed. A database is migrated once;
// each generated run starts from empty tables (TRUNCATE), which is far cheaper than a fresh one.

import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
} from '@apexproof/memory';
import {
  lifecycleModelTest,
  MODEL_ORGANIZATIONS,
  type ModelWorld,
  modelActors,
} from '@apexproof/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import {
  createPostgresStorage,
  fromPGlite,
  fromPgPool,
  migrate,
  type SqlClient,
} from '../src/index.js';
import { inspector, TRUNCATE_ALL } from './support/inspect.js';
import { newPGlite } from './support/pglite.js';
import { findServer, type PgServer, startServer } from './support/server.js';

/** A world whose storage is `client`, emptied first; everything else is in memory. */
async function worldOn(client: SqlClient): Promise<ModelWorld> {
  await client.query(TRUNCATE_ALL);
  return {
    storage: createPostgresStorage({ client }),
    inspect: inspector({ query: (text) => client.query(text) as Promise<{ rows: unknown[] }> }),
    dns: createMemoryDns(),
    mailer: createMemoryMailer(),
    directory: createMemoryDirectory({ organizations: MODEL_ORGANIZATIONS }),
    clock: createManualClock(),
    ...modelActors(),
  };
}

// Enough runs to reach takeovers, downgrades and restores every time, few enough for CI.
const NUM_RUNS = 40;

const db = await newPGlite();
describe('lifecycle on PGlite', () => {
  const client = fromPGlite(db);
  beforeAll(async () => {
    await db.waitReady;
    await migrate(client);
  }, 60_000);
  afterAll(() => db.close());

  lifecycleModelTest({
    name: 'postgres (PGlite)',
    createWorld: () => worldOn(client),
    numRuns: NUM_RUNS,
    timeout: 120_000,
  });
});

const found = findServer();
const missing = 'missing' in found ? found.missing : undefined;
if (missing && process.env.CI !== 'true')
  console.warn(`[@apexproof/postgres] real-server lifecycle SKIPPED: ${missing}`);

// Under CI=true a missing server fails here (beforeAll throws) instead of skipping.
describe.skipIf(missing !== undefined && process.env.CI !== 'true')(
  'lifecycle on a real server',
  () => {
    let server: PgServer | undefined;
    let pool: pg.Pool | undefined;
    const client: SqlClient = {
      query: (text, params) => fromPgPool(usePool()).query(text, params),
      transaction: (fn) => fromPgPool(usePool()).transaction(fn),
    };
    function usePool(): pg.Pool {
      if (!pool) throw new Error('server not started');
      return pool;
    }
    beforeAll(async () => {
      if ('missing' in found) throw new Error(found.missing);
      server = await startServer(found);
      const database = await server.createDatabase('apexproof_lifecycle');
      pool = new pg.Pool({
        host: server.host,
        port: server.port,
        user: server.user,
        database,
        max: 4,
      });
      pool.on('error', () => {});
      await migrate(fromPgPool(pool));
    }, 60_000);
    afterAll(async () => {
      await pool?.end();
      await server?.stop();
    }, 30_000);

    lifecycleModelTest({
      name: 'postgres (real server)',
      createWorld: () => worldOn(client),
      numRuns: NUM_RUNS,
      timeout: 120_000,
    });
  },
);
