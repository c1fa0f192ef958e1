// checkPending (issue #14 §1): users publish the record and expect the product to notice. A
// scheduler calls this like reverifyDue; it leases due dns-txt and ns-delegation challenges,
// looks each proof up on the back-off schedule, and commits a found proof through the same path
// as verifyChallenge — except that it never takes a subject from another organization: such a
// challenge stays open, awaiting a member's acknowledgement. Our own lookup failures change
// nothing but the time of the next check.
import { ok, ResultAsync, safeTry } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import {
  challengeAwaitingAcknowledgement,
  challengeExpired as expiredEvent,
} from '../events/create.js';
import { isLockStale, nextChallenge } from '../model/challenge.js';
import { nextPendingCheck } from '../model/pending-schedule.js';
import type { ChallengeRecord, ChallengeStatus } from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import { appendEvents, eventHeader } from '../runtime/events.js';
import { appendMessages, templateBase } from '../runtime/outbox.js';
import { claimingPool } from '../runtime/pool.js';
import { ask, inTransaction } from '../runtime/transaction.js';
import { commitLocked } from '../steps/commit.js';
import { checkProof } from '../steps/proof.js';

/**
 * One `checkPending` batch. It adds up: `checked = verified + pending + awaitingAcknowledgement
 * + errored + expired + skipped`.
 */
export interface PendingCheckReport {
  /** Challenges leased by this batch. */
  readonly checked: number;
  /** Proven and committed: the subject is now verified for the challenge's organization. */
  readonly verified: number;
  /** Looked up, proof not (yet) there: checked again on the schedule. */
  readonly pending: number;
  /** Proof found, but another organization holds the subject: a member must acknowledge. */
  readonly awaitingAcknowledgement: number;
  /** Our lookup (or a port) failed: nothing counted, checked again on the schedule. */
  readonly errored: number;
  /** Past `expiresAt`: closed as `expired`. */
  readonly expired: number;
  /** Changed by a user or another worker mid-check: left alone, checked on their next turn. */
  readonly skipped: number;
}

type Outcome = Exclude<keyof PendingCheckReport, 'checked'>;

/** The row as the check leaves it: the lease dropped, the next check on the schedule. */
function rescheduled(ctx: Context, c: ChallengeRecord, changes: Partial<ChallengeRecord>) {
  const now = ctx.clock.now();
  return nextChallenge(c, {
    ...changes,
    leaseUntil: null,
    nextCheckAt: nextPendingCheck(c.createdAt, c.expiresAt, now, ctx.policy.pendingChecks),
  });
}

/** Writes `next` over `seen` (compare-and-set); a lost race is `skipped`, not an error. */
const save = (
  ctx: Context,
  seen: ChallengeRecord,
  next: ChallengeRecord,
  outcome: Outcome,
  also?: () => Promise<void>,
) =>
  inTransaction(ctx, async (tx) => {
    if (!(await tx.challenges.update(next, seen.version))) return ok<Outcome>('skipped');
    await also?.();
    return ok(outcome);
  });

/** Closes a challenge whose time has passed, with its `challenge.expired` event. */
const expire = (ctx: Context, leased: ChallengeRecord) =>
  inTransaction(ctx, async (tx) => {
    const next = nextChallenge(leased, { status: 'expired', leaseUntil: null, nextCheckAt: null });
    if (!(await tx.challenges.update(next, leased.version))) return ok<Outcome>('skipped');
    await appendEvents(ctx, tx, [
      expiredEvent(eventHeader(ctx, leased.organizationId, leased.subject, ctx.clock.now()), {
        challengeId: leased.id,
        method: leased.method,
      }),
    ]);
    return ok<Outcome>('expired');
  });

/**
 * After a refused commit (commitLocked has released the lock with the refusal as lastFailure):
 * the lease is dropped and the next check scheduled. Awaiting an acknowledgement is said once,
 * with its event, and stays visible on the challenge until the proof or the holder goes.
 */
function afterRefusal(
  ctx: Context,
  locked: ChallengeRecord,
  previous: ChallengeStatus,
  outcome: Outcome,
  holderOrganizationId: string | null,
) {
  return inTransaction(ctx, async (tx) => {
    const current = await tx.challenges.get(locked.id);
    if (!current || current.version !== locked.version + 1 || current.status !== previous)
      return ok<Outcome>('skipped');
    const now = ctx.clock.now();
    const first = holderOrganizationId !== null && current.awaitingAcknowledgementAt === null;
    const next = rescheduled(ctx, current, {
      awaitingAcknowledgementAt:
        holderOrganizationId === null ? null : (current.awaitingAcknowledgementAt ?? now),
    });
    if (!(await tx.challenges.update(next, current.version))) return ok<Outcome>('skipped');
    if (first)
      await appendEvents(ctx, tx, [
        challengeAwaitingAcknowledgement(
          eventHeader(ctx, current.organizationId, current.subject, now),
          { challengeId: current.id, method: current.method, holderOrganizationId },
        ),
      ]);
    return ok(outcome);
  });
}

/**
 * A background miss is not diagnosed (that would cost more lookups on every scheduled check);
 * verifyChallenge explains a miss when a user asks.
 */
