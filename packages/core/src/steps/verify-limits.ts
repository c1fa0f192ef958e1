// How many verifyChallenge checks a challenge and an organization may have (policy.verifyLimits):
// every check the caller asks for costs a DNS lookup on its behalf. Counted from a log the
// storage keeps, with the same sliding windows as the e-mail code caps (email/limits.ts), so the
// limits hold across processes. Read and written in the lock's transaction, under a lock on the
// organization's log: concurrent checks count in turn, and a refused or rolled-back check is
// never counted. Scheduled checks (checkPending) are paced by their own schedule, not these.
import { err, ok } from 'neverthrow';
import { longestWait, longestWindow } from '../email/limits.js';
import type { ChallengeRecord } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import type { Context } from '../runtime/context.js';
import { newRowId } from '../runtime/ids.js';
import type { TxOutcome } from '../runtime/transaction.js';
import { rateLimited } from './email-otp-usage.js';

/**
 * RATE_LIMITED (with `retryAfterSeconds`) when a check of `c` now would pass a limit; otherwise
 * records the check and passes. Entries older than every window are pruned on the way.
 */
export async function countVerifyCheck(
  ctx: Context,
  tx: StorageTx,
  c: ChallengeRecord,
  now: Date,
): Promise<TxOutcome<void>> {
  const { perChallenge, perOrganization } = ctx.policy.verifyLimits;
  const window = Math.max(longestWindow(perChallenge), longestWindow(perOrganization));
  if (window === 0) return ok(undefined);
  const at = now.getTime();
  await tx.checkLog.lockOrganization(c.organizationId);
  const since = new Date(at - window);
  await tx.checkLog.deleteBefore(c.organizationId, since);
  const entries = await tx.checkLog.listSince(c.organizationId, since);
  const events = (rows: typeof entries) => rows.map((e) => ({ at: e.at.getTime(), weight: 1 }));
  const wait = Math.max(
    longestWait(events(entries), perOrganization, at),
    longestWait(events(entries.filter((e) => e.challengeId === c.id)), perChallenge, at),
  );
  if (wait > 0) return err(rateLimited(wait));
  await tx.checkLog.append({
    id: newRowId(ctx),
    organizationId: c.organizationId,
    challengeId: c.id,
    at: now,
  });
  return ok(undefined);
}
