// Benchmark of RedirectPolicy#authorize (DESIGN §7): one run (several rounds) compares authorize with
// 1, 100 and 10 000 patterns against one `new URL()` of the same URL, and hostile inputs against
// `new URL()` of the same hostile string, and records the ratios in docs/benchmarks.md.
// Goals: authorize ≤ 1.5× new URL(); 10 000 patterns ≤ 1.3× 1 pattern; each hostile input ≤ 3×.
import { benchEnvironment, recordBenchmark } from '../../../scripts/bench-report.js';
import { compileRedirectPolicy, type RedirectPolicyPattern } from '../src/index.js';
import { hostileTasks } from './redirect-hostile.js';
import { median, medianRatio, ratioRange, runRounds } from './rounds.js';

const URL_UNDER_TEST = 'https://app.acme.co/oauth/callback?state=8f2c1e&code=a1b2c3d4';

/** Verified domains of one organization: the main apex and a few product domains. */
const domains = [
  { id: 'dom-acme', apex: 'acme.co' },
  { id: 'dom-shop', apex: 'acme-shop.com' },
  { id: 'dom-uk', apex: 'acme.co.uk' },
  { id: 'dom-dev', apex: 'acme.dev' },
];

/**
 * `count` patterns spread the way a large organization registers them: per-tenant
 * subdomains, each with a few callback paths at various depths. The pattern that matches
 * the URL under test (`app.acme.co` + `/oauth`) is always present.
 */
function patterns(count: number): RedirectPolicyPattern[] {
  const out: RedirectPolicyPattern[] = [
    { id: 'p-0', domainId: 'dom-acme', host: 'app.acme.co', pathPrefix: '/oauth' },
  ];
  const paths = ['/oauth/callback', '/auth/return', '/sso', '/login/done', '/v2/oauth/cb'];
  for (let i = 1; out.length < count; i++) {
    const domain = domains[i % domains.length] ?? domains[0];
    if (domain === undefined) break;
    const host = i % 10 === 0 ? 'app.acme.co' : `tenant-${i % 2000}.${domain.apex}`;
    const path = `${paths[i % paths.length]}/${Math.floor(i / 7)}`;
    out.push({ id: `p-${i}`, domainId: domain.id, host, pathPrefix: path });
  }
  return out;
}

const policies = [1, 100, 10_000].map((n) => ({
  n,
  policy: compileRedirectPolicy({ domains, patterns: patterns(n) }),
}));
for (const { n, policy } of policies) {
  const r = policy.authorize(URL_UNDER_TEST);
  if (!r.isOk() || r.value.patternId !== 'p-0')
    throw new Error(`policy with ${n} patterns refused`);
}

// Each task runs a batch, so tinybench's own per-call overhead does not blur sub-µs costs.
const BATCH = 100;
const BASE = 'new URL()';
let sink = 0;
const tasks: Record<string, () => void> = {
  [BASE]: () => {
    for (let i = 0; i < BATCH; i++) sink += new URL(URL_UNDER_TEST).pathname.length;
  },
};
for (const { n, policy } of policies) {
  tasks[`authorize, ${n} patterns`] = () => {
    for (let i = 0; i < BATCH; i++) if (policy.authorize(URL_UNDER_TEST).isOk()) sink++;
  };
}
const hostile = hostileTasks();
Object.assign(tasks, hostile.tasks);
const result = await runRounds('core-redirect', tasks);
if (sink === 0) throw new Error('nothing ran');

const perCallNs = (name: string, batch = BATCH): number =>
  1e9 / (median(result.ops[name] ?? []) * batch);
// Ratios of costs are inverse ratios of throughputs, each taken within one round.
const costRatio = (name: string, base: string): number => medianRatio(result, base, name);
const rows = [
  '| task | ns per call | vs `new URL()` |',
  '| --- | ---: | ---: |',
  `| \`new URL()\` (baseline) | ${perCallNs(BASE).toFixed(0)} | 1.00× |`,
  ...policies.map(({ n }) => {
    const name = `authorize, ${n} patterns`;
    return `| \`authorize\`, ${n.toLocaleString('en')} pattern${n === 1 ? '' : 's'} | ${perCallNs(name).toFixed(0)} | ${costRatio(name, BASE).toFixed(2)}× |`;
  }),
];
const spread = (name: string, base: string): string => {
  const [low, high] = ratioRange(result, base, name);
  return `${low.toFixed(2)}–${high.toFixed(2)}×`;
};
const hostileRows = hostile.cases.map(({ label, task, baseline, batch }) => {
  const ratio = costRatio(task, baseline);
  return `| ${label} | ${perCallNs(baseline, batch).toFixed(0)} | ${perCallNs(task, batch).toFixed(0)} | **${ratio.toFixed(2)}×** (${spread(task, baseline)}) | ${ratio <= 3 ? 'met' : 'NOT met'} |`;
});
const authRatio = costRatio('authorize, 1 patterns', BASE);
const scaleRatio = costRatio('authorize, 10000 patterns', 'authorize, 1 patterns');
const markdown = [
  '## core: redirect authorization',
  '',
  `URL: \`${URL_UNDER_TEST}\`, accepted by a pattern \`https://app.acme.co/oauth\`. ${result.rounds} rounds, task order rotated; ns are medians, ratios the median of per-round ratios. ${benchEnvironment()}`,
  '',
  ...rows,
  '',
  `- authorize / new URL(): **${authRatio.toFixed(2)}×** (per-round ${spread('authorize, 1 patterns', BASE)}; goal ≤ 1.5×): ${authRatio <= 1.5 ? 'met' : 'NOT met'}`,
  `- 10 000 patterns / 1 pattern: **${scaleRatio.toFixed(2)}×** (goal ≤ 1.3×): ${scaleRatio <= 1.3 ? 'met' : 'NOT met'}`,
  '',
  'Hostile inputs, each against `new URL()` of the same string in the same round (goal ≤ 3×; the cost of a refusal before parsing is far below the parse):',
  '',
  '| hostile input | `new URL()` ns | `authorize` / parse ns | ratio (per-round range) | goal |',
  '| --- | ---: | ---: | ---: | --- |',
  ...hostileRows,
].join('\n');
const file = recordBenchmark('core-redirect', markdown);
console.log(markdown);
console.log(`\nwritten to ${file}`);
