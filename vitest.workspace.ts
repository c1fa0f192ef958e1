// The root vitest config (vitest 4 reads `test.projects` from the config it is given; the
// scripts point at this file). Every package's tests run from here with one command, against
// sources: the `@apexproof/source` export condition resolves workspace packages to `src/`.
import { defineConfig } from 'vitest/config';

const packages = [
  'core',
  'testkit',
  'memory',
  'doh',
  'smtp',
  'postgres',
  'webhooks',
  'authoritative',
  'cli',
];

export default defineConfig({
  resolve: { conditions: ['@apexproof/source'] },
  ssr: { resolve: { conditions: ['@apexproof/source'] } },
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'node_modules/.cache/vitest-report.json' },
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name, include: [`packages/${name}/test/**/*.test.ts`] },
      })),
      {
        extends: true as const,
        test: { name: 'examples', include: ['examples/*/test/**/*.test.ts'] },
      },
    ],
  },
});
