// migrate(): the embedded SQL matches migrations/*.sql, statements split correctly, and
// migrations apply once, in order, all or nothing; 0005 brings open challenges of an upgraded
// database into pending checks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresStorage,
  fromPGlite,
  MIGRATIONS,
  type Migration,
  MigrationError,
  migrate,
  splitStatements,
  TABLE_NAMES,
} from '../src/index.js';
import { newPGlite } from './support/pglite.js';

const dir = join(import.meta.dirname, '..', 'migrations');
// One PGlite (they are slow to start); each case migrates into its own empty schema, which is
// also how a host keeps apexproof's tables apart: a schema first on the search_path.
const db = await newPGlite();
let schemas = 0;
beforeAll(() => db.waitReady, 60_000); // booting the WASM build is slow on a busy machine
async function fresh(): Promise<PGlite> {
  const schema = `case_${++schemas}`;
  await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  return db;
}
afterAll(async () => {
  await db.close();
});

describe('embedded migrations', () => {
  it('match the .sql files exactly, in version order', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(MIGRATIONS.map((m) => `${m.name}.sql`)).toEqual(files);
    for (const m of MIGRATIONS) {
      expect(m.sql).toBe(readFileSync(join(dir, `${m.name}.sql`), 'utf8').replace(/\r\n/g, '\n'));
      expect(m.version).toBe(Number(m.name.slice(0, 4)));
    }
    // Versions are unique and increasing; a gap is allowed (migrate applies every version it
    // has not recorded, whatever came before: branches number their files ahead of each other).
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });
});

describe('splitStatements', () => {
  it('splits at semicolons outside strings, identifiers, comments and dollar quotes', () => {
    const sql = `-- a comment; not a statement
      CREATE TABLE "we;ird" (v text DEFAULT 'a;b''c');
      /* block; comment */ SELECT $$ body; here $$, $x$ ; $x$;
      SELECT 1
    `;
    expect(splitStatements(sql)).toEqual([
      `-- a comment; not a statement
      CREATE TABLE "we;ird" (v text DEFAULT 'a;b''c')`,
      '/* block; comment */ SELECT $$ body; here $$, $x$ ; $x$',
      'SELECT 1',
    ]);
  });

  it('gives back any list of statements joined with semicolons and comments (property)', () => {
    const literal = fc.string({ maxLength: 12 }).map((s) => `'${s.replaceAll("'", "''")}'`);
    const statement = fc
      .array(fc.oneof(fc.constantFrom('SELECT', 'x', '1', ';-', '/', '*'), literal), {
        minLength: 1,
        maxLength: 5,
      })
      .map((parts) => `SELECT ${parts.filter((p) => p.startsWith("'")).join(', ') || '1'}`);
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 6 }), (statements) => {
        const script = statements.map((s, i) => `-- step ${i}; note\n${s};`).join('\n');
        const split = splitStatements(script).map((s) => s.replace(/^-- step \d+; note\n/, ''));
        expect(split).toEqual(statements);
      }),
    );
  });

  it('splits the shipped migrations into plain statements', () => {
    const statements = MIGRATIONS.flatMap((m) => splitStatements(m.sql));
    expect(statements.filter((s) => /^(--[^\n]*\n\s*)*CREATE TABLE/.test(s))).toHaveLength(
      TABLE_NAMES.length,
    );
  });
});

describe('migrate', () => {
  it('creates every table once and is a no-op the second time', async () => {
    const db = await fresh();
    const first = await migrate(fromPGlite(db));
    const all = MIGRATIONS.map((m) => m.name);
    expect(all.slice(0, 2)).toEqual(['0001_init', '0002_email_otp_limits']);
    expect(first).toEqual({ applied: all, current: all });
    const second = await migrate(fromPGlite(db));
    expect(second).toEqual({ applied: [], current: all });
    const { rows } = await db.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1',
    );
    expect(rows.map((r) => r.table_name)).toEqual([...TABLE_NAMES, 'apexproof_migrations'].sort());
  });

  it('applies only the missing migrations, in version order', async () => {
    const db = await fresh();
    const m = (version: number, sql: string): Migration => ({
      version,
      name: `000${version}_step`,
      sql,
    });
    const one = m(1, 'CREATE TABLE t_one (id int);');
    const two = m(2, 'ALTER TABLE t_one ADD COLUMN v text; CREATE TABLE t_two (id int);');
    const three = m(3, "INSERT INTO t_one VALUES (1, 'three');");
    expect((await migrate(fromPGlite(db), { migrations: [one] })).applied).toEqual(['0001_step']);
    const later = await migrate(fromPGlite(db), { migrations: [three, one, two] });
    expect(later.applied).toEqual(['0002_step', '0003_step']);
    const { rows } = await db.query('SELECT id, v FROM t_one');
    expect(rows).toEqual([{ id: 1, v: 'three' }]);
  });

  it('applies nothing when a statement fails, and says which migration failed', async () => {
    const db = await fresh();
    const good: Migration = { version: 1, name: '0001_good', sql: 'CREATE TABLE t_good (id int);' };
    const bad: Migration = {
      version: 2,
      name: '0002_bad',
      sql: 'CREATE TABLE t_bad (id int); SELEC 1;',
    };
    const failure = await migrate(fromPGlite(db), { migrations: [good, bad] }).catch((e) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect(String(failure.message)).toContain('0002_bad');
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()',
    );
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const db = await fresh();
    const v1: Migration = { version: 1, name: '0001_x', sql: 'CREATE TABLE t_x (id int);' };
    await migrate(fromPGlite(db), { migrations: [v1] });
    const edited = { ...v1, sql: 'CREATE TABLE t_x (id bigint);' };
    await expect(migrate(fromPGlite(db), { migrations: [edited] })).rejects.toThrow(/checksum/);
  });
});

