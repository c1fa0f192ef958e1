// DESIGN §4 step 6: one transaction inserts or restores the organization's verified domain,
// downgrades the previous holder, validates the challenge, stores evidence, appends the
// takeover notices and the audit events. The holder is re-checked under the subject lock, so a
// race can neither create two holders nor take over without acknowledgement.
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import { domainVerified, takeoverEvents } from '../events/create.js';
import { nextChallenge } from '../model/challenge.js';
import type { Actor, Organization } from '../ports/directory.js';
import type {
  ChallengeRecord,
  EvidenceKind,
  Method,
  SubjectKind,
  VerifiedDomainRecord,
} from '../ports/records.js';
import { StorageConflictError, type StorageTx } from '../ports/storage.js';
import { appendAudit } from '../runtime/audit.js';
import type { Context } from '../runtime/context.js';
import { appendEvents, eventHeader } from '../runtime/events.js';
import { newRowId } from '../runtime/ids.js';
import { appendMessages, ownersOf, templateBase } from '../runtime/outbox.js';
import { inTransaction } from '../runtime/transaction.js';
import { type LockedChallenge, releaseThenRefuse } from './lock.js';
import type { ProofSeen } from './proof.js';
import { nameTheHolder, takeoverGate } from './takeover.js';

/**
 * What a successful `verifyChallenge`, `confirmChallenge` or `bypassVerification` answers: the
 * verified domain's id, its subject, and, when it was taken over, the organization that held it
 * (its name from the `Directory`).
 */
export interface VerifiedResult {
  readonly domainId: string;
  /** The verified subject (the apex; the exact host in hostname mode). */
  readonly apex: string;
  readonly takeoverFrom: { organizationId: string; organizationName: string } | null;
}

export interface CommitRequest {
  /** Who proved it; null for the system (a pending check that found the proof on its own). */
  readonly actor: Actor | null;
  readonly organization: Organization;
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  readonly method: Method;
  /** The challenge that proved control, as locked by the caller; null for `bypass`. */
  readonly challenge: ChallengeRecord | null;
  readonly acknowledgeTakeover: boolean;
  readonly proof: ProofSeen;
  readonly evidenceKind: EvidenceKind;
  readonly reason: string | null;
  /** More writes that belong to the same transaction (checkPending's notice to the owners). */
  readonly alsoWrite?: (tx: StorageTx, result: VerifiedResult) => Promise<void>;
}

/** Methods whose proof lives in DNS and is re-checked (DESIGN §5). */
export const isRecheckable = (method: Method): boolean =>
  method === 'dns-txt' || method === 'ns-delegation';

/** Downgrades the previous holder and queues a notice to each of its owners. */
async function takeOver(
  ctx: Context,
  tx: StorageTx,
  holder: VerifiedDomainRecord,
  req: CommitRequest,
): Promise<
  Result<{ organizationId: string; organizationName: string; domainId: string }, ApexproofError>
> {
  const owners = await ownersOf(ctx, holder.organizationId);
  if (owners.isErr()) return err(owners.error);
  const now = ctx.clock.now();
  const downgraded: VerifiedDomainRecord = {
    ...holder,
    status: 'downgraded',
    downgradeReason: 'takeover',
    downgradedAt: now,
    nextCheckAt: null,
    leaseUntil: null,
    version: holder.version + 1,
  };
  if (!(await tx.domains.update(downgraded, holder.version)))
    throw new StorageConflictError('previous holder changed');
  await appendMessages(ctx, tx, {
    organizationId: holder.organizationId,
    kind: 'takeover',
    to: owners.value.emails,
    mail: ctx.templates.takeover({
      ...templateBase(ctx, { id: holder.organizationId, name: owners.value.name }, holder.subject),
      newOrganizationId: req.organization.id,
      newOrganizationName: req.organization.name,
    }),
  });
  await appendAudit(ctx, tx, {
    organizationId: holder.organizationId,
    actorUserId: null,
    type: 'domain.taken_over',
    subject: holder.subject,
    domainId: holder.id,
    details: { newOrganizationId: req.organization.id },
    at: now,
  });
  return ok({
    organizationId: holder.organizationId,
    organizationName: owners.value.name,
    domainId: holder.id,
  });
}

