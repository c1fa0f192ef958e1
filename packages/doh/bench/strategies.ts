// Benchmark of the upstream strategies when the first upstream never answers: `hedged` (delay
// 200 ms) against `sequential` (timeout 3 s) and against a single healthy upstream. Both
// upstreams are local HTTP servers on 127.0.0.1. 200 lookups per task, 20 in flight at a time
// (tinybench task concurrency), each lookup's own latency recorded.
// Goal: hedged ≤ hedge delay + 1.2 × healthy, checked on the median and on the p95.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as packet from '@dnsquery/dns-packet';
import { Bench } from 'tinybench';
import { benchEnvironment, recordBenchmark } from '../../../scripts/bench-report.js';
import { createDohResolver, type DohResolverOptions } from '../src/index.js';

const LOOKUPS = 200;
const IN_FLIGHT = 20;
const HEDGE_DELAY_MS = 200;
const TIMEOUT_MS = 3000;

/** A DoH server answering every GET with one TXT record, or never answering at all. */
async function upstream(healthy: boolean): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (!healthy) return; // holds the request open until the client gives up
    const dns = new URL(req.url ?? '/', 'http://x').searchParams.get('dns') ?? '';
    const query = packet.decode(
      Uint8Array.from(atob(dns.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
    );
    const question = query.questions?.[0] ?? { name: '', type: 'TXT' as const };
    const body = packet.encode({
      type: 'response',
      id: 0,
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
      questions: [question],
      answers: [
        { name: question.name, type: 'TXT', ttl: 60, data: [new TextEncoder().encode('token')] },
      ],
    });
    res.writeHead(200, {
      'content-type': 'application/dns-message',
      'content-length': body.length,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dns-query`, server };
}

const dead = await upstream(false);
const alive = await upstream(true);

const scenarios: [string, DohResolverOptions][] = [
  ['single healthy upstream', { upstreams: [alive.url] }],
  [
    'hedged (first never answers)',
    { upstreams: [dead.url, alive.url], hedgeDelayMs: HEDGE_DELAY_MS },
  ],
  [
    'sequential (first never answers)',
    { upstreams: [dead.url, alive.url], strategy: 'sequential' },
  ],
];

const bench = new Bench({
  name: 'doh-strategies',
  concurrency: 'task',
  threshold: IN_FLIGHT,
  iterations: LOOKUPS,
  time: 0,
  // One warm-up wave per task, so connection set-up and JIT do not land in the samples.
  warmup: true,
  warmupIterations: IN_FLIGHT,
  warmupTime: 0,
  retainSamples: true,
  throws: true,
});
let counter = 0;
for (const [name, options] of scenarios) {
  const resolver = createDohResolver({ timeoutMs: TIMEOUT_MS, ...options });
  bench.add(name, async () => {
    const result = await resolver.txt(`_n${++counter}.acme.test`);
    if (!result.ok || result.answer.records.length !== 1) throw new Error(JSON.stringify(result));
  });
}
await bench.run();
dead.server.closeAllConnections();
alive.server.closeAllConnections();
dead.server.close();
alive.server.close();

/** Median and p95 (nearest rank) of one task's per-lookup latencies, in ms. */
function stats(name: string) {
  const task = bench.tasks.find((t) => t.name === name);
  const result = task?.result as { latency?: { samples?: number[] } } | undefined;
  const samples = [...(result?.latency?.samples ?? [])].sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)] ?? Number.NaN;
  return { n: samples.length, median: at(0.5), p95: at(0.95) };
}

const healthy = stats('single healthy upstream');
const rows = scenarios.map(([name]) => {
  const s = stats(name);
  return `| ${name} | ${s.n} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${(s.median / healthy.median).toFixed(1)}× |`;
});
const hedged = stats('hedged (first never answers)');
/** The goal line for one statistic: hedged ≤ hedge delay + 1.2 × healthy. */
const goalLine = (stat: 'median' | 'p95') => {
  const goal = HEDGE_DELAY_MS + 1.2 * healthy[stat];
  const verdict = hedged[stat] <= goal ? 'met' : 'NOT met';
  return `- hedged ${stat} **${hedged[stat].toFixed(1)} ms** vs goal ≤ ${HEDGE_DELAY_MS} + 1.2 × ${healthy[stat].toFixed(1)} = ${goal.toFixed(1)} ms: ${verdict}`;
};
const markdown = [
  '## doh: upstream strategies with a dead first upstream',
  '',
  `Two DoH upstreams on 127.0.0.1, the first never answers. ${LOOKUPS} lookups per row, ${IN_FLIGHT} in flight; hedge delay ${HEDGE_DELAY_MS} ms, request timeout ${TIMEOUT_MS} ms. ${benchEnvironment()}`,
  '',
  '| strategy | lookups | median ms | p95 ms | median vs healthy |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
  goalLine('median'),
  goalLine('p95'),
  '- Absolute latencies follow the load of the machine; the goal compares rows of one run.',
].join('\n');
const file = recordBenchmark('doh-strategies', markdown);
console.log(markdown);
console.log(`\nwritten to ${file}`);
