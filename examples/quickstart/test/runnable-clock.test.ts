// A running example keeps real time (codes expire, resends wait, Plutoploy's `verified_at` is
// the moment of verification); only tests pass a manual clock.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeps as kayle } from '../../kayle/src/app.js';
import { createDeps as lightdash } from '../../lightdash/src/app.js';
import { createDeps as plutoploy } from '../../plutoploy/src/app.js';
import { createDeps as scaidns } from '../../scaidns/src/app.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('examples started as `pnpm start`', () => {
  it.each([
    ['kayle', kayle],
    ['lightdash', lightdash],
    ['plutoploy', plutoploy],
    ['scaidns', scaidns],
  ])('%s runs on the system clock', (_, createDeps) => {
    vi.useFakeTimers({ now: new Date('2026-05-01T00:00:00Z') });
    const { clock } = createDeps();
    vi.setSystemTime(new Date('2026-05-01T00:10:00Z'));
    expect(clock.now().toISOString()).toBe('2026-05-01T00:10:00.000Z');
  });
});
