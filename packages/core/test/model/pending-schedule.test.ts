// The pending-check schedule (model/pending-schedule.ts) is pure: properties over any creation
// time, lifetime and schedule a host may configure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PENDING_SCHEDULE,
  MIN_PENDING_INTERVAL_MS,
  nextPendingCheck,
  pendingCheckBound,
  resolvePendingSchedule,
} from '../../src/model/pending-schedule.js';

const schedules = fc
  .record({
    offsets: fc.uniqueArray(fc.integer({ min: 1, max: 10 * 86_400_000 }), { maxLength: 8 }),
    // At least 10 minutes: the walk below visits every check, and stays fast.
    every: fc.integer({ min: 600_000, max: 86_400_000 }),
  })
  .map(({ offsets, every }) => ({
    afterCreationMs: [...offsets].sort((a, b) => a - b),
    thenEveryMs: every,
  }));

describe('the pending-check schedule', () => {
  it('defaults to 1, 2, 5, 10 and 30 minutes, then hourly: 172 checks in 7 days', () => {
    const created = new Date('2026-03-01T09:00:00Z');
    const expires = new Date(created.getTime() + 7 * 86_400_000);
    const at = (minutes: number) => new Date(created.getTime() + minutes * 60_000);
    expect(nextPendingCheck(created, expires, created, DEFAULT_PENDING_SCHEDULE)).toEqual(at(1));
    expect(nextPendingCheck(created, expires, at(1), DEFAULT_PENDING_SCHEDULE)).toEqual(at(2));
    expect(nextPendingCheck(created, expires, at(12), DEFAULT_PENDING_SCHEDULE)).toEqual(at(30));
    expect(nextPendingCheck(created, expires, at(30), DEFAULT_PENDING_SCHEDULE)).toEqual(at(90));
    expect(nextPendingCheck(created, expires, at(100), DEFAULT_PENDING_SCHEDULE)).toEqual(at(150));
    expect(pendingCheckBound(7 * 86_400_000, DEFAULT_PENDING_SCHEDULE)).toBe(172);
  });

  it('property: the next check is after now and never after expiry; walking it costs at most the bound', () => {
    fc.assert(
      fc.property(
        schedules,
        fc.integer({ min: 60_000, max: 15 * 86_400_000 }),
        fc.integer({ min: 0, max: 20 * 86_400_000 }),
        (schedule, ttl, probe) => {
          const created = new Date('2026-03-01T09:00:00Z');
          const expires = new Date(created.getTime() + ttl);
          const now = new Date(created.getTime() + probe);
          const next = nextPendingCheck(created, expires, now, schedule);
          expect(next.getTime()).toBeLessThanOrEqual(expires.getTime());
          if (now < expires) expect(next.getTime()).toBeGreaterThan(now.getTime());
          // Walking the schedule from creation to expiry, as checkPending does.
          let checks = 0;
          let at = created;
          for (;;) {
            at = nextPendingCheck(created, expires, at, schedule);
            if (at >= expires) break;
            checks++;
          }
          expect(checks).toBe(pendingCheckBound(ttl, schedule));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an unusable schedule falls back to the default instead of a lookup loop', () => {
    for (const given of [
      { afterCreationMs: [5, 1] },
      { afterCreationMs: [0] },
      { afterCreationMs: [Number.NaN] },
      { afterCreationMs: 'hourly' as unknown as number[] },
      { thenEveryMs: 0 },
      { thenEveryMs: MIN_PENDING_INTERVAL_MS - 1 },
      { thenEveryMs: Number.POSITIVE_INFINITY },
    ]) {
      const resolved = resolvePendingSchedule(given);
      if ('afterCreationMs' in given)
        expect(resolved.afterCreationMs).toEqual(DEFAULT_PENDING_SCHEDULE.afterCreationMs);
      else expect(resolved.thenEveryMs).toBe(DEFAULT_PENDING_SCHEDULE.thenEveryMs);
    }
    expect(resolvePendingSchedule({ afterCreationMs: [], thenEveryMs: 1_000 })).toEqual({
      afterCreationMs: [],
      thenEveryMs: 1_000,
    });
  });
});
