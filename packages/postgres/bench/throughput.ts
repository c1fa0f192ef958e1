// Throughput of the PostgreSQL storage on a real server (a throw-away cluster on 127.0.0.1,
// started and stopped here with the tests' support code):
// 1. verify → commit with a pool of 1 connection vs 8: 64 organizations verify distinct apexes
//    at once (memory DNS, no latency), so the figure is the storage's own cost.
// 2. reverifyDue over 20 000 due domains, 1 worker vs 4 workers; each worker is its own
//    createApexproof with `concurrency: 8` and its own pool of 8 connections, as a separate
//    process would have. DNS answers after 20 ms. Goal: 4 workers ≥ 3× one worker. The two
//    runs are a minute apart, so load from other processes on the machine skews the ratio.
import { availableParallelism, loadavg } from 'node:os';
import { type Actor, createApexproof } from '@apexproof/core';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  type MemoryOrganization,
} from '@apexproof/memory';
import pg from 'pg';
import { Bench } from 'tinybench';
import { benchEnvironment, recordBenchmark } from '../../../scripts/bench-report.js';
import { createPostgresStorage, fromPgPool, migrate } from '../src/index.js';
import { domainRow } from '../test/support/records.js';
import { findServer, type PgServer, startServer } from '../test/support/server.js';

const ORGS = 64; // verifications in flight per batch, one per organization
const VERIFY_BATCHES = 15;
const DUE = 20_000;
const WORKER_POOL = 8;
const DNS_LATENCY_MS = 20;
const WORKER_CONCURRENCY = 8;
const DAY = 86_400_000;

// Other work on a shared machine skews the ratios: say how busy it was when the run began.
const loadAtStart = loadavg()[0] ?? Number.NaN;

const found = findServer();
if ('missing' in found) {
  console.log(`postgres bench skipped: ${found.missing}`);
  process.exit(0);
}

const server: PgServer = await startServer(found);
const pools: pg.Pool[] = [];
function connect(database: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    host: server.host,
    port: server.port,
    user: server.user,
    database,
    max,
  });
  pool.on('error', () => {});
  pools.push(pool);
  return pool;
}
async function database(name: string, max: number): Promise<pg.Pool> {
  const pool = connect(await server.createDatabase(name), max);
  await migrate(fromPgPool(pool));
  return pool;
}

/** Mean milliseconds per iteration of each task of a finished run. */
function meanMs(bench: Bench): Record<string, number> {
  const out: Record<string, number> = {};
  for (const task of bench.tasks) {
    const r = task.result as { latency?: { mean?: number } } | undefined;
    out[task.name] = r?.latency?.mean ?? Number.NaN;
  }
  return out;
}

// ---- 1. verify → commit, pool of 1 vs 8 ----------------------------------------------------

async function verifyBench() {
  const organizations: MemoryOrganization[] = Array.from({ length: ORGS }, (_, i) => ({
    id: `org_${i}`,
    name: `Org ${i}`,
    members: [{ userId: `owner_${i}`, role: 'owner', email: `owner@org${i}.example` }],
  }));
  const actors: Actor[] = organizations.map((o, i) => ({
    organizationId: o.id,
    userId: `owner_${i}`,
  }));
  const bench = new Bench({
    name: 'postgres-verify',
    iterations: VERIFY_BATCHES,
    time: 0,
    warmup: true,
    warmupIterations: 2,
    warmupTime: 0,
    throws: true,
  });
  for (const size of [1, 8]) {
    const pool = await database(`apexproof_bench_verify_${size}`, size);
    const dns = createMemoryDns();
    const app = createApexproof({
      storage: createPostgresStorage({ client: fromPgPool(pool) }),
      dns,
      mailer: createMemoryMailer(),
      directory: createMemoryDirectory({ organizations }),
    });
    let round = 0;
    let ids: string[] = [];
    bench.add(
      `pool of ${size}`,
      async () => {
        const results = await Promise.all(
          actors.map((actor, i) => app.verifyChallenge(actor, { challengeId: ids[i] ?? '' })),
        );
        const failed = results.find((r) => r.isErr());
        if (failed?.isErr()) throw new Error(`verify failed: ${failed.error.code}`);
      },
      {
        // Untimed: each organization starts a challenge for a new apex and publishes it.
        beforeEach: async () => {
          round++;
          const started = await Promise.all(
            actors.map(async (actor, i) =>
              (
                await app.startChallenge(actor, { domain: `r${round}-o${i}.co`, method: 'dns-txt' })
              )._unsafeUnwrap(),
            ),
          );
          for (const c of started) if (c.record) dns.setTxt(c.record.name, [c.record.value]);
          ids = started.map((c) => c.id);
        },
      },
    );
  }
  await bench.run();
  // Give the connections back before the workers open theirs (the cluster allows 40).
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
  return meanMs(bench);
}

// ---- 2. reverifyDue, 1 worker vs 4 -----------------------------------------------------------

