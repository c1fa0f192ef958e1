// Locking a challenge for a check (DESIGN §4): the challenge is moved to `verifying` with a
// compare-and-set, so one check runs at a time; the lock is released with the outcome, or the
// commit moves the challenge on to `validated`.
import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import { challengeExpired as expiredEvent } from '../events/create.js';
import { isLockStale, isOpen, nextChallenge } from '../model/challenge.js';
import type { Actor } from '../ports/directory.js';
import type { ChallengeRecord, ChallengeStatus } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import type { Context } from '../runtime/context.js';
import { appendEvents, eventHeader } from '../runtime/events.js';
import { echoId, isStorableId } from '../runtime/guards.js';
import {
  CommitThenRefuse,
  commitThenRefuse,
  inTransaction,
  type TxOutcome,
} from '../runtime/transaction.js';
import { nameTheHolder, takeoverGate } from './takeover.js';

/** Ids in details are cut: a megabyte of id must not travel into logs. */
export const challengeNotFound = (challengeId: unknown) =>
  apexError('CHALLENGE_NOT_FOUND', { challengeId: echoId(challengeId) });

export const challengeExpired = (c: ChallengeRecord) =>
  apexError('CHALLENGE_EXPIRED', { challengeId: c.id, expiredAt: c.expiresAt.toISOString() });

/**
 * The actor's open challenge. One whose time has passed is marked expired and the call answers
 * CHALLENGE_EXPIRED once that write commits.
 */
export async function loadOpen(
  ctx: Context,
  tx: StorageTx,
  actor: Actor,
  challengeId: string,
): Promise<TxOutcome<ChallengeRecord>> {
  // An id no challenge can have (U+0000, over 256 long) never reaches the storage.
  if (!isStorableId(challengeId)) return err(challengeNotFound(challengeId));
  const c = await tx.challenges.get(challengeId);
  if (!c || c.organizationId !== actor.organizationId || !isOpen(c.status))
    return err(challengeNotFound(challengeId));
  if (ctx.clock.now() >= c.expiresAt) {
    const next = nextChallenge(c, { status: 'expired' });
    // The event only when this call wrote the change: a concurrent one that won tells it.
    if (await tx.challenges.update(next, c.version))
      await appendEvents(ctx, tx, [
        expiredEvent(eventHeader(ctx, c.organizationId, c.subject, ctx.clock.now()), {
          challengeId: c.id,
          method: c.method,
        }),
      ]);
    return commitThenRefuse(challengeExpired(next));
  }
  return ok(c);
}

export interface LockedChallenge {
  readonly challenge: ChallengeRecord;
  /** The status to go back to when the check ends without a verdict. */
  readonly previous: ChallengeStatus;
}

/** A check as the facade hands it over: a storable id, and whether a takeover is acknowledged. */
export interface CheckRequest {
  readonly challengeId: string;
  readonly acknowledgeTakeover: boolean;
}

/** What differs between the checks that lock a challenge. */
export interface LockRules {
  /** Ok for a challenge this check handles; INVALID_INPUT for one of another method. */
  readonly acceptMethod: (c: ChallengeRecord) => Result<void, ApexproofError>;
  /** Checks made under the lock before it is taken (email-otp compares its code here). */
  readonly examine?: (tx: StorageTx, c: ChallengeRecord, now: Date) => Promise<TxOutcome<void>>;
}

/**
 * Locks the actor's open challenge for a check: open and not expired, of the right method, not
 * already being checked, `examine` passed, the takeover gate passed; then `verifying`.
 */
export function lockForCheck(
  ctx: Context,
  actor: Actor,
  req: CheckRequest,
  rules: LockRules,
): ResultAsync<LockedChallenge, ApexproofError> {
  return inTransaction(ctx, async (tx): Promise<TxOutcome<LockedChallenge>> => {
    const loaded = await loadOpen(ctx, tx, actor, req.challengeId);
    if (loaded instanceof CommitThenRefuse) return loaded;
    if (loaded.isErr()) return err(loaded.error);
    const c = loaded.value;
    const accepted = rules.acceptMethod(c);
    if (accepted.isErr()) return err(accepted.error);
    const now = ctx.clock.now();
    if (c.status === 'verifying' && !isLockStale(c, now, ctx.policy.verifyLockMs))
      return err(apexError('CHALLENGE_IN_PROGRESS', { challengeId: c.id }));
    if (rules.examine) {
      const examined = await rules.examine(tx, c, now);
      if (examined instanceof CommitThenRefuse) return examined;
      if (examined.isErr()) return err(examined.error);
    }
    // Before any lookup: a refused takeover leaves the challenge untouched and usable.
    const gate = takeoverGate(
      ctx,
      await tx.domains.activeHolder(c.subject),
      actor.organizationId,
      req.acknowledgeTakeover,
    );
    if (gate.isErr()) return err(gate.error);
    const locked = nextChallenge(c, { status: 'verifying', lastAttemptAt: now });
    if (!(await tx.challenges.update(locked, c.version)))
      return err(apexError('CHALLENGE_IN_PROGRESS', { challengeId: c.id }));
    return ok({ challenge: locked, previous: c.status === 'verifying' ? 'failed' : c.status });
  }).orElse(nameTheHolder<LockedChallenge>(ctx, actor.organizationId));
}

export interface Release {
  readonly status: ChallengeStatus;
  /** A definitive miss counts as an attempt; a failed lookup does not. */
  readonly countAttempt?: boolean;
  /** Kept as it was when absent. */
  readonly lastFailure?: string;
}

/** Ends the `verifying` lock: back to retryable with the outcome recorded. */
export function releaseLock(
  ctx: Context,
  locked: ChallengeRecord,
  release: Release,
): ResultAsync<void, ApexproofError> {
  return inTransaction(ctx, async (tx) => {
    const next = nextChallenge(locked, {
      status: release.status,
      attempts: locked.attempts + (release.countAttempt ? 1 : 0),
      ...(release.lastFailure !== undefined ? { lastFailure: release.lastFailure } : {}),
    });
    // A lost compare-and-set means someone else moved the challenge on; nothing to undo.
    await tx.challenges.update(next, locked.version);
    return ok(undefined);
  });
}

/** Releases the lock and answers `error`; a failed release changes nothing about the answer. */
export const releaseThenRefuse = <T>(
  ctx: Context,
  locked: ChallengeRecord,
  release: Release,
  error: ApexproofError,
): ResultAsync<T, ApexproofError> =>
  releaseLock(ctx, locked, release)
    .orElse(() => okAsync(undefined))
    .andThen(() => errAsync(error));
