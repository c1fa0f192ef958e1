// The NSD hierarchy for a test file: started once (generous hooks: the machine may be loaded),
// stopped after. Without nsd the suite is skipped locally and fails under CI=true.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Hierarchy, startHierarchy } from './hierarchy.js';
import { findNsd } from './nsd.js';

export const nsdAvailable = (await findNsd()) !== undefined;
const required = process.env.CI === 'true';

/** The describe to use for NSD-backed suites, and the running hierarchy once started. */
export function useHierarchy(label: string): {
  suite: (name: string, fn: () => void) => void;
  current: () => Hierarchy;
} {
  let hierarchy: Hierarchy | undefined;
  if (!nsdAvailable && required)
    describe(`${label}: NSD`, () => {
      it('is installed (CI=true requires it)', () => {
        throw new Error(
          'nsd not found in PATH or /usr/sbin; CI must install it (apt-get install nsd)',
        );
      });
    });
  else if (!nsdAvailable) console.warn(`[${label}] skipping NSD suites: nsd is not installed`);
  beforeAll(async () => {
    if (nsdAvailable) hierarchy = await startHierarchy();
  }, 60_000);
  afterAll(async () => {
    await hierarchy?.stop();
  }, 60_000);
  return {
    suite: (name, fn) => {
      if (nsdAvailable) describe(name, fn);
      else describe.skip(name, fn);
    },
    current: () => {
      if (hierarchy === undefined) throw new Error('the NSD hierarchy is not running');
      return hierarchy;
    },
  };
}
