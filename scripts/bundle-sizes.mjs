// Bundles each published entry point as a user's bundler would (esbuild, minified, from the
// packages' `exports`, i.e. dist; flags as in docs/runtimes.md) and reports minified and gzip
// sizes. `--write` puts the table into docs/benchmarks.md between its bundle-size markers;
// `--check` fails when a bundle that uses no e-mail carries the vendored provider list.
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const NEUTRAL = { platform: 'neutral', mainFields: ['module', 'main'] };
const NODE = { platform: 'node' };
/** A domain of the vendored free-mail list: present only where the list is. */
const LIST_MARKER = 'mailinator.com';

const cases = [
  {
    name: '`toApex` (`@apexproof/core`)',
    code: "import { toApex } from '@apexproof/core'; export const f = toApex;",
    flags: NEUTRAL,
    list: false,
  },
  {
    name: '`compileRedirectPolicy` (`@apexproof/core`)',
    code: "export { compileRedirectPolicy } from '@apexproof/core';",
    flags: NEUTRAL,
    list: false,
  },
  {
    name: '`createApexproof` + `@apexproof/memory`',
    code: "export { createApexproof } from '@apexproof/core'; export * from '@apexproof/memory';",
    flags: NEUTRAL,
    list: true,
  },
  {
    name: '`@apexproof/doh` (main entry)',
    code: "export { createDohResolver } from '@apexproof/doh';",
    flags: NEUTRAL,
    list: false,
  },
  {
    name: '`@apexproof/doh/node` (undici included)',
    code: "export { createDohResolver } from '@apexproof/doh/node';",
    flags: NODE,
    list: false,
  },
  {
    name: '`@apexproof/postgres` (without pg / PGlite)',
    code: "export * from '@apexproof/postgres';",
    flags: NEUTRAL,
    list: false,
  },
  {
    name: '`@apexproof/webhooks` (standardwebhooks included)',
    code: "export * from '@apexproof/webhooks';",
    flags: NEUTRAL,
    list: false,
  },
  {
    name: '`@apexproof/smtp` (nodemailer included)',
    code: "export * from '@apexproof/smtp';",
    flags: NODE,
    list: false,
  },
];

// Every workspace package under its published name, resolved through its `exports` (dist).
const links = join(root, '.tmp/bundle-sizes/node_modules');
mkdirSync(join(links, '@apexproof'), { recursive: true });
for (const folder of readdirSync(join(root, 'packages'))) {
  const link = join(links, '@apexproof', folder);
  rmSync(link, { force: true });
  symlinkSync(join(root, 'packages', folder), link);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [];
const problems = [];
for (const c of cases) {
  const result = await build({
    stdin: { contents: c.code, resolveDir: root, loader: 'js' },
    nodePaths: [links],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'error',
    external: ['pg', '@electric-sql/pglite'],
    ...c.flags,
  });
  const text = result.outputFiles[0]?.text ?? '';
  const hasList = text.includes(LIST_MARKER);
  if (hasList !== c.list) {
    problems.push(`${c.name}: e-mail provider list ${hasList ? 'bundled' : 'missing'}`);
  }
  const bytes = Buffer.byteLength(text);
  rows.push(
    `| ${c.name} | ${c.flags.platform} | ${kb(bytes)} | ${kb(gzipSync(text, { level: 9 }).length)} | ${hasList ? 'yes' : 'no'} |`,
  );
}
const table = [
  '| entry point | esbuild platform | minified | gzip -9 | e-mail list |',
  '| --- | --- | --- | --- | --- |',
  ...rows,
].join('\n');
console.log(table);
if (process.argv.includes('--write')) {
  const file = join(root, 'docs/benchmarks.md');
  const doc = readFileSync(file, 'utf8');
  const start = '<!-- bundle-sizes:start -->';
  const end = '<!-- bundle-sizes:end -->';
  const at = doc.indexOf(start);
  const until = doc.indexOf(end);
  if (at < 0 || until < 0) throw new Error(`docs/benchmarks.md has no ${start} … ${end}`);
  writeFileSync(file, `${doc.slice(0, at + start.length)}\n${table}\n${doc.slice(until)}`);
}
for (const p of problems) console.log(`FAIL ${p}`);
if (process.argv.includes('--check') && problems.length > 0) process.exitCode = 1;
