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
  'better-auth',
];

// Projects whose tests start databases (PGlite, a PostgreSQL cluster) or servers (unbound, SMTP,
// HTTP), or build whole better-auth instances: on a loaded 2-core machine booting one takes far longer than vitest's 5 s default, so
// their tests and hooks get a minute. Time is never what these tests check.
export const SLOW_START = { testTimeout: 60_000, hookTimeout: 60_000 };
// The others are pure, but their property tests run thousands of cases: on a machine shared by
// several busy processes they pass vitest's 5 s default too.
const PURE = { testTimeout: 30_000 };
const startsServers = new Set(['doh', 'smtp', 'postgres', 'better-auth', 'examples']);
const timeouts = (name: string) => (startsServers.has(name) ? SLOW_START : PURE);

export default defineConfig({
  resolve: { conditions: ['@apexproof/source'] },
  ssr: { resolve: { conditions: ['@apexproof/source'] } },
  test: {
    // One module graph per worker, not per test file. Isolation re-imported the core, testkit,
    // fast-check, tldts and tr46 for each of ~100 files: about 40 % of the whole run (import
    // 237 s of 825 s at load 9). The tests share no mutable module state (no module mocks,
    // stubbed globals or leaked fake timers; `vitest --sequence.shuffle` passes), and each file
    // still starts and stops its own servers and databases.
    isolate: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'node_modules/.cache/vitest-report.json' },
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name, include: [`packages/${name}/test/**/*.test.ts`], ...timeouts(name) },
      })),
      {
        extends: true as const,
        test: {
          name: 'examples',
          include: ['examples/*/test/**/*.test.ts'],
          ...timeouts('examples'),
        },
      },
    ],
  },
});
