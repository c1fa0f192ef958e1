// The email-otp method (Lightdash): a code sent to an address at the subject proves that the
// caller reads that mailbox. Weaker than DNS (anyone reading a shared alias passes), so domains
// verified this way are never re-checked by DNS and the docs say so.
import { err, errAsync, ok, okAsync, ResultAsync } from 'neverthrow';
import { authorize, requireNotScheduledForDeletion } from '../app/access.js';
import type { Context } from '../app/context.js';
import { inTransaction } from '../app/edge.js';
import { newId } from '../app/ids.js';
import { checkAddress } from '../email/address.js';
import {
  asciiLower,
  codeEvents,
  longestWait,
  lookback,
  retryAfterSeconds,
  wrongCodeEvents,
} from '../email/limits.js';
import { codeMatches, hashCode, newCode } from '../email/otp.js';
import { emailProvidersLoaded } from '../email/providers.js';
import { type ApexproofError, apexError } from '../errors.js';
import { appendMessages, templateBase } from '../notifications/outbox.js';
import type { Actor, Organization } from '../ports/directory.js';
import type { ChallengeRecord } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import { commitVerification, type VerifiedResult } from './commit.js';
import { insertChallenge, prepareStart, type StartedChallenge, takeoverRequired } from './start.js';
import { isLockStale, isOpen, nextChallenge } from './transitions.js';
import { loadOpen } from './verify.js';
import { viewChallenge } from './view.js';

/** Refuses a new code while the previous one for the same organization and subject is fresh. */
async function cooldown(ctx: Context, tx: StorageTx, c: ChallengeRecord) {
  const now = ctx.clock.now().getTime();
  for (const prior of await tx.challenges.listForSubject(c.organizationId, c.subject)) {
    if (prior.method !== 'email-otp' || !prior.codeIssuedAt) continue;
    const wait = prior.codeIssuedAt.getTime() + ctx.policy.emailOtp.resendCooldownMs - now;
    if (wait > 0) return apexError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(wait / 1000) });
  }
  return null;
}

/**
 * The caps across organizations (email/limits.ts): codes per address, codes per subject, and
 * wrong codes per subject. Locks the subject first so concurrent requests for it count in turn.
 * Answers the milliseconds to wait, 0 when within every cap.
 */
async function usageWait(
  ctx: Context,
  tx: StorageTx,
  c: ChallengeRecord,
  which: 'issue' | 'guess',
): Promise<number> {
  const { limits, codeTtlMs } = ctx.policy.emailOtp;
  const now = ctx.clock.now().getTime();
  await tx.domains.lockSubject(c.subject);
  const rows = await tx.challenges.listEmailOtpSince({
    subject: c.subject,
    ...(which === 'issue' && c.email ? { email: c.email } : {}),
    since: new Date(now - lookback(limits, codeTtlMs)),
  });
  const forSubject = rows.filter((r) => r.subject === c.subject);
  const wrong = longestWait(wrongCodeEvents(forSubject), limits.wrongCodesPerSubject, now);
  if (which === 'guess') return wrong;
  const address = asciiLower(c.email ?? '');
  const toAddress = rows.filter((r) => asciiLower(r.email ?? '') === address);
  return Math.max(
    wrong,
    longestWait(codeEvents(forSubject), limits.codesPerSubject, now),
    longestWait(codeEvents(toAddress), limits.codesPerAddress, now),
  );
}

const rateLimited = (waitMs: number) =>
  apexError('RATE_LIMITED', { retryAfterSeconds: retryAfterSeconds(waitMs) });

