// A re-verification sweep on the memory storage: n due domains, `reverifyDue({ limit: 2000,
// concurrency: 200 })` in a loop until nothing is claimed, DNS answering after 20 ms. With
// 200 lookups in flight the sweep cannot beat Little's law, n × 20 ms / 200; the storage's own
// cost is what the sweep takes beyond that. Goals: within 1.15× the bound at 100 000 domains,
// and the cost per domain flat (≤ 1.2×) from 10 000 to 100 000. One in ten domains is hostile
// for the storage's indexes: a 253-octet subject, and ids that differ only at the end.

import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createApexproof, type DnsResolver } from '@apexproof/core';
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
  // Time with no lookup in flight: a claim and the end of each batch. The sweep's own serial
  // part, which no share of a core hides (the rest of its CPU runs while lookups wait).
  let inFlight = 0;
  let idleSince = 0;
  let idleMs = 0;
  const counted: DnsResolver = {
    ns: (name) => dns.ns(name),
    txt: (name) => {
      if (inFlight++ === 0 && idleSince > 0) idleMs += performance.now() - idleSince;
      return dns.txt(name).finally(() => {
        if (--inFlight === 0) idleSince = performance.now();
      });
    },
  };
  const app = createApexproof({
    storage,
    dns: counted,
    mailer: createMemoryMailer(),
    directory: createMemoryDirectory({ organizations: [] }),
    clock,
  });
  const started = performance.now();
  idleSince = started;
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
  idleMs += performance.now() - idleSince;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuUs = (cpu.user + cpu.system) / n;
  if (checked !== n || ok !== n) throw new Error(`sweep checked ${checked}, ok ${ok} of ${n}`);
  const bound = (n * LATENCY_MS) / CONCURRENCY;
  return { n, ms, bound, ratio: ms / bound, perDomainUs: (ms * 1000) / n, cpuUs, idleMs };
}

// Other work on a shared machine stretches the wall clock: say how busy it was, and whether the
// run was given a core ahead of it (e.g. `chrt -f 50 pnpm bench`: Linux real-time scheduling).
const loadAtStart = loadavg()[0] ?? Number.NaN;
function scheduling(): string {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    const [priority, policy] = [fields[37], fields[38]];
    if (policy === '1' || policy === '2')
      return ` Run with real-time scheduling (SCHED_${policy === '1' ? 'FIFO' : 'RR'}, priority ${priority}), i.e. with a core ahead of the other work.`;
  } catch {
    // Not Linux: nothing to say.
  }
  return '';
}
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
  `\`reverifyDue({ limit: ${LIMIT}, concurrency: ${CONCURRENCY} })\` in a loop until nothing is claimed; memory DNS answering after ${LATENCY_MS} ms; one domain in ten has a 253-octet subject, every id is 200 characters sharing a prefix. Bound: Little's law, n × ${LATENCY_MS} ms / ${CONCURRENCY}. Load average ${loadAtStart.toFixed(1)} on ${availableParallelism()} cores when the run began.${scheduling()} ${benchEnvironment()}`,
  '',
  '| domains | sweep ms | bound ms | vs bound | µs per domain | CPU µs per domain | no lookup in flight |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${fmt(r.n)} | ${r.ms.toFixed(0)} | ${r.bound.toFixed(0)} | ${r.ratio.toFixed(2)}× | ${r.perDomainUs.toFixed(1)} | ${r.cpuUs.toFixed(1)} | ${((100 * r.idleMs) / r.ms).toFixed(1)} % |`,
  ),
  '',
  `- ${fmt(large.n)} domains: **${large.ratio.toFixed(2)}×** the bound (goal ≤ 1.15×): ${verdict(large.ratio <= 1.15)}`,
  `- cost per domain, ${fmt(large.n)} vs ${fmt(small.n)}: **${flat.toFixed(2)}×** wall clock (goal ≤ 1.2×): ${verdict(flat <= 1.2)}; CPU **${(large.cpuUs / small.cpuUs).toFixed(2)}×**`,
  '- The wall clock only reaches the bound when the process has a core to itself: on a shared machine the CPU per domain, not the storage, sets the pace. The same shape without any storage (200 concurrent 20 ms timers, 40 µs of CPU after each) took 1.61× the bound at load 6, and 1.05× with a core to itself.',
  '- With a core to itself, what lies beyond the bound (100,000 domains, measured once with a probe of this loop): the timers (200 concurrent 20 ms `setTimeout`s with no work take 1.02×), each 2,000-domain claim and batch end (about 10 ms with no lookup in flight, the last column above; 16–23 ms before claims compared instants as numbers and copied each leased row once), the last wave of each batch (its 200 answers arrive together and are saved one after another, about 60 µs each) and GC pauses (about 7 % of the sweep).',
  '- Before the undo log every transaction copied all six tables: 500 domains took 3.6× the bound, 2,000 took 12.6×, and seeding 10,000 did not finish in 10 minutes.',
].join('\n');
console.log(`written to ${recordBenchmark('memory-sweep', markdown)}`);
