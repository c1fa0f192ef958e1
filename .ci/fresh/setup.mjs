// Lays out a fresh consumer project for .ci/fresh-project.sh: a package.json that installs the
// packed tarballs with plain npm next to another neverthrow 8.x (8.1.1, not the 8.2.0 the
// workspace builds with) and TypeScript 5.7 (the documented minimum) besides the current one,
// every ```ts block of every package README as its own module under snippets/, and the
// consumer files of this folder. A README block preceded by a line
// `<!-- fresh-project: types-only (reason) -->` is type-checked but not run.
// Usage: node setup.mjs <tarball-dir> <project-dir>  → prints the snippet plan as JSON.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const [packDir, project] = process.argv.slice(2).map((p) => resolve(p));
const root = resolve(import.meta.dirname, '../..');

const tarballs = {};
for (const file of readdirSync(packDir).filter((f) => f.endsWith('.tgz'))) {
  // apexproof-core-0.1.0.tgz → @apexproof/core
  const name = `@apexproof/${basename(file)
    .replace(/^apexproof-/, '')
    .replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`;
  tarballs[name] = `file:${join(packDir, file)}`;
}

mkdirSync(join(project, 'snippets'), { recursive: true });
const plan = [];
for (const folder of readdirSync(join(root, 'packages'))) {
  let readme;
  try {
    readme = readFileSync(join(root, 'packages', folder, 'README.md'), 'utf8');
  } catch {
    continue;
  }
  const blocks = [
    ...readme.matchAll(/(?:<!-- fresh-project: ([^>]*?) -->\n)?```ts\n([\s\S]*?)```/g),
  ];
  blocks.forEach((m, i) => {
    const code = m[2] ?? '';
    const isTest = /from '@apexproof\/testkit'/.test(code);
    const file = `${folder}-${i + 1}${isTest ? '.test' : ''}.ts`;
    // `export {}` keeps every block a module (top-level await, no global name clashes).
    writeFileSync(join(project, 'snippets', file), `${code}\nexport {};\n`);
    const mode = m[1]?.startsWith('types-only') ? 'types-only' : isTest ? 'vitest' : 'run';
    plan.push({
      readme: `packages/${folder}/README.md`,
      block: i + 1,
      file,
      mode,
      note: m[1] ?? '',
    });
  });
}

cpSync(join(import.meta.dirname, 'consumer'), join(project, 'consumer'), { recursive: true });
// Every typed entry point of every packed package, for a check of the declarations themselves.
// Packages built on a framework whose own declarations do not compile with skipLibCheck off
// (better-auth's need `bun:sqlite` and `node:sqlite` types) are checked with it on instead.
const CHECKED_WITH_LIBS = new Set(['@apexproof/better-auth']);
const entryLines = [];
const libEntryLines = [];
for (const folder of readdirSync(join(root, 'packages'))) {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(root, 'packages', folder, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  if (!tarballs[pkg.name]) continue;
  for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
    if (typeof target !== 'object' || !target.types) continue;
    const line = `export type * as e${entryLines.length + libEntryLines.length} from '${pkg.name}${sub.slice(1)}';`;
    (CHECKED_WITH_LIBS.has(pkg.name) ? libEntryLines : entryLines).push(line);
  }
}
writeFileSync(join(project, 'consumer', 'entries.ts'), `${entryLines.join('\n')}\n`);
writeFileSync(join(project, 'consumer', 'entries-with-libs.ts'), `${libEntryLines.join('\n')}\n`);
writeFileSync(
  join(project, 'package.json'),
  `${JSON.stringify(
    {
      name: 'apexproof-fresh-consumer',
      private: true,
      type: 'module',
      dependencies: {
        ...tarballs,
        neverthrow: '8.1.1',
        '@electric-sql/pglite': '^0.5.16',
        pg: '^8.23.1',
        undici: '^7.30.2',
        postgres: '^3.4.9',
        'better-auth': '^1.7.25',
      },
      devDependencies: {
        typescript: '6.0.3',
        typescript57: 'npm:typescript@5.7.3',
        '@types/node': '^20.19.9',
        '@types/pg': '^8.23.1',
        vitest: '^4.1.12',
        'fast-check': '^4.10.2',
      },
    },
    null,
    2,
  )}\n`,
);
const base = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  // PGlite's own declarations need Emscripten types it does not depend on.
  skipLibCheck: true,
  outDir: 'out',
  rootDir: '.',
};
const tsconfig = (compilerOptions, include) =>
  `${JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, include }, null, 2)}\n`;
// Snippets and the neverthrow consumer: a Node backend (no DOM lib).
writeFileSync(
  join(project, 'tsconfig.json'),
  tsconfig({ lib: ['ES2023'], types: ['node'] }, [
    'snippets',
    'consumer/neverthrow.ts',
    'consumer/smtp-tls.ts',
  ]),
);
// The packages' own declarations, checked in full (skipLibCheck off), as a strict Node
// consumer that loads @types/node but no DOM lib sees them.
writeFileSync(
  join(project, 'tsconfig.decl.json'),
  tsconfig({ lib: ['ES2023'], types: ['node'], skipLibCheck: false, noEmit: true }, [
    'consumer/entries.ts',
  ]),
);
// The same for the packages in CHECKED_WITH_LIBS, their framework's declarations skipped.
writeFileSync(
  join(project, 'tsconfig.decl-libs.json'),
  tsconfig({ lib: ['ES2023'], types: ['node'], skipLibCheck: true, noEmit: true }, [
    'consumer/entries-with-libs.ts',
  ]),
);
// A consumer with both the DOM lib and @types/node handing undici's fetch to the DoH resolver.
writeFileSync(
  join(project, 'tsconfig.dom.json'),
  tsconfig({ lib: ['ES2023', 'DOM'], types: ['node'], noEmit: true }, ['consumer/doh-fetch.ts']),
);
console.log(JSON.stringify(plan));
