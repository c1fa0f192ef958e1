// Copies the OpenAPI documents of the seeds (product docs, outside this repository) into
// examples/shared/openapi/*.json, so the examples' tests validate responses against the
// products' own schemas on any clone. Run from the repository root:
//   node examples/shared/scripts/vendor-openapi.mjs [seeds-dir]      (default ../shared/seeds)
//   node examples/shared/scripts/vendor-openapi.mjs [seeds-dir] --check   exit 1 when stale
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const args = process.argv.slice(2);
const seeds = resolve(root, args.find((a) => !a.startsWith('--')) ?? '../shared/seeds');
const check = args.includes('--check');

/** Which seed documents which example's API. */
const SOURCES = [
  { seed: '000', example: 'kayle' },
  { seed: '003', example: 'lightdash' },
];

let stale = false;
for (const { seed, example } of SOURCES) {
  const file = readdirSync(seeds).find((f) => f.startsWith(`${seed}_`));
  if (!file) throw new Error(`seed ${seed} not found in ${seeds}`);
  const text = readFileSync(join(seeds, file), 'utf8');
  // The document is the one fenced ````yaml block of the page.
  const block = /^````yaml[^\n]*\n([\s\S]*?)^````/m.exec(text)?.[1];
  if (!block) throw new Error(`no OpenAPI block in ${file}`);
  const document = { 'x-source': `seed ${file}`, ...parse(block) };
  const target = join(here, '..', 'openapi', `${example}-seed-${seed}.json`);
  const json = `${JSON.stringify(document, null, 2)}\n`;
  if (check) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {}
    if (current !== json) {
      console.error(`${target} is stale: run the vendor script`);
      stale = true;
    }
  } else writeFileSync(target, json);
}
if (stale) process.exit(1);
