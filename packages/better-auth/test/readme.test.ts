// The README's first snippet runs as written (against this package's sources), and every
// snippet imports only names the packages export.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const here = join(import.meta.dirname, '..');
const blocks = [
  ...readFileSync(join(here, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g),
].map((m) => m[1] ?? '');
const ownEntry: Record<string, string> = {
  '@apexproof/better-auth': join(here, 'src/index.ts'),
  '@apexproof/better-auth/client': join(here, 'src/client.ts'),
};

describe('README snippets', () => {
  it('runs the first one as written', async () => {
    const scratch = join(here, '.tmp');
    mkdirSync(scratch, { recursive: true });
    const file = join(scratch, 'readme-1.ts');
    const code = (blocks[0] ?? '').replace(
      /from '(@apexproof\/better-auth(?:\/client)?)'/g,
      (_, name: string) => `from '${pathToFileURL(ownEntry[name] ?? name).href}'`,
    );
    writeFileSync(file, code);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(pathToFileURL(file).href);
      const lines = log.mock.calls.map((c) => String(c[0]));
      expect(lines[0]).toMatch(/^publish TXT _apexproof-verification = apexproof-verification=/);
      expect(lines).toContain('acme.co verified');
      expect(lines.at(-1)).toMatch(/^acme\.co belongs to organization \S+$/);
    } finally {
      log.mockRestore();
    }
  });

  it('imports only what the packages export', async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      for (const m of block.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
        const specifier = m[2] ?? '';
        const mod = await import(ownEntry[specifier] ?? specifier);
        for (const raw of (m[1] ?? '').split(',')) {
          const name = raw.trim().replace(/^type\s+/, '');
          if (name && !raw.trim().startsWith('type '))
            expect(mod, `${specifier} exports ${name}`).toHaveProperty(name);
        }
      }
    }
  });
});
