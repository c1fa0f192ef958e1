// The Lightdash status view of a domain: `{ domain, isVerified, otp? }`, where `otp` is present
// only while an e-mail code challenge is open.
import { ok, type ResultAsync } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import { isOpen } from '../model/challenge.js';
import type { Actor } from '../ports/directory.js';
import type { ChallengeRecord, VerifiedDomainRecord } from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import type { Subject } from '../runtime/subject.js';
import { inTransaction } from '../runtime/transaction.js';

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
  actor: Actor,
  subject: Subject,
): ResultAsync<LightdashDomainStatus, ApexproofError> {
  const name = subject.subject;
  return inTransaction(ctx, async (tx) => {
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
  });
}