/** Starts (or resends: a new code voids the previous one) an email-otp challenge. */
export function startEmailOtp(
  ctx: Context,
  actorInput: unknown,
  input: { domain: unknown; email: unknown },
): ResultAsync<StartedChallenge, ApexproofError> {
  return prepareStart(ctx, actorInput, input.domain)
    .andThrough(emailProvidersLoaded)
    .andThen(({ actor, subject, conflict, organization }) => {
      const { emailOtp } = ctx.policy;
      const address = checkAddress(input.email, subject.subject, {
        apex: ctx.policy.apex,
        providers: emailOtp.providers,
        mailbox: emailOtp.mailbox,
      });
      if (address.isErr()) return errAsync(address.error);
      const code = newCode(ctx.random, emailOtp.codeLength);
      const id = newId(ctx.random, ctx.policy.idFormat);
      const key = { secret: emailOtp.secret, challengeId: id };
      return ResultAsync.fromSafePromise(hashCode(ctx.random, code, key)).andThen((codeHash) => {
        const now = ctx.clock.now();
        const challenge: ChallengeRecord = {
          id,
          organizationId: actor.organizationId,
          subject: subject.subject,
          subjectKind: subject.subjectKind,
          method: 'email-otp',
          status: 'pending',
          token: null,
          recordName: null,
          recordValue: null,
          email: address.value.address,
          codeHash,
          codeIssuedAt: now,
          createdAt: now,
          expiresAt: new Date(now.getTime() + emailOtp.codeTtlMs),
          attempts: 0,
          lastAttemptAt: null,
          lastFailure: null,
          createdBy: actor.userId,
          version: 0,
        };
        return inTransaction(ctx, async (tx) => {
          // Under the subject lock, so two parallel requests cannot both pass the cooldown.
          await tx.domains.lockSubject(challenge.subject);
          const limited = await cooldown(ctx, tx, challenge);
          if (limited) return err(limited);
          const wait = await usageWait(ctx, tx, challenge, 'issue');
          if (wait > 0) return err(rateLimited(wait));
          await insertChallenge(ctx, tx, challenge, actor);
          await appendMessages(ctx, tx, {
            organizationId: actor.organizationId,
            kind: 'email-otp',
            to: [address.value.address],
            mail: ctx.templates.emailOtp({
              ...templateBase(ctx, organization, subject.subject),
              code,
              expiresAt: challenge.expiresAt,
            }),
          });
          return ok(challenge);
        }).map((stored) => ({ ...viewChallenge(ctx, stored), conflict }));
      });
    });
}

type Checked =
  | { kind: 'locked'; challenge: ChallengeRecord; previous: ChallengeRecord['status'] }
  | { kind: 'needs-ack'; holderOrganizationId: string }
  | { kind: 'refused'; error: ApexproofError };

/** Checks the code; a wrong one is counted (and committed) before the refusal is returned. */
function checkCode(
  ctx: Context,
  actor: Actor,
  challengeId: string,
  code: string,
  acknowledge: boolean,
) {
  return inTransaction(ctx, async (tx) => {
    const loaded = await loadOpen(ctx, tx, actor, challengeId);
    if (loaded.isErr()) return err(loaded.error);
    if ('expired' in loaded.value) {
      const c = loaded.value.expired;
      return ok<Checked>({
        kind: 'refused',
        error: apexError('CHALLENGE_EXPIRED', {
          challengeId,
          expiredAt: c.expiresAt.toISOString(),
        }),
      });
    }
    const c = loaded.value;
    const now = ctx.clock.now();
    if (c.method !== 'email-otp' || !c.codeHash)
      return err(
        apexError('INVALID_INPUT', {
          field: 'challengeId',
          problem: `a ${c.method} challenge is verified, not confirmed`,
        }),
      );
    if (c.status === 'verifying' && !isLockStale(c, now, ctx.policy.verifyLockMs))
      return err(apexError('CHALLENGE_IN_PROGRESS', { challengeId }));
    // Confirmations of one subject run one at a time, and a code is compared only against the
    // challenge as it stands under that lock. Otherwise parallel guesses that read the same
    // version would all be compared while only one could be counted, and the answers (wrong vs
    // right) would leak uncounted guesses. A challenge that moved meanwhile is answered before
    // any comparison, so that answer says nothing about the code.
    await tx.domains.lockSubject(c.subject);
    const current = await tx.challenges.get(c.id);
    if (current?.version !== c.version)
      return err(apexError('CHALLENGE_IN_PROGRESS', { challengeId }));
    const { maxAttempts } = ctx.policy.emailOtp;
    if (c.attempts >= maxAttempts) return err(apexError('OTP_MAX_ATTEMPTS', { maxAttempts }));
    // Past the subject's wrong-code cap even the right code waits: otherwise the cap would
    // not bound guessing. The price (an attacker can make the owner wait) is in the docs.
    const wait = await usageWait(ctx, tx, c, 'guess');
    if (wait > 0) return err(rateLimited(wait));
    const key = { secret: ctx.policy.emailOtp.secret, challengeId: c.id };
    if (!(await codeMatches(c.codeHash, code, key))) {
      const counted = nextChallenge(c, {
        status: 'failed',
        attempts: c.attempts + 1,
        lastAttemptAt: now,
        lastFailure: 'Wrong code',
      });
      if (!(await tx.challenges.update(counted, c.version)))
        return err(apexError('CHALLENGE_IN_PROGRESS', { challengeId }));
      const left = maxAttempts - counted.attempts;
      return ok<Checked>({
        kind: 'refused',
        error: apexError('OTP_INVALID', { attemptsLeft: left }),
      });
    }
    const holder = await tx.domains.activeHolder(c.subject);
    if (holder && holder.organizationId !== actor.organizationId) {
      if (ctx.policy.takeover === 'forbid')
        return err(apexError('DOMAIN_VERIFIED_ELSEWHERE', { subject: c.subject }));
      if (!acknowledge)
        return ok<Checked>({ kind: 'needs-ack', holderOrganizationId: holder.organizationId });
    }
    const locked = nextChallenge(c, { status: 'verifying', lastAttemptAt: now });
    if (!(await tx.challenges.update(locked, c.version)))
      return err(apexError('CHALLENGE_IN_PROGRESS', { challengeId }));
    return ok<Checked>({
      kind: 'locked',
      challenge: locked,
      previous: c.status === 'verifying' ? 'failed' : c.status,
    });
  });
}

