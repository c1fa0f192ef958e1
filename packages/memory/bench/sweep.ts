// A re-verification sweep on the memory storage: n due domains, DNS answering after 20 ms,
// concurrency 200, as one call (`limit` ≥ n, the shape the issue measured) and as calls of
// 2,000 in a loop until nothing is claimed. With 200 lookups in flight a sweep cannot beat
// Little's law, n × 20 ms / 200; the storage's own cost is what it takes beyond that. Goals:
// within 1.15× the bound at 100 000 domains, and the cost per domain flat (≤ 1.2×) from 10 000
// to 100 000. One in ten domains is hostile
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
/** The per-call limit of the looped shape; the one-call shape asks for every domain. */
const LIMIT = 2000;
const SIZES = (process.env.SWEEP_SIZES ?? '10000,100000').split(',').map(Number);
const T0 = new Date('2026-06-01T00:00:00.000Z');

const long = (i: number) =>
  `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(50)}${i}.co`;

async function sweep(n: number, limit: number) {
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
  // Every lookup as the sweep sees it, from the call to the moment its answer is taken up: the
  // 20 ms plus timer granularity and the wait for a busy event loop (other answers, GC).
  let lookupMs = 0;
  const counted: DnsResolver = {
    ns: (name) => dns.ns(name),
    txt: (name) => {
      const asked = performance.now();
      if (inFlight++ === 0 && idleSince > 0) idleMs += asked - idleSince;
      return dns.txt(name).finally(() => {
        const answered = performance.now();
        lookupMs += answered - asked;
        if (--inFlight === 0) idleSince = answered;
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
    const report = (await app.reverifyDue({ limit, concurrency: CONCURRENCY }))._unsafeUnwrap();
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
  // ratio = (lookup as seen / 20 ms) × (200 / lookups in flight on average).
  const seenMs = lookupMs / n;
  const meanInFlight = lookupMs / ms;
  return {
    n,
    calls: Math.ceil(n / limit),
    ms,
    bound,
    ratio: ms / bound,
    perDomainUs: (ms * 1000) / n,
    cpuUs,
    idleMs,
    seenMs,
    meanInFlight,
  };
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
for (const limit of [Number.POSITIVE_INFINITY, LIMIT])
  for (const n of SIZES) {
    const row = await sweep(n, Math.min(limit, n));
    console.log(row);
    rows.push(row);
  }
const fmt = (v: number) => v.toLocaleString('en-US');
const single = rows.filter((r) => r.calls === 1);
const small = single[0] as (typeof rows)[number];
const large = single[single.length - 1] as (typeof rows)[number];
const looped = rows.filter((r) => r.calls > 1).at(-1) as (typeof rows)[number];
const flat = large.perDomainUs / small.perDomainUs;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const markdown = [
  '## memory: re-verification sweep',
  '',
  `\`reverifyDue({ limit, concurrency: ${CONCURRENCY} })\`: one call with \`limit\` = n, and calls of \`limit: ${fmt(LIMIT)}\` in a loop until nothing is claimed; memory DNS answering after ${LATENCY_MS} ms; one domain in ten has a 253-octet subject, every id is 200 characters sharing a prefix. Bound: Little's law, n × ${LATENCY_MS} ms / ${CONCURRENCY}. Load average ${loadAtStart.toFixed(1)} on ${availableParallelism()} cores when the run began.${scheduling()} ${benchEnvironment()}`,
  '',
  '| domains | calls | sweep ms | bound ms | vs bound | µs per domain | CPU µs per domain | lookup as seen | lookups in flight | no lookup in flight |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${fmt(r.n)} | ${fmt(r.calls)} | ${r.ms.toFixed(0)} | ${r.bound.toFixed(0)} | ${r.ratio.toFixed(2)}× | ${r.perDomainUs.toFixed(1)} | ${r.cpuUs.toFixed(1)} | ${r.seenMs.toFixed(2)} ms | ${r.meanInFlight.toFixed(1)} | ${((100 * r.idleMs) / r.ms).toFixed(1)} % |`,
  ),
  '',
  `- ${fmt(large.n)} domains in one call: **${large.ratio.toFixed(2)}×** the bound (goal ≤ 1.15×): ${verdict(large.ratio <= 1.15)}`,
  `- cost per domain, ${fmt(large.n)} vs ${fmt(small.n)} in one call: **${flat.toFixed(2)}×** wall clock (goal ≤ 1.2×): ${verdict(flat <= 1.2)}; CPU **${(large.cpuUs / small.cpuUs).toFixed(2)}×**`,
  `- ${fmt(looped.n)} domains in ${fmt(looped.calls)} calls of ${fmt(LIMIT)}: **${looped.ratio.toFixed(2)}×**. Each call ends when its last lookups are answered, and until then the slots whose lookups came back first wait: about half a lookup per call, ${((100 * CONCURRENCY * LATENCY_MS) / 2 / (LIMIT * LATENCY_MS)).toFixed(0)} % of a call of ${fmt(LIMIT)} at ${CONCURRENCY} in flight (the \`lookups in flight\` column). More workers, or larger calls, hide it.`,
  `- What lies beyond the bound is the product of two columns: a lookup as the sweep sees it (${LATENCY_MS} ms, plus timer granularity and the wait for an event loop busy with other answers or GC: 200 concurrent ${LATENCY_MS} ms \`setTimeout\`s with no work take 1.02×), and fewer than ${CONCURRENCY} lookups in flight on average (the start and end of each call, a claim now and then). GC pauses were about 7 % of a sweep measured with \`--trace-gc\`.`,
  '- Each call leases as it goes: a chunk of 200 rows whenever fewer than 200 are waiting, claimed while the current lookups run, so a lookup is in flight all but about 1 % of the sweep (4 % when each call claimed its 2,000 rows first, 8.6 % before claims compared instants as numbers). A claim reads about the rows it hands out: it used to read every row of the earliest due minutes, about 1,400 per claim of 200 here, and claims took a third of the CPU of the sweep.',
  '- Before the undo log every transaction copied all six tables: 500 domains took 3.6× the bound, 2,000 took 12.6×, and seeding 10,000 did not finish in 10 minutes.',
].join('\n');
console.log(`written to ${recordBenchmark('memory-sweep', markdown)}`);
