// Pure rules of a challenge's life: which statuses are open, when a lock is stale, how the
// next version is made.
import type { ChallengeRecord, ChallengeStatus } from '../ports/records.js';
import { OPEN_CHALLENGE_STATUSES } from '../ports/records.js';

export const isOpen = (status: ChallengeStatus): boolean =>
  OPEN_CHALLENGE_STATUSES.includes(status);

/** A `verifying` lock older than the policy allows was abandoned (a crashed worker). */
export const isLockStale = (c: ChallengeRecord, now: Date, lockMs: number): boolean =>
  c.status === 'verifying' && (c.lastAttemptAt?.getTime() ?? 0) + lockMs <= now.getTime();

/** The status a reader should see: open challenges past `expiresAt` are expired even before a write says so. */
export function effectiveStatus(c: ChallengeRecord, now: Date): ChallengeStatus {
  return isOpen(c.status) && now >= c.expiresAt ? 'expired' : c.status;
}

/** The next version of a challenge, ready for compare-and-set. */
export const nextChallenge = (
  c: ChallengeRecord,
  changes: Partial<ChallengeRecord>,
): ChallengeRecord => ({ ...c, ...changes, version: c.version + 1 });
