// The first step of every start: who may start, for which subject, and whether another
// organization's holding forbids it (DESIGN §4 steps 1–4).
import { ok, type ResultAsync, safeTry } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import type { Actor, Organization } from '../ports/directory.js';
import type { Caller } from '../runtime/access.js';
import type { Context } from '../runtime/context.js';
import { type Subject, toSubject } from '../runtime/subject.js';
import { inTransaction } from '../runtime/transaction.js';
import { type Conflict, conflictOf, takeoverGate } from './takeover.js';
import type { ChallengeView } from './views.js';

export interface StartedChallenge extends ChallengeView {
  /** Another organization actively holds the subject: verifying will need acknowledgement. */
  readonly conflict: Conflict | null;
}

export interface StartGate {
  readonly actor: Actor;
  readonly organization: Organization;
  readonly subject: Subject;
  /** Another organization actively holds the subject: verifying will need acknowledgement. */
  readonly conflict: Conflict | null;
}

/** Subject check shared by every method: normalized, and not forbidden by the takeover policy. */
export function prepareStart(
  ctx: Context,
  { actor, organization }: Caller,
  domain: unknown,
): ResultAsync<StartGate, ApexproofError> {
  return safeTry(async function* () {
    const subject = yield* toSubject(domain, ctx.policy);
    const holder = yield* inTransaction(ctx, async (tx) =>
      ok(await tx.domains.activeHolder(subject.subject)),
    );
    const conflict = yield* conflictOf(ctx, holder?.organizationId ?? null, actor.organizationId);
    // Starting needs no acknowledgement; only `forbid` refuses here.
    yield* takeoverGate(ctx, holder, actor.organizationId, true);
    return ok({ actor, organization, subject, conflict });
  });
}
