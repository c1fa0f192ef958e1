// confirmChallenge (email-otp): the right code locks the challenge and commits exactly like DNS
// verification. A wrong code is counted, committed, and answered with OTP_INVALID.
import { err, ok, type Result, type ResultAsync, safeTry } from 'neverthrow';
import { codeMatches } from '../email/otp.js';
import { type ApexproofError, apexError } from '../errors.js';
import { nextChallenge } from '../model/challenge.js';
import type { ChallengeRecord } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import type { Caller } from '../runtime/access.js';
import type { Context } from '../runtime/context.js';
import { commitThenRefuse, type TxOutcome } from '../runtime/transaction.js';
import { commitLocked, type VerifiedResult } from '../steps/commit.js';
import { rateLimited, usageWait } from '../steps/email-otp-usage.js';
import { type CheckRequest, lockForCheck } from '../steps/lock.js';

const acceptMethod = (c: ChallengeRecord): Result<void, ApexproofError> =>
  c.method === 'email-otp' && c.codeHash
    ? ok(undefined)
    : err(
        apexError('INVALID_INPUT', {
          field: 'challengeId',
          problem: `a ${c.method} challenge is verified, not confirmed`,
        }),
      );

/**
 * Compares the code, under the lock of the challenge. Confirmations of one subject run one at a
 * time, and a code is compared only against the challenge as it stands under that lock.
 * Otherwise parallel guesses that read the same version would all be compared while only one
 * could be counted, and the answers (wrong vs right) would leak uncounted guesses. A challenge
 * that moved meanwhile is answered before any comparison, so that answer says nothing about the
 * code.
 */
const compareCode =
  (ctx: Context, code: string) =>
  async (tx: StorageTx, c: ChallengeRecord, now: Date): Promise<TxOutcome<void>> => {
    await tx.domains.lockSubject(c.subject);
    const current = await tx.challenges.get(c.id);
    if (current?.version !== c.version)
      return err(apexError('CHALLENGE_IN_PROGRESS', { challengeId: c.id }));
    const { maxAttempts } = ctx.policy.emailOtp;
    if (c.attempts >= maxAttempts) return err(apexError('OTP_MAX_ATTEMPTS', { maxAttempts }));
    // Past the subject's wrong-code cap even the right code waits: otherwise the cap would
    // not bound guessing. The price (an attacker can make the owner wait) is in the docs.
    const wait = await usageWait(ctx, tx, c, 'guess');
    if (wait > 0) return err(rateLimited(wait));
    const key = { secret: ctx.policy.emailOtp.secret, challengeId: c.id };
    if (await codeMatches(c.codeHash ?? '', code, key)) return ok(undefined);
    const counted = nextChallenge(c, {
      status: 'failed',
      attempts: c.attempts + 1,
      lastAttemptAt: now,
      lastFailure: 'Wrong code',
    });
    if (!(await tx.challenges.update(counted, c.version)))
      return err(apexError('CHALLENGE_IN_PROGRESS', { challengeId: c.id }));
    return commitThenRefuse(
      apexError('OTP_INVALID', { attemptsLeft: maxAttempts - counted.attempts }),
    );
  };

/** Confirms an email-otp challenge for a caller the facade has checked. */
export function confirmChallenge(
  ctx: Context,
  caller: Caller,
  input: CheckRequest & { readonly code: string },
): ResultAsync<VerifiedResult, ApexproofError> {
  return safeTry(async function* () {
    const rules = { acceptMethod, examine: compareCode(ctx, input.code) };
    const lock = yield* lockForCheck(ctx, caller.actor, input, rules);
    return await commitLocked(ctx, caller, lock, {
      // The address is the evidence; the code never is.
      proof: {
        recordName: null,
        valuesSeen: [`mailbox:${lock.challenge.email}`],
        resolvers: [],
        authenticated: false,
      },
      acknowledgeTakeover: input.acknowledgeTakeover,
      counted: false,
    });
  });
}
