// Benchmark of toApex (DESIGN §3) against raw `tldts.getDomain` with private domains on, on
// one deterministic corpus of 10 000 hosts, in one run of several rounds; the ratio goes into
// docs/benchmarks.md. Goal: toApex ≥ 0.5× getDomain's throughput.

import { getDomain } from 'tldts';
import { benchEnvironment, recordBenchmark } from '../../../scripts/bench-report.js';
import { normalizeHost, toApex } from '../src/index.js';
import { median, medianRatio, ratioRange, runRounds } from './rounds.js';

const CORPUS_SIZE = 10_000;

/** mulberry32: a tiny seeded PRNG, so every run measures the same corpus. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20_260_822);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Suffixes: one-label, multi-label, wildcard-governed, and private (PSL private section). */
const SUFFIXES = [
  'com',
  'com',
  'com',
  'net',
  'org',
  'io',
  'de',
  'fr',
  'nl',
  'dev',
  'app',
  'ai',
  'co.uk',
  'org.uk',
  'com.au',
  'co.jp',
  'com.br',
  'co.nz',
  'gov.uk',
  'ac.jp',
  'k12.ak.us',
  'github.io',
  'herokuapp.com',
  'netlify.app',
  'pages.dev',
  'blogspot.com',
  's3.amazonaws.com',
  'vercel.app',
  'web.app',
  'b.c.mm',
];
const SUBDOMAINS = [
  'www',
  'app',
  'api',
  'mail',
  'cdn',
  'static',
  'auth',
  'eu-west-1',
  'dev',
  'docs',
];
const WORDS = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'hooli',
  'stark',
  'wayne',
  'tyrell',
  'cyberdyne',
  'soylent',
];

/** Internationalized names in several scripts, under ASCII and IDN suffixes. */
const IDN_LABELS = [
  'bücher',
  'straße',
  'münchen',
  'café',
  'пример',
  'москва',
  '日本語',
  'ソニー',
  '中文网',
  'παράδειγμα',
  '한국어',
  'ไทย',
];
const IDN_SUFFIXES = ['de', 'com', 'fr', 'рф', 'jp', '中国', 'gr', 'kr', 'th', 'co.jp'];

function asciiHost(): string {
  const name = `${pick(WORDS)}${Math.floor(random() * 1000)}`;
  const subs = Array.from({ length: Math.floor(random() * 3) }, () => pick(SUBDOMAINS));
  return [...subs, name, pick(SUFFIXES)].join('.');
}

function idnHost(): string {
  const label = `${pick(IDN_LABELS)}${random() < 0.5 ? Math.floor(random() * 100) : ''}`;
  return [...(random() < 0.3 ? ['www'] : []), label, pick(IDN_SUFFIXES)].join('.');
}

/** ~10% IDNs, ~10% URLs, ~10% uppercase, ~10% root dot, the rest plain lowercase hosts. */
function corpusEntry(): string {
  const roll = random();
  if (roll < 0.1) return idnHost();
  const host = asciiHost();
  if (roll < 0.2)
    return `https://${host}${random() < 0.5 ? ':8443' : ''}/path?q=${Math.floor(random() * 100)}`;
  if (roll < 0.3) return host.toUpperCase();
  if (roll < 0.4) return `${host}.`;
  return host;
}

const corpus = Array.from({ length: CORPUS_SIZE }, corpusEntry);
const idnShare = corpus.filter((h) => /[^\p{ASCII}]/u.test(h)).length / CORPUS_SIZE;

// Sanity: every entry is accepted, and plain ASCII entries agree with tldts.
for (const input of corpus) {
  const result = toApex(input);
  if (result.isErr()) throw new Error(`corpus entry refused: ${input} (${result.error.message})`);
  if (
    /^[a-z0-9.-]+$/.test(input) &&
    result.value.apex !== getDomain(input, { allowPrivateDomains: true })
  ) {
    throw new Error(`apex disagrees with tldts for ${input}`);
  }
}

const PRIVATE = { allowPrivateDomains: true } as const;
let sink = 0;
const BASE = 'tldts getDomain';
const result = await runRounds('core-apex', {
  [BASE]: () => {
    for (const input of corpus) sink += getDomain(input, PRIVATE)?.length ?? 0;
  },
  toApex: () => {
    for (const input of corpus) if (toApex(input).isOk()) sink++;
  },
  normalizeHost: () => {
    for (const input of corpus) if (normalizeHost(input).isOk()) sink++;
  },
});
if (sink === 0) throw new Error('nothing ran');

const nsPerHost = (name: string) => 1e9 / (median(result.ops[name] ?? []) * CORPUS_SIZE);
const rows = [BASE, 'toApex', 'normalizeHost'].map((name) => {
  const label = name === BASE ? '`getDomain(host, { allowPrivateDomains: true })`' : `\`${name}\``;
  return `| ${label} | ${nsPerHost(name).toFixed(0)} | ${medianRatio(result, name, BASE).toFixed(2)}× |`;
});
const ratio = medianRatio(result, 'toApex', BASE);
const [low, high] = ratioRange(result, 'toApex', BASE);
const markdown = `## core: apex normalization

Corpus: ${CORPUS_SIZE.toLocaleString('en')} deterministic hosts (${(idnShare * 100).toFixed(0)}% IDNs; the rest mixes URLs, uppercase, root dots, multi-label and private suffixes). ${result.rounds} rounds, task order rotated; ns are medians, ratios the median of per-round ratios. ${benchEnvironment()}

| task | ns per host | throughput vs getDomain |
| --- | ---: | ---: |
${rows.join('\n')}

Goal: \`toApex\` ≥ 0.5× \`getDomain\`; measured **${ratio.toFixed(2)}×** (rounds ${low.toFixed(2)}–${high.toFixed(2)}×): ${ratio >= 0.5 ? 'met' : 'NOT met'}. \`toApex\` does strictly more: UTS #46 (tr46), script checks, IP detection, DNS limits. Each BMP character's UTS #46 status is learnt once per process, on first sight.`;

const file = recordBenchmark('core-apex', markdown);
console.log(markdown);
console.log(`\nwritten to ${file}`);
