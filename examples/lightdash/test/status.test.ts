// The Lightdash status view `{ domain, isVerified, otp? }`, built from the core's generic
// verification status.
import { type ChallengeRecord, verificationStatus } from '@apexproof/core';
import { describe, expect, it } from 'vitest';
import { lightdashStatus } from '../src/status.js';

describe('lightdashStatus presenter', () => {
  const now = new Date('2026-03-01T09:00:00Z');
  const challenge = (changes: Partial<ChallengeRecord>): ChallengeRecord => ({
    id: 'c1',
    organizationId: 'o',
    subject: 'acme.co',
    subjectKind: 'apex',
    method: 'email-otp',
    status: 'pending',
    token: null,
    recordName: null,
    recordValue: null,
    email: 'admin@acme.co',
    codeHash: 'salt:hash',
    codeIssuedAt: new Date(now.getTime() - 60_000),
    createdAt: new Date(now.getTime() - 120_000),
    expiresAt: new Date(now.getTime() + 540_000),
    attempts: 2,
    lastAttemptAt: null,
    lastFailure: null,
    createdBy: 'u',
    nextCheckAt: null,
    leaseUntil: null,
    awaitingAcknowledgementAt: null,
    version: 0,
    ...changes,
  });
  // The core's generic view of the organization's row and challenges, shaped for Lightdash.
  const status = (c: ChallengeRecord | null, at = now) =>
    lightdashStatus(
      verificationStatus({
        subject: 'acme.co',
        domain: null,
        challenges: c ? [c] : [],
        now: at,
        maxOtpAttempts: 5,
      }),
    );

  it('shows the open code with Lightdash field names, and omits otp otherwise', () => {
    expect(status(challenge({}))).toEqual({
      domain: 'acme.co',
      isVerified: false,
      otp: {
        createdAt: new Date(now.getTime() - 60_000),
        numberOfAttempts: 2,
        isMaxAttempts: false,
        isExpired: false,
        expiresAt: new Date(now.getTime() + 540_000),
      },
    });
    expect(status(challenge({ attempts: 5 }))?.otp?.isMaxAttempts).toBe(true);
    expect(status(challenge({}), new Date(now.getTime() + 540_000))?.otp?.isExpired).toBe(true);
    for (const c of [
      null,
      challenge({ status: 'validated' }),
      challenge({ status: 'superseded' }),
      challenge({ method: 'dns-txt' }),
    ])
      expect(status(c)).toEqual({ domain: 'acme.co', isVerified: false });
  });
});
