import type { Context } from '../app/context.js';
import { newId } from '../app/ids.js';
import type { Actor } from '../ports/directory.js';
import type { ChallengeRecord, ChallengeStatus } from '../ports/records.js';
import { OPEN_CHALLENGE_STATUSES } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';

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

/** Closes every open challenge of the organization for the subject (optionally one method). */
export async function closeOpen(
  ctx: Context,
  tx: StorageTx,
  target: { organizationId: string; subject: string; method?: string },
  status: 'superseded' | 'cancelled',
  actorUserId: string | null,
): Promise<number> {
  const now = ctx.clock.now();
  let closed = 0;
  for (const c of await tx.challenges.listForSubject(target.organizationId, target.subject)) {
    if (!isOpen(c.status) || (target.method && c.method !== target.method)) continue;
    if (!(await tx.challenges.update(nextChallenge(c, { status }), c.version))) continue;
    closed++;
    await tx.audit.append({
      id: newId(ctx.random, ctx.policy.idFormat),
      organizationId: c.organizationId,
      actorUserId,
      type: status === 'superseded' ? 'challenge.superseded' : 'challenge.cancelled',
      subject: c.subject,
      domainId: null,
      challengeId: c.id,
      details: { method: c.method },
      at: now,
    });
  }
  return closed;
}

/** A new challenge supersedes the open one of the same organization, subject and method. */
export const supersedeOpen = (ctx: Context, tx: StorageTx, fresh: ChallengeRecord, actor: Actor) =>
  closeOpen(
    ctx,
    tx,
    { organizationId: fresh.organizationId, subject: fresh.subject, method: fresh.method },
    'superseded',
    actor.userId,
  );