async function commit(
  ctx: Context,
  tx: StorageTx,
  req: CommitRequest,
): Promise<Result<VerifiedResult, ApexproofError>> {
  const now = ctx.clock.now();
  await tx.domains.lockSubject(req.subject);
  if (req.challenge) {
    const current = await tx.challenges.get(req.challenge.id);
    if (!current || current.version !== req.challenge.version)
      return err(apexError('CHALLENGE_NOT_FOUND', { challengeId: req.challenge.id }));
  }

  let takeoverFrom: VerifiedResult['takeoverFrom'] = null;
  let previousDomainId: string | null = null;
  const gate = takeoverGate(
    ctx,
    await tx.domains.activeHolder(req.subject),
    req.organization.id,
    req.acknowledgeTakeover,
  );
  if (gate.isErr()) return err(gate.error);
  if (gate.value) {
    const taken = await takeOver(ctx, tx, gate.value, req);
    if (taken.isErr()) return err(taken.error);
    takeoverFrom = {
      organizationId: taken.value.organizationId,
      organizationName: taken.value.organizationName,
    };
    previousDomainId = taken.value.domainId;
  }

  const existing = await tx.domains.find(req.organization.id, req.subject);
  const fields = {
    organizationId: req.organization.id,
    subject: req.subject,
    subjectKind: req.subjectKind,
    method: req.method,
    status: 'active' as const,
    downgradeReason: null,
    verifiedAt: now,
    downgradedAt: null,
    recordName: req.method === 'dns-txt' ? (req.challenge?.recordName ?? null) : null,
    recordValue: req.method === 'dns-txt' ? (req.challenge?.recordValue ?? null) : null,
    lastCheckedAt: now,
    lastAttemptAt: now,
    consecutiveMisses: 0,
    nextCheckAt: isRecheckable(req.method)
      ? new Date(now.getTime() + ctx.policy.reverification.intervalMs)
      : null,
    leaseUntil: null,
  };
  let domainId: string;
  if (existing) {
    domainId = existing.id;
    const restored = { ...existing, ...fields, version: existing.version + 1 };
    if (!(await tx.domains.update(restored, existing.version)))
      throw new StorageConflictError('verified domain changed');
  } else {
    domainId = newRowId(ctx);
    await tx.domains.insert({ id: domainId, ...fields, version: 0 });
  }

  if (req.challenge) {
    const validated = nextChallenge(req.challenge, { status: 'validated', lastFailure: null });
    if (!(await tx.challenges.update(validated, req.challenge.version)))
      throw new StorageConflictError('challenge changed');
  }
  await tx.evidence.append({
    id: newRowId(ctx),
    organizationId: req.organization.id,
    domainId,
    challengeId: req.challenge?.id ?? null,
    kind: req.evidenceKind,
    method: req.method,
    subject: req.subject,
    recordName: req.proof.recordName,
    valuesSeen: [...req.proof.valuesSeen],
    resolvers: [...req.proof.resolvers],
    authenticated: req.proof.authenticated,
    actorUserId: req.actor?.userId ?? null,
    reason: req.reason,
    at: now,
  });
  await appendAudit(ctx, tx, {
    organizationId: req.organization.id,
    actorUserId: req.actor?.userId ?? null,
    type: req.method === 'bypass' ? 'domain.bypassed' : 'domain.verified',
    subject: req.subject,
    domainId,
    challengeId: req.challenge?.id ?? null,
    details: {
      method: req.method,
      restored: existing !== null,
      takeoverFrom: takeoverFrom?.organizationId ?? null,
      ...(req.reason !== null ? { reason: req.reason } : {}),
      // A bypass actor usually belongs to the host's staff, not to the organization.
      ...(req.method === 'bypass' ? { actorOrganizationId: req.actor?.organizationId } : {}),
      ...(req.actor === null ? { by: 'pending-check' } : {}),
    },
    at: now,
  });
  await appendEvents(
    ctx,
    tx,
    takeoverFrom && previousDomainId
      ? takeoverEvents({
          subject: req.subject,
          at: now,
          newHolder: { organizationId: req.organization.id, domainId, eventId: newRowId(ctx) },
          previousHolder: {
            organizationId: takeoverFrom.organizationId,
            domainId: previousDomainId,
            eventId: newRowId(ctx),
          },
        })
      : [
          domainVerified(eventHeader(ctx, req.organization.id, req.subject, now), {
            domainId,
            method: req.method,
            challengeId: req.challenge?.id ?? null,
          }),
        ],
  );
  const result = { domainId, apex: req.subject, takeoverFrom };
  await req.alsoWrite?.(tx, result);
  return ok(result);
}

export function commitVerification(
  ctx: Context,
  req: CommitRequest,
): ResultAsync<VerifiedResult, ApexproofError> {
  return inTransaction(ctx, (tx) => commit(ctx, tx, req)).orElse(
    nameTheHolder<VerifiedResult>(ctx, req.organization.id),
  );
}

/**
 * Commits the proof of a challenge locked by `lockForCheck`. A refused commit (a holder
 * appeared meanwhile, the challenge moved) releases the lock, so the challenge stays usable,
 * and answers the refusal.
 */
export function commitLocked(
  ctx: Context,
  caller: {
    actor: Actor | null;
    organization: Organization;
    alsoWrite?: CommitRequest['alsoWrite'];
  },
  { challenge: locked, previous }: LockedChallenge,
  check: {
    readonly proof: ProofSeen;
    readonly acknowledgeTakeover: boolean;
    /** DNS checks count the successful lookup as an attempt and keep the refusal as lastFailure. */
    readonly counted: boolean;
  },
): ResultAsync<VerifiedResult, ApexproofError> {
  return commitVerification(ctx, {
    ...caller,
    subject: locked.subject,
    subjectKind: locked.subjectKind,
    method: locked.method,
    // Same version: the commit's compare-and-set still guards the lock.
    challenge: check.counted ? { ...locked, attempts: locked.attempts + 1 } : locked,
    acknowledgeTakeover: check.acknowledgeTakeover,
    proof: check.proof,
    evidenceKind: 'verification',
    reason: null,
  }).orElse((error) =>
    releaseThenRefuse<VerifiedResult>(
      ctx,
      locked,
      check.counted ? { status: previous, lastFailure: error.message } : { status: previous },
      error,
    ),
  );
}
