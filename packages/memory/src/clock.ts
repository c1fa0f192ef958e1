import type { Clock } from '@apexproof/core';

/**
 * A `Clock` that only moves when a test says so (`createManualClock`): expiry, re-verification and
 * retry schedules become deterministic.
 */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` (negative values are refused: clocks never go back). */
  advance(ms: number): void;
  /** Jumps to `instant`, which must not be earlier than now. */
  set(instant: Date): void;
}

/** A clock that only moves when a test says so. Starts at `start` (default 2026-01-01T00:00Z). */
export function createManualClock(start: Date = new Date('2026-01-01T00:00:00Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError('a manual clock only moves forward');
      current += ms;
    },
    set(instant) {
      if (instant.getTime() < current) throw new RangeError('a manual clock only moves forward');
      current = instant.getTime();
    },
  };
}
