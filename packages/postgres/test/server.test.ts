// The Storage contract on a real PostgreSQL server (a throw-away cluster on 127.0.0.1) through
// a node-postgres Pool, with truly overlapping transactions; plus what only a server can show:
// lost connections, deadlocks and migrations racing from several processes.
import { storageContract } from '@apexproof/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresStorage,
  fromPgPool,
  MIGRATIONS,
  MigrationError,
  migrate,
} from '../src/index.js';
import { inspector, TRUNCATE_ALL } from './support/inspect.js';
import { challengeRow, domainRow } from './support/records.js';
import { findServer, freePort, type PgServer, startServer } from './support/server.js';

const found = findServer();
const missing = 'missing' in found ? found.missing : undefined;
if (missing && process.env.CI === 'true') {
  describe('real PostgreSQL server', () => {
    it('is available (required when CI=true)', () => {
      throw new Error(missing);
    });
  });
} else if (missing) {
  console.warn(`[@apexproof/postgres] real-server tests SKIPPED: ${missing}`);
}

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

let server: PgServer | undefined;
const pools: pg.Pool[] = [];

function poolFor(database: string, max = 8): pg.Pool {
  if (!server) throw new Error('server not started');
  const pool = new pg.Pool({
    host: server.host,
    port: server.port,
    user: server.user,
    database,
    max,
  });
  pool.on('error', () => {}); // idle clients of a terminated backend; the next query reports it
  pools.push(pool);
  return pool;
}

let contractPool: pg.Pool | undefined;
const usePool = () => {
  if (!contractPool) throw new Error('server not started');
  return contractPool;
};

beforeAll(async () => {
  if ('missing' in found) return;
  server = await startServer(found);
  contractPool = poolFor(await server.createDatabase('apexproof_contract'));
  await migrate(fromPgPool(contractPool));
}, 60_000);

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await server?.stop();
}, 30_000);

storageContract({
  name: 'postgres (real server, pg Pool)',
  create: () => createPostgresStorage({ client: fromPgPool(usePool()) }),
  reset: async () => {
    await usePool().query(TRUNCATE_ALL);
  },
  inspect: inspector({ query: (text) => usePool().query(text) }),
  skip: missing ?? false,
  concurrency: { parallel: true },
});

describe.skipIf(missing !== undefined)('postgres on a real server', () => {
  it('answers unavailable, never throws, when the server cannot be reached', async () => {
    const port = await freePort(); // nothing listens there
    const pool = new pg.Pool({
      host: '127.0.0.1',
      port,
      user: 'nobody',
      connectionTimeoutMillis: 5_000,
    });
    pools.push(pool);
    const storage = createPostgresStorage({ client: fromPgPool(pool) });
    const result = await storage.transaction(async (tx) => tx.domains.get('x'));
    expect(result).toMatchObject({ ok: false, reason: 'unavailable' });
    await expect(migrate(fromPgPool(pool))).rejects.toBeInstanceOf(MigrationError);
  });

  it('answers unavailable when the connection dies mid-transaction, and recovers', async () => {
    const database = await (server as PgServer).createDatabase('apexproof_victim');
    const pool = poolFor(database, 2);
    await migrate(fromPgPool(pool));
    const storage = createPostgresStorage({ client: fromPgPool(pool) });
    const result = await storage.transaction(async (tx) => {
      await tx.domains.insert(domainRow('lost'));
      await (server as PgServer).terminateBackends(database);
      return tx.domains.get('lost');
    });
    expect(result).toMatchObject({ ok: false, reason: 'unavailable' });
    const after = await storage.transaction(async (tx) => tx.domains.get('lost'));
    expect(after).toEqual({ ok: true, value: null });
  });

  it('answers conflict for the victim of a deadlock and commits the other', async () => {
    const storage = createPostgresStorage({ client: fromPgPool(usePool()) });
    await storage.transaction(async (tx) => {
      await tx.challenges.insert(challengeRow('dl-1'));
      await tx.challenges.insert(challengeRow('dl-2'));
    });
    const firstWrites = [deferred(), deferred()];
    const bothWrote = Promise.all(firstWrites.map((d) => d.promise));
    const results = await Promise.all(
      [
        ['dl-1', 'dl-2'],
        ['dl-2', 'dl-1'],
      ].map(([a, b], i) =>
        storage.transaction(async (tx) => {
          await tx.challenges.update(challengeRow(a as string, { attempts: i + 1, version: 2 }), 1);
          firstWrites[i]?.resolve();
          await bothWrote;
          return tx.challenges.update(
            challengeRow(b as string, { attempts: i + 1, version: 2 }),
            1,
          );
        }),
      ),
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['conflict', 'ok']);
    const winner = results.findIndex((r) => r.ok) + 1;
    const { rows } = await usePool().query('SELECT attempts FROM apexproof_challenges');
    expect(rows.map((r) => r.attempts)).toEqual([winner, winner]);
  });

  it('migrates a fresh database from several processes at once, exactly once', async () => {
    const database = await (server as PgServer).createDatabase('apexproof_fresh');
    const clients = [0, 1, 2].map(() => fromPgPool(poolFor(database, 1)));
    const results = await Promise.all(clients.map((client) => migrate(client)));
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
    expect(results.every((r) => r.current.includes('0001_init'))).toBe(true);
    const again = await migrate(clients[0] as (typeof clients)[number]);
    expect(again.applied).toEqual([]);
    const { rows } = await (pools.at(-1) as pg.Pool).query(
      'SELECT name FROM apexproof_migrations ORDER BY version',
    );
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ name: m.name })));
  });

  it('upgrades a database with open challenges from several processes at once, exactly once', async () => {
    const database = await (server as PgServer).createDatabase('apexproof_upgrade');
    const clients = [0, 1, 2].map(() => fromPgPool(poolFor(database, 1)));
    const first = clients[0] as (typeof clients)[number];
    await migrate(first, { migrations: MIGRATIONS.filter((m) => m.version < 5) });
    await (pools.at(-1) as pg.Pool).query(
      `INSERT INTO apexproof_challenges (id, organization_id, subject, subject_kind, method,
         status, created_at, expires_at, attempts, created_by, version)
       VALUES ('open', 'org-a', 'example.com', 'apex', 'dns-txt', 'pending', now(),
         now() + interval '1 day', 0, 'u', 1)`,
    );
    const results = await Promise.all(clients.map((client) => migrate(client)));
    expect(results.map((r) => r.applied).sort()).toEqual([
      [],
      [],
      ['0005_pending_checks_and_limits', '0006_due_scans_in_claim_order'],
    ]);
    const storage = createPostgresStorage({ client: first });
    const claimed = await storage.transaction((tx) =>
      tx.challenges.claimDue({
        now: new Date(Date.now() + 60_000),
        limit: 10,
        leaseUntil: new Date(Date.now() + 120_000),
      }),
    );
    expect(claimed.ok && claimed.value.map((c) => c.id)).toEqual(['open']);
  });
});
