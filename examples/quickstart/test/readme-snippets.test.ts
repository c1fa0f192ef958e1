// Every package README opens with a snippet; this keeps them true. Snippets that need nothing
// outside the process run as written (their module is imported); the others (a DoH upstream,
// an SMTP server, a vitest suite) at least import only names their packages export.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const scratch = join(import.meta.dirname, '../.tmp');

/** The first ```ts block of a package README. */
function snippetOf(pkg: string): string {
  const readme = readFileSync(join(root, 'packages', pkg, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error(`packages/${pkg}/README.md has no ts snippet`);
  return block;
}

/** `import { a, b as c } from '@apexproof/x'` → [['@apexproof/x', ['a', 'b']]]. */
function importsOf(code: string): [string, string[]][] {
  return [...code.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(@apexproof\/[^']+)'/g)].map((m) => [
    m[2] ?? '',
    (m[1] ?? '')
      .split(',')
      .map(
        (n) =>
          n
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0] ?? '',
      )
      .filter(Boolean),
  ]);
}

describe('package README snippets', () => {
  for (const pkg of ['core', 'memory', 'postgres']) {
    it(`${pkg}: runs as written`, async () => {
      mkdirSync(scratch, { recursive: true });
      const file = join(scratch, `${pkg}-readme.ts`);
      writeFileSync(file, snippetOf(pkg));
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        await import(pathToFileURL(file).href);
        expect(log).toHaveBeenCalled();
      } finally {
        log.mockRestore();
      }
      // The postgres snippet starts PGlite and migrates: minutes of CPU on a loaded machine
      // are not a failure of the snippet.
    }, 60_000);
  }

  for (const pkg of ['doh', 'smtp', 'testkit', 'authoritative', 'cli']) {
    it(`${pkg}: imports only what the package exports`, async () => {
      const imports = importsOf(snippetOf(pkg));
      expect(imports.length).toBeGreaterThan(0);
      for (const [specifier, names] of imports) {
        const mod = await import(specifier);
        for (const name of names) expect(mod, `${specifier} exports ${name}`).toHaveProperty(name);
      }
    });
  }
});
