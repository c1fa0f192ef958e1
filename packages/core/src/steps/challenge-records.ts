// Writing challenges: a fresh one, its insertion (superseding the previous open one), and
// closing the open ones of an organization for a subject.
import { isOpen, nextChallenge } from '../model/challenge.js';
import { nextPendingCheck } from '../model/pending-schedule.js';
import type { Actor } from '../ports/directory.js';
import type { ChallengeRecord, Method } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import { appendAudit } from '../runtime/audit.js';
import type { Context } from '../runtime/context.js';
import { newRowId } from '../runtime/ids.js';
import type { Subject } from '../runtime/subject.js';

/** A fresh open challenge; method-specific fields (and a pre-drawn `id`) come in `fields`. */
export function newChallenge(
  ctx: Context,
  actor: Actor,
  subject: Subject,
  method: Method,
  fields: Partial<ChallengeRecord> = {},
): ChallengeRecord {
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.policy.challengeTtlMs);
  return {
    id: fields.id ?? newRowId(ctx),
    organizationId: actor.organizationId,
    subject: subject.subject,
    subjectKind: subject.subjectKind,
    method,
    status: 'pending',
    token: null,
    recordName: null,
    recordValue: null,
    email: null,
    codeHash: null,
    codeIssuedAt: null,
    createdAt: now,
    expiresAt,
    attempts: 0,
    lastAttemptAt: null,
    lastFailure: null,
    createdBy: actor.userId,
    // Proofs that live in DNS are also looked up by checkPending, on its schedule.
    nextCheckAt:
      method === 'dns-txt' || method === 'ns-delegation'
        ? nextPendingCheck(now, expiresAt, now, ctx.policy.pendingChecks)
        : null,
    leaseUntil: null,
    awaitingAcknowledgementAt: null,
    version: 0,
    ...fields,
  };
}

/** Records a new open challenge, superseding the organization's previous one for the same subject and method. */
export async function insertChallenge(
  ctx: Context,
  tx: StorageTx,
  challenge: ChallengeRecord,
  actor: Actor,
): Promise<void> {
  await closeOpen(
    ctx,
    tx,
    {
      organizationId: challenge.organizationId,
      subject: challenge.subject,
      method: challenge.method,
    },
    'superseded',
    actor.userId,
  );
  await tx.challenges.insert(challenge);
  await appendAudit(ctx, tx, {
    organizationId: challenge.organizationId,
    actorUserId: actor.userId,
    type: 'challenge.started',
    subject: challenge.subject,
    challengeId: challenge.id,
    details: { method: challenge.method },
    at: challenge.createdAt,
  });
}

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
    await appendAudit(ctx, tx, {
      organizationId: c.organizationId,
      actorUserId,
      type: status === 'superseded' ? 'challenge.superseded' : 'challenge.cancelled',
      subject: c.subject,
      challengeId: c.id,
      details: { method: c.method },
      at: now,
    });
  }
  return closed;
}