const missMessage = (c: ChallengeRecord): string =>
  c.method === 'ns-delegation'
    ? `${c.subject} is not delegated to the expected nameservers yet`
    : `the TXT record ${c.recordName ?? c.subject} was not found yet`;

function checkOne(ctx: Context, leased: ChallengeRecord): ResultAsync<Outcome, ApexproofError> {
  return safeTry(async function* () {
    const now = ctx.clock.now();
    if (now >= leased.expiresAt) return expire(ctx, leased);
    // A user's verifyChallenge holds the lock: theirs is the check of this turn.
    if (leased.status === 'verifying' && !isLockStale(leased, now, ctx.policy.verifyLockMs))
      return save(ctx, leased, rescheduled(ctx, leased, {}), 'skipped');
    const organization = yield* ask(() => ctx.directory.organization(leased.organizationId));
    // A deleted organization (its host calls releaseOrganization) or one being deleted: no
    // change is made for it; the challenge expires on its own.
    if (organization === null || organization.scheduledForDeletion)
      return save(ctx, leased, rescheduled(ctx, leased, {}), 'skipped');

    const previous: ChallengeStatus = leased.status === 'verifying' ? 'failed' : leased.status;
    const locked = nextChallenge(leased, { status: 'verifying', lastAttemptAt: now });
    const taken = yield* inTransaction(ctx, async (tx) =>
      ok(await tx.challenges.update(locked, leased.version)),
    );
    if (!taken) return ok<Outcome>('skipped');

    const outcome = await checkProof(ctx, locked);
    if (outcome.kind === 'lookup-failed')
      return save(
        ctx,
        locked,
        rescheduled(ctx, locked, { status: previous, lastFailure: outcome.message }),
        'errored',
      );
    if (outcome.kind === 'missing')
      // A miss is a check made (attempts counts checks); the proof being gone also ends any
      // wait for an acknowledgement.
      return save(
        ctx,
        locked,
        rescheduled(ctx, locked, {
          status: previous,
          attempts: locked.attempts + 1,
          lastFailure: missMessage(locked),
          awaitingAcknowledgementAt: null,
        }),
        'pending',
      );

    const owners = yield* ask(() => ctx.directory.ownerEmails(leased.organizationId));
    const committed = await commitLocked(
      ctx,
      {
        actor: null,
        organization,
        // The owners hear that it passed on its own, in the transaction that verified it.
        alsoWrite: async (tx, result) => {
          await appendMessages(ctx, tx, {
            organizationId: organization.id,
            kind: 'verified',
            to: owners,
            mail: ctx.templates.verified({
              ...templateBase(ctx, organization, result.apex),
              method: locked.method === 'ns-delegation' ? 'ns-delegation' : 'dns-txt',
            }),
          });
        },
      },
      { challenge: locked, previous },
      // Never a takeover: that needs a member's acknowledgement.
      { proof: outcome.proof, acknowledgeTakeover: false, counted: true },
    );
    if (committed.isOk()) return ok<Outcome>('verified');
    const refusal = committed.error;
    if (refusal.code === 'APEX_TAKEOVER_REQUIRED') {
      const { conflictingOrganizationId } = refusal.details as {
        conflictingOrganizationId: string;
      };
      return afterRefusal(
        ctx,
        locked,
        previous,
        'awaitingAcknowledgement',
        conflictingOrganizationId,
      );
    }
    // A challenge a user moved on meanwhile is theirs.
    if (refusal.code === 'CHALLENGE_NOT_FOUND') return ok<Outcome>('skipped');
    // A subject that may never be taken over (policy.takeover 'forbid') stays pending, its
    // lastFailure says why; anything else (the storage failing) is ours, not the user's.
    return afterRefusal(
      ctx,
      locked,
      previous,
      refusal.code === 'DOMAIN_VERIFIED_ELSEWHERE' ? 'pending' : 'errored',
      null,
    );
  });
}

/**
 * One call, with options the facade has checked (`countOptions`): up to `limit` due challenges,
 * leased a chunk at a time as lookups free up (`claimingPool`). Every chunk is judged due at the
 * call's start; a checked challenge's next check is always later, so none is checked twice.
 */
export function checkPending(
  ctx: Context,
  options: { limit: number; concurrency: number },
): ResultAsync<PendingCheckReport, ApexproofError> {
  const now = ctx.clock.now();
  const claim = (limit: number) =>
    inTransaction(ctx, async (tx) => {
      const leaseUntil = new Date(ctx.clock.now().getTime() + ctx.policy.pendingChecks.leaseMs);
      return ok(await tx.challenges.claimDue({ now, limit, leaseUntil }));
    });
  const check = (c: ChallengeRecord) =>
    checkOne(ctx, c).match(
      (o) => o,
      () => 'errored' as Outcome,
    );
  return new ResultAsync(claimingPool(options, claim, check)).map((outcomes) => {
    const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
    return {
      checked: outcomes.length,
      verified: count('verified'),
      pending: count('pending'),
      awaitingAcknowledgement: count('awaitingAcknowledgement'),
      errored: count('errored'),
      expired: count('expired'),
      skipped: count('skipped'),
    };
  });
}
