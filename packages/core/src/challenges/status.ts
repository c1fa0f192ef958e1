// The verification status of one subject for the caller's organization: whether it is verified,
// and the challenges still open for it. A host shapes its own view from this one (the Lightdash
// example builds `{ domain, isVerified, otp? }`).
import { ok, type ResultAsync } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import { isOpen } from '../model/challenge.js';
import type { Actor } from '../ports/directory.js';
import type {
  ChallengeRecord,
  DomainStatus,
  Method,
  VerifiedDomainRecord,
} from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import type { Subject } from '../runtime/subject.js';
import { inTransaction } from '../runtime/transaction.js';

/** An open challenge as a status page shows it. Never contains a code or a token. */
export interface OpenChallengeStatus {
  readonly challengeId: string;
  readonly method: Method;
  /** When the current code was sent (email-otp), else when the challenge was started. */
  readonly issuedAt: Date;
  readonly attempts: number;
  /** email-otp: wrong codes allowed per code; null for methods without a cap. */
  readonly maxAttempts: number | null;
  /** Past `expiresAt`, even before a write has marked it expired. */
  readonly expired: boolean;
  readonly expiresAt: Date;
}

/**
 * What `getVerificationStatus` answers for one subject: whether the organization holds it now, its
 * row's status, and the open challenges (without codes or tokens). A host shapes its own status
 * view from it (the Lightdash example builds `{ domain, isVerified, otp? }`).
 */
export interface VerificationStatus {
  /** The subject (apex, or exact host in hostname mode), ASCII. */
  readonly domain: string;
  /** Active: verified for the organization now. */
  readonly verified: boolean;
  /** The organization's verified-domain row for the subject, if any. */
  readonly domainStatus: DomainStatus | null;
  /** Open challenges for the subject, newest first (at most one per method). */
  readonly openChallenges: readonly OpenChallengeStatus[];
}

/** Pure presenter: the organization's row for the subject and its challenges. */
export function verificationStatus(options: {
  subject: string;
  domain: VerifiedDomainRecord | null;
  challenges: readonly ChallengeRecord[];
  now: Date;
  maxOtpAttempts: number;
}): VerificationStatus {
  const { subject, domain, challenges, now, maxOtpAttempts } = options;
  // The newest challenge of each method decides: an older open one has been superseded.
  const newest = new Map<Method, ChallengeRecord>();
  for (const c of challenges) if (!newest.has(c.method)) newest.set(c.method, c);
  return {
    domain: subject,
    verified: domain?.status === 'active',
    domainStatus: domain?.status ?? null,
    openChallenges: [...newest.values()]
      .filter((c) => isOpen(c.status))
      .map((c) => ({
        challengeId: c.id,
        method: c.method,
        issuedAt: c.codeIssuedAt ?? c.createdAt,
        attempts: c.attempts,
        maxAttempts: c.method === 'email-otp' ? maxOtpAttempts : null,
        expired: now >= c.expiresAt,
        expiresAt: c.expiresAt,
      })),
  };
}

/** Any member may read the status of one of the organization's domains. */
export function getVerificationStatus(
  ctx: Context,
  actor: Actor,
  subject: Subject,
): ResultAsync<VerificationStatus, ApexproofError> {
  const name = subject.subject;
  return inTransaction(ctx, async (tx) => {
    const domain = await tx.domains.find(actor.organizationId, name);
    const challenges = await tx.challenges.listForSubject(actor.organizationId, name);
    return ok(
      verificationStatus({
        subject: name,
        domain,
        challenges,
        now: ctx.clock.now(),
        maxOtpAttempts: ctx.policy.emailOtp.maxAttempts,
      }),
    );
  });
}
