// verifyChallenge (DESIGN §4): lock the challenge (compare-and-set to `verifying`), look the
// proof up outside any transaction, then commit or release the lock with the outcome.
import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { toApex } from '../apex/normalize.js';
import { authorize, requireNotScheduledForDeletion } from '../app/access.js';
import type { Context } from '../app/context.js';
import { inTransaction } from '../app/edge.js';
import { echoId, isMissingId, isStorableId } from '../app/input.js';
import { type ApexproofError, apexError } from '../errors.js';
import type { Actor, Organization } from '../ports/directory.js';
import type { ChallengeRecord, ChallengeStatus } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import { commitVerification, type VerifiedResult } from './commit.js';
import { afterLostLock } from './lost-lock.js';
import { type ProbeOutcome, probe } from './probe.js';
import { takeoverRequired } from './start.js';
import { isLockStale, isOpen, nextChallenge } from './transitions.js';

export interface VerifyChallengeInput {
  readonly challengeId: string;
  readonly acknowledgeTakeover?: boolean;
}

type Claim =
  | { kind: 'locked'; challenge: ChallengeRecord; previous: ChallengeStatus }
  | { kind: 'expired'; challenge: ChallengeRecord }
  | { kind: 'needs-ack'; holderOrganizationId: string };

/** Ids in details are cut: a megabyte of id must not travel into logs. */
export const challengeNotFound = (challengeId: unknown) =>
  apexError('CHALLENGE_NOT_FOUND', { challengeId: echoId(challengeId) });
const expired = (c: ChallengeRecord) =>
  apexError('CHALLENGE_EXPIRED', { challengeId: c.id, expiredAt: c.expiresAt.toISOString() });

/**
 * Loads the actor's open challenge and marks it expired when its time has passed. Shared by
 * every use case that acts on a challenge; `methods` limits which methods it accepts.
 */
export async function loadOpen(
  ctx: Context,
  tx: StorageTx,
  actor: Actor,
  challengeId: string,
): Promise<Result<ChallengeRecord | { expired: ChallengeRecord }, ApexproofError>> {
  // An id no challenge can have (U+0000, over 256 long) never reaches the storage.
  if (!isStorableId(challengeId)) return err(challengeNotFound(challengeId));
  const c = await tx.challenges.get(challengeId);
  if (!c || c.organizationId !== actor.organizationId || !isOpen(c.status))
    return err(challengeNotFound(challengeId));
  if (ctx.clock.now() >= c.expiresAt) {
    const next = nextChallenge(c, { status: 'expired' });
    await tx.challenges.update(next, c.version);
    return ok({ expired: next });
  }
  return ok(c);
}

function claim(
  ctx: Context,
  actor: Actor,
  input: VerifyChallengeInput,
): ResultAsync<Claim, ApexproofError> {
  return inTransaction(ctx, async (tx) => {
    const loaded = await loadOpen(ctx, tx, actor, input.challengeId);
    if (loaded.isErr()) return err(loaded.error);
    if ('expired' in loaded.value) return ok({ kind: 'expired', challenge: loaded.value.expired });
    const c = loaded.value;
    if (c.method !== 'dns-txt' && c.method !== 'ns-delegation')
      return err(
        apexError('INVALID_INPUT', {
          field: 'challengeId',
          problem: `a ${c.method} challenge is confirmed, not verified`,
        }),
      );
    const now = ctx.clock.now();
    if (c.status === 'verifying' && !isLockStale(c, now, ctx.policy.verifyLockMs))
      return err(apexError('CHALLENGE_IN_PROGRESS', { challengeId: c.id }));
    // Step 4 before any lookup: a refused takeover leaves the challenge untouched and usable.
    const holder = await tx.domains.activeHolder(c.subject);
    if (holder && holder.organizationId !== actor.organizationId) {
      if (ctx.policy.takeover === 'forbid')
        return err(apexError('DOMAIN_VERIFIED_ELSEWHERE', { subject: c.subject }));
      if (input.acknowledgeTakeover !== true)
        return ok({ kind: 'needs-ack', holderOrganizationId: holder.organizationId });
    }
    const previous = c.status === 'verifying' ? 'failed' : c.status;
    const locked = nextChallenge(c, { status: 'verifying', lastAttemptAt: now });
    if (!(await tx.challenges.update(locked, c.version)))
      return err(apexError('CHALLENGE_IN_PROGRESS', { challengeId: c.id }));
    return ok({ kind: 'locked', challenge: locked, previous });
  });
}