async function reverifyBench() {
  const name = 'apexproof_bench_reverify';
  const pool = await database(name, WORKER_POOL);
  const clock = createManualClock(new Date('2026-05-04T08:00:00.000Z'));
  const dns = createMemoryDns({ latencyMs: DNS_LATENCY_MS });
  const storage = createPostgresStorage({ client: fromPgPool(pool) });
  const t0 = clock.now().getTime();
  for (let from = 0; from < DUE; from += 500) {
    const seeded = await storage.transaction(async (tx) => {
      for (let i = from; i < from + 500; i++)
        await tx.domains.insert(
          domainRow(`dom_${i}`, {
            organizationId: `org_${i % 500}`,
            subject: `d${i}.co`,
            recordName: `_kayle-id-verification.d${i}.co`,
            recordValue: `kayle-id-verification=token${i}`,
            nextCheckAt: new Date(t0 - (i % 60) * 60_000),
            version: 0,
          }),
        );
    });
    if (!seeded.ok) throw new Error(`seeding failed: ${seeded.detail}`);
  }
  for (let i = 0; i < DUE; i++)
    dns.setTxt(`_kayle-id-verification.d${i}.co`, [`kayle-id-verification=token${i}`]);

  const workerPools = [pool, ...[1, 2, 3].map(() => connect(name, WORKER_POOL))];
  const worker = (_: unknown, i: number) =>
    createApexproof({
      storage: createPostgresStorage({ client: fromPgPool(workerPools[i] ?? pool) }),
      dns,
      mailer: createMemoryMailer(),
      directory: createMemoryDirectory({ organizations: [] }),
      clock,
    });
  const drain = async (app: ReturnType<typeof worker>) => {
    let checked = 0;
    for (;;) {
      const report = (
        await app.reverifyDue({ limit: 100, concurrency: WORKER_CONCURRENCY })
      )._unsafeUnwrap();
      if (report.ok !== report.checked) throw new Error(`unexpected ${JSON.stringify(report)}`);
      if (report.checked === 0) return checked;
      checked += report.checked;
    }
  };
  const bench = new Bench({
    name: 'postgres-reverify',
    iterations: 1,
    time: 0,
    warmup: false,
    throws: true,
  });
  for (const workers of [1, 4]) {
    bench.add(
      `${workers} worker${workers === 1 ? '' : 's'}`,
      async () => {
        const apps = Array.from({ length: workers }, worker);
        const checked = (await Promise.all(apps.map(drain))).reduce((a, b) => a + b, 0);
        if (checked !== DUE) throw new Error(`checked ${checked} of ${DUE}`);
      },
      // Untimed: a day later, every domain is due again.
      { beforeEach: () => clock.advance(DAY + 60_000) },
    );
  }
  await bench.run();
  return meanMs(bench);
}

try {
  const version = await serverVersion();
  const verify = await verifyBench();
  const reverify = await reverifyBench();

  const perSecond = (count: number, ms: number | undefined) => (count * 1000) / (ms ?? Number.NaN);
  const v1 = perSecond(ORGS, verify['pool of 1']);
  const v8 = perSecond(ORGS, verify['pool of 8']);
  const r1 = perSecond(DUE, reverify['1 worker']);
  const r4 = perSecond(DUE, reverify['4 workers']);
  const scale = r4 / r1;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const markdown = [
    '## postgres: commit throughput and re-verification workers',
    '',
    `Real PostgreSQL ${version} on 127.0.0.1 (throw-away cluster, fsync off), node-postgres pools, ${availableParallelism()} CPU cores shared by Node and the server (load average ${loadAtStart.toFixed(1)} when the run began). ${benchEnvironment()}`,
    '',
    `Verify → commit: ${ORGS} organizations verify distinct apexes at once (memory DNS, no latency); ${VERIFY_BATCHES} batches per row after 2 warm-up batches.`,
    '',
    '| pool | ms per batch | verifications/s | vs 1 connection |',
    '| --- | ---: | ---: | ---: |',
    `| 1 connection | ${(verify['pool of 1'] ?? Number.NaN).toFixed(1)} | ${fmt(v1)} | 1.00× |`,
    `| 8 connections | ${(verify['pool of 8'] ?? Number.NaN).toFixed(1)} | ${fmt(v8)} | ${(v8 / v1).toFixed(2)}× |`,
    '',
    `Re-verification: ${fmt(DUE)} due domains, \`reverifyDue({ limit: 100, concurrency: ${WORKER_CONCURRENCY} })\` in a loop per worker until nothing is claimed; each worker its own \`createApexproof\` with its own pool of ${WORKER_POOL} connections (as separate processes would have); memory DNS answering after ${DNS_LATENCY_MS} ms.`,
    '',
    '| workers | seconds | domains/s | vs 1 worker |',
    '| --- | ---: | ---: | ---: |',
    `| 1 | ${((reverify['1 worker'] ?? Number.NaN) / 1000).toFixed(1)} | ${fmt(r1)} | 1.00× |`,
    `| 4 | ${((reverify['4 workers'] ?? Number.NaN) / 1000).toFixed(1)} | ${fmt(r4)} | ${scale.toFixed(2)}× |`,
    '',
    `- 4 workers / 1 worker: **${scale.toFixed(2)}×** (goal ≥ 3×) ${scale >= 3 ? 'met' : 'NOT met'}. A worker is bound by its lookups (at most ${WORKER_CONCURRENCY} / ${DNS_LATENCY_MS} ms = ${fmt((WORKER_CONCURRENCY * 1000) / DNS_LATENCY_MS)} domains/s), so the ideal is 4×; one worker loses time to the write after each lookup, four also to the CPU they share with the server.`,
    `- pool of 8 / pool of 1 (commit path): **${(v8 / v1).toFixed(2)}×**`,
  ].join('\n');
  const file = recordBenchmark('postgres', markdown);
  console.log(markdown);
  console.log(`\nwritten to ${file}`);
} finally {
  await Promise.all(pools.map((pool) => pool.end()));
  await server.stop();
}

async function serverVersion(): Promise<string> {
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.user,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}
