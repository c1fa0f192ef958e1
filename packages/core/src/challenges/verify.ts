// verifyChallenge (DESIGN §4): lock the challenge, look the proof up outside any transaction,
// then commit, or release the lock with the outcome.
import { err, ok, type Result, type ResultAsync, safeTry } from 'neverthrow';
import { toApex } from '../apex/normalize.js';
import { type ApexproofError, apexError } from '../errors.js';
import type { ChallengeRecord } from '../ports/records.js';
import type { Caller } from '../runtime/access.js';
import type { Context } from '../runtime/context.js';
import { commitLocked, type VerifiedResult } from '../steps/commit.js';
import { type CheckRequest, lockForCheck, releaseThenRefuse } from '../steps/lock.js';
import { checkProof, explainMiss, type ProofRefusal } from '../steps/proof.js';
import { countVerifyCheck } from '../steps/verify-limits.js';
import { afterLostLock } from './lost-lock.js';

/**
 * What `verifyChallenge` takes: the challenge id from `startChallenge`, and `acknowledgeTakeover`
 * (only `true` counts) once the user has agreed to take the subject from the organization that
 * holds it (`APEX_TAKEOVER_REQUIRED`).
 */
export interface VerifyChallengeInput {
  readonly challengeId: string;
  readonly acknowledgeTakeover?: boolean;
}

const acceptMethod = (c: ChallengeRecord): Result<void, ApexproofError> =>
  c.method === 'dns-txt' || c.method === 'ns-delegation'
    ? ok(undefined)
    : err(
        apexError('INVALID_INPUT', {
          field: 'challengeId',
          problem: `a ${c.method} challenge is confirmed, not verified`,
        }),
      );

/** Verifies a dns-txt or ns-delegation challenge for a caller the facade has checked. */
export function verifyChallenge(
  ctx: Context,
  caller: Caller,
  input: CheckRequest,
): ResultAsync<VerifiedResult, ApexproofError> {
  return safeTry(async function* () {
    // The limits are counted under the lock, before any lookup: a limited call issues none.
    const lock = yield* lockForCheck(ctx, caller.actor, input, {
      acceptMethod,
      examine: (tx, c, now) => countVerifyCheck(ctx, tx, c, now),
    });
    const { challenge: locked, previous } = lock;
    const outcome = await checkProof(ctx, locked);
    if (outcome.kind === 'lookup-failed')
      // Nothing was learned: back to where it was, not counted.
      return await releaseThenRefuse<VerifiedResult>(
        ctx,
        locked,
        { status: previous, lastFailure: outcome.message },
        outcome.error,
      );
    if (outcome.kind === 'missing') {
      const zone = toApex(locked.subject, ctx.policy.apex).match(
        (r) => r.apex,
        () => locked.subject,
      );
      const explained = await explainMiss(ctx, locked, zone, outcome);
      if (explained.isErr())
        // The diagnosis read failed: nothing was learned, so the lock is released without
        // counting, or the user would wait out verifyLockMs.
        return await releaseThenRefuse<VerifiedResult>(
          ctx,
          locked,
          { status: previous, lastFailure: explained.error.message },
          explained.error,
        );
      const miss: ProofRefusal = explained.value;
      // A definitive miss counts as an attempt.
      return await releaseThenRefuse<VerifiedResult>(
        ctx,
        locked,
        { status: 'failed', countAttempt: true, lastFailure: miss.message },
        miss.error,
      );
    }
    // The successful check counts as an attempt, written with `validated`.
    const committed = await commitLocked(ctx, caller, lock, {
      proof: outcome.proof,
      acknowledgeTakeover: input.acknowledgeTakeover,
      counted: true,
    });
    // Never 404 after a lookup that outlived verifyLockMs (challenges/lost-lock.ts).
    return committed.isOk()
      ? committed
      : await afterLostLock(ctx, caller.actor, locked, committed.error);
  });
}
