// Tests that start databases or servers get the time a loaded machine needs (the README's
// `pnpm test` once timed out at vitest's 5 s default while PGlite booted).
import { describe, expect, it } from 'vitest';
import config from '../../../vitest.workspace.js';

type Project = { test?: { name?: string; testTimeout?: number; hookTimeout?: number } };

describe('the root test config', () => {
  it.each(['postgres', 'doh', 'smtp', 'examples'])(
    '%s: tests and hooks get at least a minute',
    (name) => {
      const projects = (config.test?.projects ?? []) as Project[];
      const project = projects.find((p) => p.test?.name === name);
      expect(project?.test?.testTimeout).toBeGreaterThanOrEqual(60_000);
      expect(project?.test?.hookTimeout).toBeGreaterThanOrEqual(60_000);
    },
  );
});
