// A re-verification sweep on the memory storage: n due domains, `reverifyDue({ limit: 2000,
// concurrency: 200 })` in a loop until nothing is claimed, DNS answering after 20 ms. With
// 200 lookups in flight the sweep cannot beat Little's law, n × 20 ms / 200; the storage's own
// cost is what the sweep takes beyond that. Goals: within 1.15× the bound at 100 000 domains,
// and the cost per domain flat (≤ 1.2×) from 10 000 to 100 000. One in ten domains is hostile
// for the storage's indexes: a 253-octet subject, and ids that differ only at the end.
import { availableParallelism, loadavg } from 'node:os';
import { createApexproof } from '@apexproof/core';
import { benchEnvironment, recordBenchmark } from '../../../scripts/bench-report.js';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
} from '../src/index.js';

const LATENCY_MS = 20;
const CONCURRENCY = 200;
const LIMIT = 2000;
const SIZES = (process.env.SWEEP_SIZES ?? '10000,100000').split(',').map(Number);
const T0 = new Date('2026-06-01T00:00:00.000Z');

const long = (i: number) =>
  `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(50)}${i}.co`;

async function sweep(n: number) {
  const storage = createMemoryStorage();
  const dns = createMemoryDns({ latencyMs: LATENCY_MS });
  const clock = createManualClock(T0);
  const seeded = await storage.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const subject = i % 10 === 9 ? long(i) : `d${i}.co`;
      const value = `kayle-id-verification=token${i}`;
      dns.setTxt(`_kayle-id-verification.${subject}`, [value]);
      await tx.domains.insert({
        id: `${'x'.repeat(200)}${i}`,
        organizationId: `org-${i % 500}`,
        subject,
        subjectKind: 'apex',
        method: 'dns-txt',
        status: 'active',
        downgradeReason: null,
        verifiedAt: new Date(T0.getTime() - 86_400_000),
        downgradedAt: null,
        recordName: `_kayle-id-verification.${subject}`,
        recordValue: value,
        lastCheckedAt: null,
        lastAttemptAt: null,
        consecutiveMisses: 0,
        nextCheckAt: new Date(T0.getTime() - (i % 60) * 60_000),
        leaseUntil: null,
        version: 1,
      });
    }
  });
  if (!seeded.ok) throw new Error(`seeding failed: ${seeded.detail}`);
  const app = createApexproof({
    storage,
    dns,
    mailer: createMemoryMailer(),
    directory: createMemoryDirectory({ organizations: [] }),
    clock,
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let checked = 0;
  let ok = 0;
  for (;;) {
    const report = (
      await app.reverifyDue({ limit: LIMIT, concurrency: CONCURRENCY })
    )._unsafeUnwrap();
    if (report.checked === 0) break;
    checked += report.checked;
    ok += report.ok;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuUs = (cpu.user + cpu.system) / n;
  if (checked !== n || ok !== n) throw new Error(`sweep checked ${checked}, ok ${ok} of ${n}`);
  const bound = (n * LATENCY_MS) / CONCURRENCY;
  return { n, ms, bound, ratio: ms / bound, perDomainUs: (ms * 1000) / n, cpuUs };
}

// Other work on a shared machine stretches the wall clock: say how busy it was.
const loadAtStart = loadavg()[0] ?? Number.NaN;
const rows = [];
for (const n of SIZES) {
  const row = await sweep(n);
  console.log(row);
  rows.push(row);
}
const fmt = (v: number) => v.toLocaleString('en-US');
const small = rows[0] as (typeof rows)[number];
const large = rows[rows.length - 1] as (typeof rows)[number];
const flat = large.perDomainUs / small.perDomainUs;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const markdown = [
  '## memory: re-verification sweep',
  '',
  `\`reverifyDue({ limit: ${LIMIT}, concurrency: ${CONCURRENCY} })\` in a loop until nothing is claimed; memory DNS answering after ${LATENCY_MS} ms; one domain in ten has a 253-octet subject, every id is 200 characters sharing a prefix. Bound: Little's law, n × ${LATENCY_MS} ms / ${CONCURRENCY}. Load average ${loadAtStart.toFixed(1)} on ${availableParallelism()} cores when the run began. ${benchEnvironment()}`,
  '',
  '| domains | sweep ms | bound ms | vs bound | µs per domain | CPU µs per domain |',
  '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${fmt(r.n)} | ${r.ms.toFixed(0)} | ${r.bound.toFixed(0)} | ${r.ratio.toFixed(2)}× | ${r.perDomainUs.toFixed(1)} | ${r.cpuUs.toFixed(1)} |`,
  ),
  '',
  `- ${fmt(large.n)} domains: **${large.ratio.toFixed(2)}×** the bound (goal ≤ 1.15×): ${verdict(large.ratio <= 1.15)}`,
  `- cost per domain, ${fmt(large.n)} vs ${fmt(small.n)}: **${flat.toFixed(2)}×** wall clock (goal ≤ 1.2×): ${verdict(flat <= 1.2)}; CPU **${(large.cpuUs / small.cpuUs).toFixed(2)}×**`,
  '- The wall clock only reaches the bound when the process has a core to itself: on a shared machine the CPU per domain, not the storage, sets the pace.',
  '- Before the undo log every transaction copied all six tables: 500 domains took 3.6× the bound, 2,000 took 12.6×, and seeding 10,000 did not finish in 10 minutes.',
].join('\n');
console.log(`written to ${recordBenchmark('memory-sweep', markdown)}`);
