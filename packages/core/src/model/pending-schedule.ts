// When a pending check looks a challenge's proof up (issue #14 §1): on a back-off schedule
// counted from the challenge's creation, so users who publish the record at once are noticed
// within a minute or two, while a challenge left open for its whole lifetime costs a bounded
// number of lookups (the defaults: 5 in the first half hour, then one an hour: 172 for 7 days).

/** Offsets from creation, then a fixed interval until expiry. */
export interface PendingSchedule {
  /** Ascending offsets from `createdAt` of the first checks, in ms. */
  readonly afterCreationMs: readonly number[];
  /** Interval of the checks after the last offset, in ms. */
  readonly thenEveryMs: number;
}

const MINUTE = 60_000;

/** 1, 2, 5, 10 and 30 minutes after creation, then hourly. */
export const DEFAULT_PENDING_SCHEDULE: PendingSchedule = {
  afterCreationMs: [1, 2, 5, 10, 30].map((m) => m * MINUTE),
  thenEveryMs: 60 * MINUTE,
};

/** The shortest interval a host may configure: a schedule is never a lookup loop. */
export const MIN_PENDING_INTERVAL_MS = 1_000;

/**
 * The host's schedule, or the default when it is unusable: offsets must be finite, positive
 * and strictly ascending, the interval at least `MIN_PENDING_INTERVAL_MS`. A typo never turns
 * the schedule into a lookup loop or switches pending checks off.
 */
export function resolvePendingSchedule(given?: Partial<PendingSchedule>): PendingSchedule {
  const offsets = given?.afterCreationMs;
  const usableOffsets =
    Array.isArray(offsets) &&
    offsets.every(
      (ms, i) =>
        typeof ms === 'number' &&
        Number.isFinite(ms) &&
        ms > 0 &&
        (i === 0 || ms > (offsets[i - 1] as number)),
    );
  const every = given?.thenEveryMs;
  const usableEvery =
    typeof every === 'number' && Number.isFinite(every) && every >= MIN_PENDING_INTERVAL_MS;
  return {
    afterCreationMs: usableOffsets
      ? [...(offsets as readonly number[])]
      : DEFAULT_PENDING_SCHEDULE.afterCreationMs,
    thenEveryMs: usableEvery ? every : DEFAULT_PENDING_SCHEDULE.thenEveryMs,
  };
}

/**
 * The first scheduled check strictly after `now`, never later than `expiresAt` (a challenge due
 * at its expiry is closed by the sweep that finds it). Constant time, whatever `now` is.
 */
export function nextPendingCheck(
  createdAt: Date,
  expiresAt: Date,
  now: Date,
  schedule: PendingSchedule,
): Date {
  const start = createdAt.getTime();
  const elapsed = now.getTime() - start;
  const cap = (at: number) => new Date(Math.min(at, expiresAt.getTime()));
  for (const offset of schedule.afterCreationMs) if (offset > elapsed) return cap(start + offset);
  const last = schedule.afterCreationMs.at(-1) ?? 0;
  const steps = Math.floor((elapsed - last) / schedule.thenEveryMs) + 1;
  return cap(start + last + steps * schedule.thenEveryMs);
}

/** The most checks a challenge open from `createdAt` to `expiresAt` can cost on `schedule`. */
export function pendingCheckBound(ttlMs: number, schedule: PendingSchedule): number {
  const offsets = schedule.afterCreationMs.filter((o) => o < ttlMs);
  const last = schedule.afterCreationMs.at(-1) ?? 0;
  // Checks at last + k × every (k ≥ 1) strictly before expiry; the one at expiry only closes it.
  const later = ttlMs > last ? Math.ceil((ttlMs - last) / schedule.thenEveryMs) - 1 : 0;
  return offsets.length + later;
}