/** Ends the `verifying` lock: back to retryable with the outcome recorded. */
function release(
  ctx: Context,
  locked: ChallengeRecord,
  changes: { status: ChallengeStatus; countAttempt: boolean; lastFailure: string },
): ResultAsync<void, ApexproofError> {
  return inTransaction(ctx, async (tx) => {
    const next = nextChallenge(locked, {
      status: changes.status,
      attempts: locked.attempts + (changes.countAttempt ? 1 : 0),
      lastFailure: changes.lastFailure,
    });
    // A lost compare-and-set means someone else moved the challenge on; nothing to undo.
    await tx.challenges.update(next, locked.version);
    return ok(undefined);
  });
}

function settle(
  ctx: Context,
  actor: Actor,
  organization: Organization,
  locked: ChallengeRecord,
  previous: ChallengeStatus,
  outcome: ProbeOutcome,
  acknowledgeTakeover: boolean,
): ResultAsync<VerifiedResult, ApexproofError> {
  if (outcome.kind === 'lookup-failed')
    return release(ctx, locked, {
      status: previous,
      countAttempt: false,
      lastFailure: outcome.message,
    }).andThen(() => errAsync(outcome.error));
  if (outcome.kind === 'missing')
    return release(ctx, locked, {
      status: 'failed',
      countAttempt: true,
      lastFailure: outcome.message,
    }).andThen(() => errAsync(outcome.error));
  // The successful check counts as an attempt; the commit writes it with `validated`
  // (same version: the commit's compare-and-set still guards the lock).
  const counted = { ...locked, attempts: locked.attempts + 1 };
  return commitVerification(ctx, {
    actor,
    organization,
    subject: locked.subject,
    subjectKind: locked.subjectKind,
    method: locked.method,
    challenge: counted,
    acknowledgeTakeover,
    proof: outcome.proof,
    evidenceKind: 'verification',
    reason: null,
  }).orElse(
    (error) =>
      // The commit was refused (e.g. a holder appeared meanwhile): the challenge stays usable.
      release(ctx, locked, { status: previous, countAttempt: false, lastFailure: error.message })
        .orElse(() => okAsync(undefined))
        .andThen(() => afterLostLock(ctx, actor, locked, error)), // never 404 after a slow lookup
  );
}

export function verifyChallenge(
  ctx: Context,
  actorInput: unknown,
  input: VerifyChallengeInput,
): ResultAsync<VerifiedResult, ApexproofError> {
  if (!input || isMissingId(input.challengeId))
    return errAsync(apexError('INVALID_INPUT', { field: 'challengeId', problem: 'required' }));
  const challengeId = input.challengeId;
  // Only `true` acknowledges, at the first gate and at the commit alike ("false" does not).
  const acknowledge = input.acknowledgeTakeover === true;
  return authorize(ctx, actorInput, 'manage').andThen(({ actor, organization }) =>
    requireNotScheduledForDeletion(organization).andThen(() => {
      if (!isStorableId(challengeId)) return errAsync(challengeNotFound(challengeId));
      return claim(ctx, actor, { challengeId, acknowledgeTakeover: acknowledge }).andThen(
        (claimed) => {
          if (claimed.kind === 'expired') return errAsync(expired(claimed.challenge));
          if (claimed.kind === 'needs-ack')
            return takeoverRequired<VerifiedResult>(ctx, claimed.holderOrganizationId, actor);
          const locked = claimed.challenge;
          const zone = toApex(locked.subject, ctx.policy.apex).match(
            (r) => r.apex,
            () => locked.subject,
          );
          return probe(ctx, locked, zone)
            .orElse((error) =>
              // The probe itself failed (e.g. the diagnosis read): nothing was learned, so the
              // lock is released without counting, or the user waits out verifyLockMs.
              release(ctx, locked, {
                status: claimed.previous,
                countAttempt: false,
                lastFailure: error.message,
              })
                .orElse(() => okAsync(undefined))
                .andThen(() => errAsync<ProbeOutcome, ApexproofError>(error)),
            )
            .andThen((outcome) =>
              settle(ctx, actor, organization, locked, claimed.previous, outcome, acknowledge),
            );
        },
      );
    }),
  );
}
