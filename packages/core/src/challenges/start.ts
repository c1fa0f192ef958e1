import { errAsync, ok, okAsync, type ResultAsync } from 'neverthrow';
import { authorize, requireNotScheduledForDeletion } from '../app/access.js';
import type { Context } from '../app/context.js';
import { ask, inTransaction } from '../app/edge.js';
import { newId, newToken } from '../app/ids.js';
import { recordFor, type Subject, toSubject } from '../app/subject.js';
import { type ApexproofError, apexError } from '../errors.js';
import type { Actor, Organization } from '../ports/directory.js';
import type { ChallengeRecord, Method } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import { supersedeOpen } from './transitions.js';
import { type ChallengeView, viewChallenge } from './view.js';

export interface Conflict {
  readonly organizationId: string;
  readonly organizationName: string;
}

export interface StartedChallenge extends ChallengeView {
  /** Another organization actively holds the subject: verifying will need acknowledgement. */
  readonly conflict: Conflict | null;
}

/** The other organization holding the subject, with its display name. */
export function conflictOf(
  ctx: Context,
  holderOrganizationId: string | null,
  organizationId: string,
): ResultAsync<Conflict | null, ApexproofError> {
  if (holderOrganizationId === null || holderOrganizationId === organizationId)
    return okAsync(null);
  return ask(() => ctx.directory.organization(holderOrganizationId)).map((org) => ({
    organizationId: holderOrganizationId,
    organizationName: org?.name ?? holderOrganizationId,
  }));
}

/** APEX_TAKEOVER_REQUIRED naming the organization that holds the subject. */
export function takeoverRequired<T>(
  ctx: Context,
  holderOrganizationId: string,
  actor: Actor,
): ResultAsync<T, ApexproofError> {
  return conflictOf(ctx, holderOrganizationId, actor.organizationId).andThen((conflict) =>
    errAsync(
      apexError('APEX_TAKEOVER_REQUIRED', {
        conflictingOrganizationId: holderOrganizationId,
        conflictingOrganizationName: conflict?.organizationName ?? holderOrganizationId,
      }),
    ),
  );
}

/** Records a new open challenge, superseding the organization's previous one for the same subject and method. */
export async function insertChallenge(
  ctx: Context,
  tx: StorageTx,
  challenge: ChallengeRecord,
  actor: Actor,
): Promise<void> {
  await supersedeOpen(ctx, tx, challenge, actor);
  await tx.challenges.insert(challenge);
  await tx.audit.append({
    id: newId(ctx.random, ctx.policy.idFormat),
    organizationId: challenge.organizationId,
    actorUserId: actor.userId,
    type: 'challenge.started',
    subject: challenge.subject,
    domainId: null,
    challengeId: challenge.id,
    details: { method: challenge.method },
    at: challenge.createdAt,
  });
}

/** A fresh open challenge; method-specific fields come in `fields`. */
export function newChallenge(
  ctx: Context,
  actor: Actor,
  subject: Subject,
  method: Method,
  fields: Partial<ChallengeRecord> = {},
): ChallengeRecord {
  const now = ctx.clock.now();
  return {
    id: newId(ctx.random, ctx.policy.idFormat),
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
    expiresAt: new Date(now.getTime() + ctx.policy.challengeTtlMs),
    attempts: 0,
    lastAttemptAt: null,
    lastFailure: null,
    createdBy: actor.userId,
    version: 0,
    ...fields,
  };
}

function dnsTxtChallenge(ctx: Context, actor: Actor, subject: Subject): ChallengeRecord {
  const token = newToken(ctx.random, ctx.policy.tokenBytes);
  const record = recordFor(ctx.policy.record, subject, token);
  return newChallenge(ctx, actor, subject, 'dns-txt', {
    token,
    recordName: record.name,
    recordValue: record.value,
  });
}

/** Subject check shared by every method: normalized, and not forbidden by the takeover policy. */
export function prepareStart(
  ctx: Context,
  actorInput: unknown,
  domain: unknown,
): ResultAsync<
  { actor: Actor; organization: Organization; subject: Subject; conflict: Conflict | null },
  ApexproofError
> {
  return authorize(ctx, actorInput, 'manage').andThen(({ actor, organization }) =>
    requireNotScheduledForDeletion(organization).andThen(() => {
      const subject = toSubject(domain, ctx.policy);
      if (subject.isErr()) return errAsync(subject.error);
      return inTransaction(ctx, async (tx) =>
        ok(await tx.domains.activeHolder(subject.value.subject)),
      )
        .andThen((holder) => conflictOf(ctx, holder?.organizationId ?? null, actor.organizationId))
        .andThen((conflict) =>
          conflict && ctx.policy.takeover === 'forbid'
            ? errAsync(apexError('DOMAIN_VERIFIED_ELSEWHERE', { subject: subject.value.subject }))
            : okAsync({ actor, organization, subject: subject.value, conflict }),
        );
    }),
  );
}

/**
 * `startChallenge` for `dns-txt` (the record to publish, its relative label, value and expiry)
 * and `ns-delegation` (the nameservers to delegate to).
 */
export function startDnsChallenge(
  ctx: Context,
  actorInput: unknown,
  domain: unknown,
  method: 'dns-txt' | 'ns-delegation',
): ResultAsync<StartedChallenge, ApexproofError> {
  if (method === 'ns-delegation' && ctx.policy.nameservers.expected.length === 0)
    return errAsync(
      apexError('INVALID_INPUT', {
        field: 'method',
        problem: 'policy.nameservers is not configured',
      }),
    );
  return prepareStart(ctx, actorInput, domain).andThen(({ actor, subject, conflict }) => {
    const challenge =
      method === 'dns-txt'
        ? dnsTxtChallenge(ctx, actor, subject)
        : newChallenge(ctx, actor, subject, 'ns-delegation');
    return inTransaction(ctx, async (tx) => {
      await insertChallenge(ctx, tx, challenge, actor);
      return ok(challenge);
    }).map((stored) => ({ ...viewChallenge(ctx, stored), conflict }));
  });
}
