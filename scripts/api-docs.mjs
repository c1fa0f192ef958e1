// Builds the Markdown API reference of every package into docs/api (TypeDoc with
// typedoc-plugin-markdown, typedoc.json). Fails on any TypeDoc warning — a broken `{@link}`, a
// type used in a public signature but not exported, an invalid path — and on an undocumented
// export (function, class, interface, type alias, variable) that is not in the known list
// docs/api-undocumented.txt, which may only shrink: document the export, then delete its line.
// `--check` also fails when the committed docs/api differs from the rebuilt one (CI).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const knownFile = join(root, 'docs/api-undocumented.txt');
const check = process.argv.includes('--check');

rmSync(join(root, 'docs/api'), { recursive: true, force: true });
const run = spawnSync('npx', ['--no-install', 'typedoc'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
});
const lines = `${run.stdout}\n${run.stderr}`
  .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '') // ANSI colours
  .split('\n')
  .filter((l) => /^\[(warning|error)\]/.test(l) && !/^\[warning\] Found \d+ errors/.test(l));

const undocumented =
  /^\[warning\] (\S+) \(\w+\), defined in (@apexproof\/[^/]+)\/.* does not have any documentation$/;
const known = new Set(
  readFileSync(knownFile, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#')),
);
const found = [];
const problems = [];
for (const line of lines) {
  const m = undocumented.exec(line);
  if (m) found.push(`${m[2]} ${m[1]}`);
  else problems.push(line);
}
for (const entry of found) if (!known.has(entry)) problems.push(`undocumented export: ${entry}`);
if (process.argv.includes('--write-known')) {
  const header = readFileSync(knownFile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('#'));
  writeFileSync(knownFile, `${[...header, ...[...new Set(found)].sort()].join('\n')}\n`);
}
if (run.status !== 0 && problems.length === 0) problems.push(`typedoc exited with ${run.status}`);
if (check) {
  execFileSync('git', ['add', '--intent-to-add', 'docs/api'], { cwd: root });
  const diff = spawnSync('git', ['diff', '--stat', '--exit-code', '--', 'docs/api'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (diff.status !== 0)
    problems.push(`docs/api is out of date (run pnpm docs:api):\n${diff.stdout}`);
}
for (const p of problems) console.log(p);
console.log(`${found.length} known undocumented exports, ${problems.length} problems`);
process.exitCode = problems.length > 0 ? 1 : 0;