/** confirmChallenge: the right code commits exactly like DNS verification. */
export function confirmChallenge(
  ctx: Context,
  actorInput: unknown,
  input: { challengeId: string; code: string; acknowledgeTakeover?: boolean },
): ResultAsync<VerifiedResult, ApexproofError> {
  if (!input || typeof input.challengeId !== 'string' || input.challengeId === '')
    return errAsync(apexError('INVALID_INPUT', { field: 'challengeId', problem: 'required' }));
  if (typeof input.code !== 'string' || !/^\d{1,12}$/.test(input.code.trim()))
    return errAsync(apexError('INVALID_INPUT', { field: 'code', problem: 'digits only' }));
  const code = input.code.trim();
  const acknowledge = input.acknowledgeTakeover === true;
  return authorize(ctx, actorInput, 'manage').andThen(({ actor, organization }) =>
    requireNotScheduledForDeletion(organization).andThen(() =>
      checkCode(ctx, actor, input.challengeId, code, acknowledge).andThen((checked) => {
        if (checked.kind === 'refused')
          return errAsync<VerifiedResult, ApexproofError>(checked.error);
        if (checked.kind === 'needs-ack')
          return takeoverRequired<VerifiedResult>(ctx, checked.holderOrganizationId, actor);
        return commitOtp(ctx, actor, organization, checked, acknowledge);
      }),
    ),
  );
}

function commitOtp(
  ctx: Context,
  actor: Actor,
  organization: Organization,
  checked: Extract<Checked, { kind: 'locked' }>,
  acknowledgeTakeover: boolean,
): ResultAsync<VerifiedResult, ApexproofError> {
  const c = checked.challenge;
  return commitVerification(ctx, {
    actor,
    organization,
    subject: c.subject,
    subjectKind: c.subjectKind,
    method: 'email-otp',
    challenge: c,
    acknowledgeTakeover,
    // The address is the evidence; the code never is.
    proof: {
      recordName: null,
      valuesSeen: [`mailbox:${c.email}`],
      resolvers: [],
      authenticated: false,
    },
    evidenceKind: 'verification',
    reason: null,
  }).orElse((error) =>
    inTransaction(ctx, async (tx) => {
      if (isOpen(c.status))
        await tx.challenges.update(nextChallenge(c, { status: checked.previous }), c.version);
      return ok(undefined);
    })
      .orElse(() => okAsync(undefined))
      .andThen(() => errAsync(error)),
  );
}
