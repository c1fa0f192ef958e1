// Bundles the workspace's tests that need no Node API into one ES module per runtime family,
// with `vitest` replaced by vitest-shim.ts. Every `packages/*/test` and `examples/*/test` file is
// tried (new packages are covered without editing this list); a file is left out when its bundle
// imports a Node builtin (`node:*`, `fs`, …) or when EXCLUDED names it with the reason. The tests
// run against sources (the `@apexproof/source` condition), as under vitest.
// Usage: node .ci/matrix/build-tests.mjs <outdir>  → <outdir>/tests.mjs, <outdir>/tests.worker.mjs
import { readdirSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '../..');
const out = process.argv[2] ?? join(root, '.tmp/ci/matrix');

/** Test files that bundle without Node builtins but still need something a runtime lacks. */
const EXCLUDED = {};

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const testFiles = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
const candidates = ['packages', 'examples'].flatMap((top) =>
  readdirSync(join(root, top), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      try {
        return testFiles(join(root, top, e.name, 'test'));
      } catch {
        return [];
      }
    }),
);

const common = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  conditions: ['@apexproof/source'],
  alias: { vitest: join(import.meta.dirname, 'vitest-shim.ts') },
  logLevel: 'silent',
  write: false,
};

/** The Node builtins a file's bundle would import, or an esbuild error. */
async function nodeNeeds(file) {
  const needs = new Set();
  const plugin = {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!builtins.has(args.path)) return undefined;
        needs.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
  try {
    await build({ ...common, entryPoints: [file], plugins: [plugin] });
  } catch (error) {
    return [`bundle error: ${String(error.message ?? error).split('\n')[0]}`];
  }
  return [...needs];
}

const included = [];
const checked = await Promise.all(
  candidates.sort().map(async (file) => {
    const name = relative(root, file);
    return [name, EXCLUDED[name] ? [EXCLUDED[name]] : await nodeNeeds(file)];
  }),
);
for (const [name, needs] of checked) {
  if (needs.length === 0) included.push(name);
  else console.log(`skip ${name}: ${needs.slice(0, 4).join(', ')}`);
}
console.log(`portable test files: ${included.length} of ${candidates.length}`);

const load = [
  "import { runAll, startFile } from 'vitest';",
  'async function load() {',
  ...included.map(
    (f) => `  startFile(${JSON.stringify(f)}); await import(${JSON.stringify(`./${f}`)});`,
  ),
  '}',
].join('\n');
const entries = {
  'tests.mjs': `${load}\nawait load();\nconst s = await runAll(RUNTIME);\nif (s.failed > 0) throw new Error(s.failed + ' failed');\n`,
  'tests.worker.mjs': `${load}\nexport default { async test() { await load(); const s = await runAll('workerd'); if (s.failed > 0) throw new Error(s.failed + ' failed'); } };\n`,
};
for (const [file, contents] of Object.entries(entries)) {
  const result = await build({
    ...common,
    stdin: { contents, resolveDir: root, loader: 'js', sourcefile: file },
    define: { RUNTIME: 'globalThis.__RUNTIME__' },
    write: true,
    outfile: join(out, file),
  });
  if (result.errors.length > 0) process.exitCode = 1;
}
writeFileSync(join(out, 'tests.files.txt'), `${included.join('\n')}\n`);
