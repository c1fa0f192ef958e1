// Lightdash's status view of a domain, `{ domain, isVerified, otp? }`, built from the core's
// generic verification status: `otp` is present only while an e-mail code challenge is open.
import type { VerificationStatus } from '@apexproof/core';

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

export function lightdashStatus(status: VerificationStatus): LightdashDomainStatus {
  const view: LightdashDomainStatus = { domain: status.domain, isVerified: status.verified };
  const otp = status.openChallenges.find((c) => c.method === 'email-otp');
  if (!otp) return view;
  return {
    ...view,
    otp: {
      createdAt: otp.issuedAt,
      numberOfAttempts: otp.attempts,
      isMaxAttempts: otp.maxAttempts !== null && otp.attempts >= otp.maxAttempts,
      isExpired: otp.expired,
      expiresAt: otp.expiresAt,
    },
  };
}
