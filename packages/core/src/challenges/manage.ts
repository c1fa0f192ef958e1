import { err, errAsync, ok, type ResultAsync } from 'neverthrow';
import { authorize } from '../app/access.js';
import type { Context } from '../app/context.js';
import { inTransaction } from '../app/edge.js';
import { isMissingId, isStorableId } from '../app/input.js';
import { type ApexproofError, apexError } from '../errors.js';
import { closeOpen, nextChallenge } from './transitions.js';
import { challengeNotFound, loadOpen } from './verify.js';
import { type ChallengeView, viewChallenge } from './view.js';

const requireId = (id: unknown) =>
  isMissingId(id)
    ? apexError('INVALID_INPUT', { field: 'challengeId', problem: 'required' })
    : null;

/** Any member may read the organization's challenges, including finished ones. */
export function getChallenge(
  ctx: Context,
  actorInput: unknown,
  challengeId: string,
): ResultAsync<ChallengeView, ApexproofError> {
  const bad = requireId(challengeId);
  if (bad) return errAsync(bad);
  return authorize(ctx, actorInput, 'read').andThen(({ actor }) =>
    !isStorableId(challengeId)
      ? errAsync(challengeNotFound(challengeId))
      : inTransaction(ctx, async (tx) => {
          const c = await tx.challenges.get(challengeId);
          if (!c || c.organizationId !== actor.organizationId)
            return err(challengeNotFound(challengeId));
          return ok(viewChallenge(ctx, c));
        }),
  );
}

/** Cancels an open challenge; a finished one is not found, an expired one says so. */
export function cancelChallenge(
  ctx: Context,
  actorInput: unknown,
  challengeId: string,
): ResultAsync<ChallengeView, ApexproofError> {
  const bad = requireId(challengeId);
  if (bad) return errAsync(bad);
  return authorize(ctx, actorInput, 'manage').andThen(({ actor }) =>
    !isStorableId(challengeId)
      ? errAsync<ChallengeView, ApexproofError>(challengeNotFound(challengeId))
      : inTransaction(ctx, async (tx) => {
          const loaded = await loadOpen(ctx, tx, actor, challengeId);
          if (loaded.isErr()) return err(loaded.error);
          if ('expired' in loaded.value) return ok(loaded.value.expired);
          const c = loaded.value;
          const target = { organizationId: c.organizationId, subject: c.subject, method: c.method };
          await closeOpen(ctx, tx, target, 'cancelled', actor.userId);
          return ok(nextChallenge(c, { status: 'cancelled' }));
        }).andThen((c) =>
          c.status === 'expired'
            ? errAsync(
                apexError('CHALLENGE_EXPIRED', {
                  challengeId,
                  expiredAt: c.expiresAt.toISOString(),
                }),
              )
            : ok(viewChallenge(ctx, c)),
        ),
  );
}
