// Migration 0003 (a pattern's domain as a foreign key with ON DELETE CASCADE) on a database
// that already holds orphans from the old race, and run again by hand: both must work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPGlite, MIGRATIONS, migrate, splitStatements } from '../src/index.js';
import { newPGlite } from './support/pglite.js';

const db = await newPGlite();
beforeAll(() => db.waitReady, 60_000);
afterAll(async () => {
  await db.close();
});

const insertPattern = (id: string, domainId: string) =>
  db.query(
    `INSERT INTO apexproof_redirect_patterns
       (id, organization_id, domain_id, host, path_prefix, created_at, created_by)
     VALUES ($1, 'org-a', $2, 'app.example.com', '/', now(), 'u')`,
    [id, domainId],
  );

describe('migration 0003_pattern_domain_fk', () => {
  it('removes orphans, adds the cascade, and is harmless when run again', async () => {
    const client = fromPGlite(db);
    const before = MIGRATIONS.filter((m) => m.version < 3);
    await migrate(client, { migrations: before });
    await db.query(
      `INSERT INTO apexproof_verified_domains (id, organization_id, subject, subject_kind, method,
         status, verified_at, consecutive_misses, version)
       VALUES ('dom-1', 'org-a', 'example.com', 'apex', 'dns-txt', 'active', now(), 0, 1)`,
    );
    await insertPattern('kept', 'dom-1');
    await insertPattern('orphan', 'dom-gone');

    // Up to 0003 only: later migrations have their own tests.
    const through = MIGRATIONS.filter((m) => m.version <= 3);
    expect((await migrate(client, { migrations: through })).applied).toEqual([
      '0003_pattern_domain_fk',
    ]);
    const ids = async () =>
      (await db.query<{ id: string }>('SELECT id FROM apexproof_redirect_patterns')).rows.map(
        (r) => r.id,
      );
    expect(await ids()).toEqual(['kept']);
    await expect(insertPattern('new-orphan', 'dom-gone')).rejects.toMatchObject({ code: '23503' });

    // By hand, a second time: the constraint is found and left alone.
    const sql = MIGRATIONS.find((m) => m.version === 3)?.sql ?? '';
    for (const statement of splitStatements(sql)) await db.query(statement);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_constraint
        WHERE conrelid = 'apexproof_redirect_patterns'::regclass AND contype = 'f'`,
    );
    expect(rows[0]?.n).toBe(1);

    await db.query(`DELETE FROM apexproof_verified_domains WHERE id = 'dom-1'`);
    expect(await ids()).toEqual([]);
  });
});