describe('migration 0005 on a database with open challenges', () => {
  const insertChallenge = (db: PGlite, id: string, method: string, status: string) =>
    db.query(
      `INSERT INTO apexproof_challenges (id, organization_id, subject, subject_kind, method,
         status, created_at, expires_at, attempts, created_by, version)
       VALUES ($1, 'org-a', $1 || '.example', 'apex', $2, $3, now(), now() + interval '1 day',
         0, 'u', 1)`,
      [id, method, status],
    );
  const nextChecks = async (db: PGlite) =>
    Object.fromEntries(
      (
        await db.query<{ id: string; next: string | null }>(
          'SELECT id, next_check_at::text AS next FROM apexproof_challenges',
        )
      ).rows.map((r) => [r.id, r.next]),
    );

  it('makes open dns-txt and ns-delegation challenges due, indexes them, and is harmless again', async () => {
    const db = await fresh();
    const client = fromPGlite(db);
    await migrate(client, { migrations: MIGRATIONS.filter((m) => m.version < 5) });
    const rows = [
      ['txt-pending', 'dns-txt', 'pending'],
      ['ns-failed', 'ns-delegation', 'failed'],
      ['txt-verifying', 'dns-txt', 'verifying'],
      ['otp-pending', 'email-otp', 'pending'],
      ['txt-validated', 'dns-txt', 'validated'],
      ['ns-expired', 'ns-delegation', 'expired'],
    ] as const;
    for (const [id, method, status] of rows) await insertChallenge(db, id, method, status);

    expect(
      (await migrate(client, { migrations: MIGRATIONS.filter((m) => m.version <= 5) })).applied,
    ).toEqual(['0005_pending_checks_and_limits']);
    const after = await nextChecks(db);
    expect(Object.keys(after).sort()).toEqual(rows.map(([id]) => id).sort());
    const { rows: unset } = await db.query(
      'SELECT id FROM apexproof_challenges WHERE lease_until IS NULL AND awaiting_acknowledgement_at IS NULL',
    );
    expect(unset).toHaveLength(rows.length);
    const due = ['ns-failed', 'txt-pending', 'txt-verifying'];
    expect(
      Object.keys(after)
        .filter((id) => after[id] !== null)
        .sort(),
    ).toEqual(due);
    // The adapter's claim finds exactly those: an upgraded host's open challenges get checked.
    const storage = createPostgresStorage({ client });
    const claimed = await storage.transaction((tx) =>
      tx.challenges.claimDue({
        now: new Date(Date.now() + 60_000),
        limit: 10,
        leaseUntil: new Date(Date.now() + 120_000),
      }),
    );
    expect(claimed.ok && claimed.value.map((c) => c.id).sort()).toEqual(due);

    // By hand, a second time: columns, index and the core's own next checks are left alone.
    await db.query(
      `UPDATE apexproof_challenges SET next_check_at = '2031-01-01Z' WHERE id = 'txt-pending'`,
    );
    const before = await nextChecks(db);
    const sql = MIGRATIONS.find((m) => m.version === 5)?.sql ?? '';
    for (const statement of splitStatements(sql)) await db.query(statement);
    expect(await nextChecks(db)).toEqual(before);
    const { rows: indexes } = await db.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes
        WHERE schemaname = current_schema() AND indexname = 'apexproof_challenges_due_idx'`,
    );
    expect(indexes).toHaveLength(1);
    expect(indexes[0]?.indexdef).toMatch(/\(next_check_at\) WHERE/);
  });
});

describe('migration 0006', () => {
  const indexes = async (db: PGlite) =>
    (
      await db.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes
          WHERE schemaname = current_schema() AND indexname LIKE '%due%' ORDER BY indexname`,
      )
    ).rows;

  it('puts seq into both due indexes, drops the old ones, and is harmless again', async () => {
    const db = await fresh();
    const client = fromPGlite(db);
    await migrate(client, { migrations: MIGRATIONS.filter((m) => m.version < 6) });
    expect((await indexes(db)).map((i) => i.indexname)).toContain('apexproof_challenges_due_idx');
    expect((await migrate(client)).applied).toEqual(['0006_due_scans_in_claim_order']);
    const after = await indexes(db);
    expect(after.map((i) => i.indexname)).toEqual([
      'apexproof_challenges_due_seq_idx',
      'apexproof_events_due_idx',
      'apexproof_outbox_due_idx',
      'apexproof_verified_domains_due_seq_idx',
    ]);
    expect(after[0]?.indexdef).toMatch(/\(next_check_at, seq\) WHERE/);
    // By hand, a second time: nothing changes.
    const sql = MIGRATIONS.find((m) => m.version === 6)?.sql ?? '';
    for (const statement of splitStatements(sql)) await db.query(statement);
    expect(await indexes(db)).toEqual(after);
  });
});
