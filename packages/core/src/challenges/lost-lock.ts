// A lookup that outlives verifyLockMs: meanwhile a second call took the stale lock and moved
// the challenge on, so this call's commit finds the challenge changed. That is never "not
// found" for a challenge the caller owns and just proved: if the other call validated it, the
// domain is verified and this call says so; if it is still being checked, CHALLENGE_IN_PROGRESS.
import { errAsync, ok, okAsync, type ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import type { Actor } from '../ports/directory.js';
import type { ChallengeRecord } from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import { inTransaction } from '../runtime/transaction.js';
import type { VerifiedResult } from '../steps/commit.js';

export function afterLostLock(
  ctx: Context,
  actor: Actor,
  locked: ChallengeRecord,
  error: ApexproofError,
): ResultAsync<VerifiedResult, ApexproofError> {
  if (error.code !== 'CHALLENGE_NOT_FOUND') return errAsync(error);
  return inTransaction(ctx, async (tx) => {
    const current = await tx.challenges.get(locked.id);
    const domain =
      current?.status === 'validated'
        ? await tx.domains.find(actor.organizationId, current.subject)
        : null;
    return ok({ current, domain });
  }).andThen(({ current, domain }) => {
    if (!current || current.organizationId !== actor.organizationId) return errAsync(error);
    if (domain?.status === 'active')
      // The takeover, if any, was the other call's to report.
      return okAsync<VerifiedResult, ApexproofError>({
        domainId: domain.id,
        apex: domain.subject,
        takeoverFrom: null,
      });
    if (current.status === 'verifying' || current.status === 'validated')
      return errAsync(apexError('CHALLENGE_IN_PROGRESS', { challengeId: current.id }));
    return errAsync(error);
  });
}
