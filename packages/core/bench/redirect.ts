// Benchmark of RedirectPolicy#authorize (DESIGN §7): one run (several rounds) compares authorize with
// 1, 100 and 10 000 patterns against one `new URL()` of the same URL, and hostile inputs against
// `new URL()` of the same hostile string, and records the ratios in docs/benchmarks.md.
// Goals: authorize ≤ 1.5× new URL() (a plain URL, read without the parser); 10 000 patterns ≤ 1.3× 1 pattern; each hostile input ≤ 3×.

import { ok } from 'neverthrow';
import { benchEnvironment, recordBenchmark } from '../../../scripts/bench-report.js';
import { compileRedirectPolicy, type RedirectPolicyPattern } from '../src/index.js';
import { buildIndex } from '../src/redirect/host-index.js';
import { plainFastPath } from '../src/redirect/policy.js';
import { longestPrefix } from '../src/redirect/prefix-trie.js';
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
const GETTERS = 'new URL() + href, pathname, hostname';
const SKELETON = 'skeleton (no checks)';
let sink = 0;
const tasks: Record<string, () => void> = {
  [BASE]: () => {
    for (let i = 0; i < BATCH; i++) sink += new URL(URL_UNDER_TEST).pathname.length;
  },
};
// Where the floor lies: what any decision on the parser's reading must do before the first
// check (read the serialization, compare it with the input, look the host and the path up,
// build the answer), with every check left out. Not a policy: it accepts `#`, `@`, ports, …
const floorIndex = buildIndex(domains, patterns(1));
function skeleton(raw: string) {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return undefined;
  }
  const href = parsed.href;
  const pathname = parsed.pathname;
  const host = parsed.hostname;
  if (href !== raw) return undefined;
  const entry = floorIndex.hosts.get(host);
  if (entry === undefined || entry.prefixes === undefined) return undefined;
  const match = longestPrefix(entry.prefixes, pathname);
  if (match === undefined) return undefined;
  return ok({ domainId: match.domainId, patternId: match.patternId, url: href });
}
if (skeleton(URL_UNDER_TEST)?.isOk() !== true) throw new Error('the skeleton refused');
tasks[GETTERS] = () => {
  for (let i = 0; i < BATCH; i++) {
    const parsed = new URL(URL_UNDER_TEST);
    sink += parsed.href.length + parsed.pathname.length + parsed.hostname.length;
  }
};
tasks[SKELETON] = () => {
  for (let i = 0; i < BATCH; i++) if (skeleton(URL_UNDER_TEST)?.isOk()) sink++;
};
for (const { n, policy } of policies) {
  tasks[`authorize, ${n} patterns`] = () => {
    for (let i = 0; i < BATCH; i++) if (policy.authorize(URL_UNDER_TEST).isOk()) sink++;
  };
}
// The full path, as every URL outside the plain-URL language takes it (upper case, `%`, port…).
const FULL = 'authorize, 1 pattern, full parse';
const onePattern = policies[0]?.policy;
tasks[FULL] = () => {
  plainFastPath.enabled = false;
  try {
    for (let i = 0; i < BATCH; i++) if (onePattern?.authorize(URL_UNDER_TEST).isOk()) sink++;
  } finally {
    plainFastPath.enabled = true;
  }
};
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
  `| \`new URL()\`, then \`href\`, \`pathname\`, \`hostname\` read | ${perCallNs(GETTERS).toFixed(0)} | ${costRatio(GETTERS, BASE).toFixed(2)}× |`,
  `| skeleton: parse, canonical compare, host and prefix lookup, answer; **no check** | ${perCallNs(SKELETON).toFixed(0)} | ${costRatio(SKELETON, BASE).toFixed(2)}× |`,
  ...policies.map(({ n }) => {
    const name = `authorize, ${n} patterns`;
    return `| \`authorize\`, ${n.toLocaleString('en')} pattern${n === 1 ? '' : 's'} | ${perCallNs(name).toFixed(0)} | ${costRatio(name, BASE).toFixed(2)}× |`;
  }),
  `| \`authorize\`, 1 pattern, plain-URL shortcut off (the full parse every non-plain URL takes) | ${perCallNs(FULL).toFixed(0)} | ${costRatio(FULL, BASE).toFixed(2)}× |`,
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
  `- this URL is plain (a fixed point of the WHATWG parser, see docs/concepts/redirects.md#cost): \`authorize\` reads it without \`new URL()\`. Any other URL takes the full parse (**${costRatio(FULL, BASE).toFixed(2)}×**, per-round ${spread(FULL, BASE)}), whose floor is the skeleton: **${costRatio(SKELETON, BASE).toFixed(2)}×** \`new URL()\` (per-round ${spread(SKELETON, BASE)}) with no check at all.`,
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
