// Reading and cancelling a challenge, for a caller and an id the facade has checked.
import { err, ok, type ResultAsync } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import { nextChallenge } from '../model/challenge.js';
import type { Actor } from '../ports/directory.js';
import type { Context } from '../runtime/context.js';
import { CommitThenRefuse, inTransaction } from '../runtime/transaction.js';
import { closeOpen } from '../steps/challenge-records.js';
import { challengeNotFound, loadOpen } from '../steps/lock.js';
import { type ChallengeView, viewChallenge } from '../steps/views.js';

/** A use case on one challenge of the actor's organization, named by a storable id. */
type OnChallenge = (
  ctx: Context,
  actor: Actor,
  challengeId: string,
) => ResultAsync<ChallengeView, ApexproofError>;

/** Any member may read the organization's challenges, including finished ones. */
export const getChallenge: OnChallenge = (ctx, actor, challengeId) =>
  inTransaction(ctx, async (tx) => {
    const c = await tx.challenges.get(challengeId);
    if (!c || c.organizationId !== actor.organizationId) return err(challengeNotFound(challengeId));
    return ok(viewChallenge(ctx, c));
  });

/** Cancels an open challenge; a finished one is not found, an expired one says so. */
export const cancelChallenge: OnChallenge = (ctx, actor, challengeId) =>
  inTransaction(ctx, async (tx) => {
    const loaded = await loadOpen(ctx, tx, actor, challengeId);
    if (loaded instanceof CommitThenRefuse) return loaded;
    if (loaded.isErr()) return err(loaded.error);
    const c = loaded.value;
    const target = { organizationId: c.organizationId, subject: c.subject, method: c.method };
    await closeOpen(ctx, tx, target, 'cancelled', actor.userId);
    return ok(viewChallenge(ctx, nextChallenge(c, { status: 'cancelled' })));
  });
