// Builds the Markdown API reference of every package into docs/api (TypeDoc with
// typedoc-plugin-markdown, typedoc.json). Fails on any TypeDoc warning — a broken `{@link}`, a
// type used in a public signature but not exported, an invalid path — and on every undocumented
// export (function, class, interface, type alias, variable, and the members TypeDoc lists with
// them): each one needs a TSDoc comment. `--check` also fails when the committed docs/api differs
// from the rebuilt one (CI); it only reads git, never changes the index.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
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
const problems = lines.map((line) => {
  const m = undocumented.exec(line);
  return m ? `undocumented export: ${m[2]} ${m[1]} (add a TSDoc comment)` : line;
});
if (run.status !== 0 && problems.length === 0) problems.push(`typedoc exited with ${run.status}`);
if (check) {
  const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const diff = git(['diff', '--stat', '--exit-code', '--', 'docs/api']);
  const added = git(['ls-files', '--others', '--exclude-standard', '--', 'docs/api']).stdout.trim();
  if (diff.status !== 0 || added !== '')
    problems.push(
      `docs/api is out of date (run pnpm docs:api):\n${diff.stdout}${added ? `new: ${added}\n` : ''}`,
    );
}
for (const p of problems) console.log(p);
console.log(`${problems.length} problems`);
process.exitCode = problems.length > 0 ? 1 : 0;
