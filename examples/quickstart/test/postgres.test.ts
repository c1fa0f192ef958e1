// The quickstart story, unchanged, on PostgreSQL (PGlite, migrated): it must tell exactly the
// same story as on the in-memory storage. Ids and tokens are random in both runs, so they are
// replaced by placeholders before the lines are compared.
import { createPostgresStorage, fromPGlite, migrate } from '@apexproof/postgres';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runQuickstart } from '../src/story.js';

const db = new PGlite();
beforeAll(async () => {
  await db.waitReady;
  await migrate(fromPGlite(db));
}, 60_000);
afterAll(() => db.close());

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TOKEN = /(apexproof-verification=)[a-z2-7]+/g;

/** The story's lines with generated ids and tokens replaced, and each line split on newlines. */
async function tell(options?: Parameters<typeof runQuickstart>[1]): Promise<string[]> {
  const lines: string[] = [];
  await runQuickstart((line) => lines.push(line), options);
  return lines
    .flatMap((line) => line.split('\n'))
    .map((line) => line.replace(UUID, '<id>').replace(TOKEN, '$1<token>'));
}

it('tells the same story on PostgreSQL as in memory, line by line', async () => {
  const onMemory = await tell();
  const onPostgres = await tell({ storage: createPostgresStorage({ client: fromPGlite(db) }) });

  // The normalization must only hide what is random: the story itself is all there.
  expect(onMemory.length).toBeGreaterThan(30);
  expect(onMemory.join('\n')).toContain('restored 1 → active');
  expect(onMemory.filter((line) => line.includes('<id>')).length).toBeGreaterThan(0);
  expect(onMemory.filter((line) => line.includes('<token>')).length).toBeGreaterThan(0);
  for (const [i, line] of onMemory.entries()) expect(onPostgres[i], `line ${i + 1}`).toBe(line);
  expect(onPostgres).toHaveLength(onMemory.length);

  // And the state really went to the database.
  const { rows } = await db.query<{ subject: string; status: string; organization_id: string }>(
    `SELECT subject, status, organization_id FROM apexproof_verified_domains
     ORDER BY organization_id, subject`,
  );
  expect(rows).toEqual([
    { subject: 'acme.co', status: 'active', organization_id: 'org_acme' },
    // Verified by checkPending, nobody clicking.
    { subject: 'acme.dev', status: 'active', organization_id: 'org_acme' },
    { subject: 'acme.co', status: 'downgraded', organization_id: 'org_rival' },
  ]);
  // Every event went out as a webhook.
  const events = await db.query<{ status: string }>('SELECT DISTINCT status FROM apexproof_events');
  expect(events.rows).toEqual([{ status: 'delivered' }]);
});
