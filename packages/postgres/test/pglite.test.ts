// The Storage contract on PGlite (in-process PostgreSQL), always part of the normal test run;
// and a check that every statement that reads or changes existing rows is served by an index:
// with sequential scans disabled the planner must still find an index path (a plan with
// "Seq Scan" means no index fits the query).

import { storageContract } from '@apexproof/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage, fromPGlite, migrate } from '../src/index.js';
import { STATEMENTS } from '../src/repositories.js';
import { inspector, TRUNCATE_ALL } from './support/inspect.js';
import { newPGlite } from './support/pglite.js';

const db = await newPGlite();
const client = fromPGlite(db);
beforeAll(() => db.waitReady, 60_000); // booting the WASM build is slow on a busy machine

storageContract({
  name: 'postgres (PGlite)',
  create: async () => {
    await migrate(client);
    return createPostgresStorage({ client });
  },
  reset: async () => {
    await db.query(TRUNCATE_ALL);
  },
  inspect: inspector(db),
  concurrency: { parallel: false },
});

afterAll(async () => {
  await db.close();
});

const SAMPLE: Record<string, unknown> = {
  text: 'x',
  integer: 1,
  boolean: true,
  timestamptz: '2025-01-15T12:00:00.000Z',
  'text::jsonb': '{}',
};

/** Dummy parameters matching the `$n::type` placeholders of a statement. */
function sampleParams(sql: string): unknown[] {
  const params: unknown[] = [];
  for (const [, n, type] of sql.matchAll(/\$(\d+)::(text::jsonb|[a-z]+)/g)) {
    params[Number(n) - 1] = SAMPLE[type as string];
  }
  return params;
}

const statements = Object.entries(STATEMENTS).flatMap(([repo, byName]) =>
  Object.entries(byName as Record<string, string>)
    .filter(([name]) => !['insert', 'append', 'lockSubject', 'lockOrganization'].includes(name))
    .map(([name, sql]) => [`${repo}.${name}`, sql] as const),
);

describe('indexes', () => {
  beforeAll(async () => {
    await migrate(client); // a no-op when the contract already migrated
  });

  it('covers the statements the port runs', () => {
    expect(statements.length).toBeGreaterThanOrEqual(20);
  });

  it.each(statements)('%s uses an index', async (_, sql) => {
    const plan = await db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      const { rows } = await tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${sql}`,
        sampleParams(sql),
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).not.toContain('Seq Scan');
    expect(plan).toMatch(/Index/);
  });
});

// With sequential scans off the planner takes any index path, so the check above cannot see a
// claim that walks the whole table after the due scan (an UPDATE … FROM joined by hash). Here the
// planner is free, on tables as large as a busy installation's, and must still stay on indexes:
// a claim costs its `limit`, not the table size.
describe('claims on large tables', () => {
  const ROWS = 20_000;
  beforeAll(async () => {
    await migrate(client);
    await db.query(TRUNCATE_ALL);
    await db.query(
      `INSERT INTO apexproof_verified_domains (id, organization_id, subject, subject_kind, method,
         status, verified_at, consecutive_misses, next_check_at, version)
       SELECT 'd' || i, 'org' || (i % 500), 'd' || i || '.co', 'apex', 'dns-txt', 'active',
         '2025-01-01Z', 0, '2025-01-15Z'::timestamptz - (i % 60) * interval '1 minute', 0
       FROM generate_series(1, $1::integer) AS i`,
      [ROWS],
    );
    await db.query(
      `INSERT INTO apexproof_outbox (id, organization_id, kind, to_address, subject, text_body,
         html_body, status, attempts, created_at, next_attempt_at, version)
       SELECT 'm' || i, 'org' || (i % 500), 'takeover', 'o@x.example', 's', 't', 'h',
         CASE WHEN i % 4 = 0 THEN 'pending' ELSE 'sent' END, 0, '2025-01-01Z',
         '2025-01-15Z'::timestamptz - (i % 60) * interval '1 minute', 0
       FROM generate_series(1, $1::integer) AS i`,
      [ROWS],
    );
    // Mostly closed and email-otp challenges, as in a table that has run for a while: the due
    // scan must read only the open dns-txt and ns-delegation ones.
    await db.query(
      `INSERT INTO apexproof_challenges (id, organization_id, subject, subject_kind, method,
         status, created_at, expires_at, attempts, created_by, version, next_check_at)
       SELECT 'c' || i, 'org' || (i % 500), 'c' || i || '.co', 'apex',
         (ARRAY['dns-txt', 'ns-delegation', 'email-otp'])[i % 3 + 1],
         CASE WHEN i % 10 = 0 THEN 'pending' ELSE 'validated' END, '2025-01-01Z',
         '2025-01-08Z', 0, 'u', 0, '2025-01-15Z'::timestamptz - (i % 60) * interval '1 minute'
       FROM generate_series(1, $1::integer) AS i`,
      [ROWS],
    );
    await db.query('ANALYZE');
  }, 60_000);
  afterAll(async () => {
    await db.query(TRUNCATE_ALL);
  });

  it.each([
    ['domains.claimDue', STATEMENTS.domains.claimDue],
    ['challenges.claimDue', STATEMENTS.challenges.claimDue],
    ['outbox.claim', STATEMENTS.outbox.claim],
  ])('%s reads no table in full', async (_, sql) => {
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [
      '2025-01-15T12:00:00.000Z',
      100,
      '2025-01-15T12:10:00.000Z',
    ]);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Scan using apexproof_\w+_due(_seq)?_idx/);
    expect(plan).not.toContain('Seq Scan');
  });

  // About 333 rows share each next-check instant here. On an index of next_check_at alone, every
  // claim sorted all the rows due at the earliest instants by seq; a sweep claims a chunk of
  // `concurrency` rows at a time, so that cost came back every few lookups.
  it.each([
    ['domains.claimDue', STATEMENTS.domains.claimDue, 'apexproof_verified_domains_due_seq_idx'],
    ['challenges.claimDue', STATEMENTS.challenges.claimDue, 'apexproof_challenges_due_seq_idx'],
  ])(
    '%s reads the rows it leases, however many are due at the same instant',
    async (_, sql, index) => {
      await db.query('BEGIN');
      try {
        const { rows } = await db.query<{ 'QUERY PLAN': unknown }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
          ['2025-01-15T12:00:00.000Z', 8, '2025-01-15T12:10:00.000Z'],
        );
        const nodes: Record<string, unknown>[] = [];
        const walk = (node: Record<string, unknown>) => {
          nodes.push(node);
          for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? [])
            walk(child);
        };
        const plans = (rows[0]?.['QUERY PLAN'] ?? []) as { Plan: Record<string, unknown> }[];
        const [root] = plans;
        walk(root?.Plan ?? {});
        const scan = nodes.find((n) => n['Index Name'] === index);
        expect(scan).toBeDefined();
        expect(scan?.['Actual Rows']).toBeLessThanOrEqual(8);
      } finally {
        await db.query('ROLLBACK');
      }
    },
  );
});
