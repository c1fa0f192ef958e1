// The Lightdash status view of a domain: `{ domain, isVerified, otp? }`, where `otp` is present
// only while an e-mail code challenge is open.
import { errAsync, ok, type ResultAsync } from 'neverthrow';
import { authorize } from '../app/access.js';
import type { Context } from '../app/context.js';
import { inTransaction } from '../app/edge.js';
import { toSubject } from '../app/subject.js';
import type { ApexproofError } from '../errors.js';
import type { ChallengeRecord, VerifiedDomainRecord } from '../ports/records.js';
import { isOpen } from './transitions.js';

export interface LightdashOtpStatus {
  readonly createdAt: Date;
  readonly numberOfAttempts: number;
  readonly isMaxAttempts: boolean;
  readonly isExpired: boolean;
  readonly expiresAt: Date;
}

export interface LightdashDomainStatus {
  readonly domain: string;
  readonly isVerified: boolean;
  readonly otp?: LightdashOtpStatus;
}

/** Pure presenter: the organization's row for the subject and its latest email-otp challenge. */
export function lightdashStatus(options: {
  subject: string;
  domain: VerifiedDomainRecord | null;
  challenge: ChallengeRecord | null;
  now: Date;
  maxAttempts: number;
}): LightdashDomainStatus {
  const { subject, domain, challenge, now, maxAttempts } = options;
  const status: LightdashDomainStatus = {
    domain: subject,
    isVerified: domain?.status === 'active',
  };
  if (challenge?.method !== 'email-otp' || !isOpen(challenge.status)) return status;
  return {
    ...status,
    otp: {
      createdAt: challenge.codeIssuedAt ?? challenge.createdAt,
      numberOfAttempts: challenge.attempts,
      isMaxAttempts: challenge.attempts >= maxAttempts,
      isExpired: now >= challenge.expiresAt,
      expiresAt: challenge.expiresAt,
    },
  };
}

/** Any member may read the status of one of the organization's domains. */
export function getVerificationStatus(
  ctx: Context,
  actorInput: unknown,
  input: { domain: string },
): ResultAsync<LightdashDomainStatus, ApexproofError> {
  const subject = toSubject(input?.domain, ctx.policy);
  if (subject.isErr()) return errAsync(subject.error);
  const name = subject.value.subject;
  return authorize(ctx, actorInput, 'read').andThen(({ actor }) =>
    inTransaction(ctx, async (tx) => {
      const domain = await tx.domains.find(actor.organizationId, name);
      const challenges = await tx.challenges.listForSubject(actor.organizationId, name);
      const challenge = challenges.find((c) => c.method === 'email-otp') ?? null;
      return ok(
        lightdashStatus({
          subject: name,
          domain,
          challenge,
          now: ctx.clock.now(),
          maxAttempts: ctx.policy.emailOtp.maxAttempts,
        }),
      );
    }),
  );
}
