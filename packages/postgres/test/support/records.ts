// Minimal records for the adapter's own tests (the contract has its own builders).
import type { ChallengeRecord, VerifiedDomainRecord } from '@apexproof/core';

const T0 = new Date('2025-01-15T12:00:00.000Z');

export const challengeRow = (id: string, o: Partial<ChallengeRecord> = {}): ChallengeRecord => ({
  id,
  organizationId: 'org-a',
  subject: 'example.com',
  subjectKind: 'apex',
  method: 'dns-txt',
  status: 'pending',
  token: 't',
  recordName: '_v.example.com',
  recordValue: 'v=t',
  email: null,
  codeHash: null,
  codeIssuedAt: null,
  createdAt: T0,
  expiresAt: new Date(T0.getTime() + 86_400_000),
  attempts: 0,
  lastAttemptAt: null,
  lastFailure: null,
  createdBy: 'user-1',
  nextCheckAt: null,
  leaseUntil: null,
  awaitingAcknowledgementAt: null,
  version: 1,
  ...o,
});

export const domainRow = (
  id: string,
  o: Partial<VerifiedDomainRecord> = {},
): VerifiedDomainRecord => ({
  id,
  organizationId: 'org-a',
  subject: 'example.com',
  subjectKind: 'apex',
  method: 'dns-txt',
  status: 'active',
  downgradeReason: null,
  verifiedAt: T0,
  downgradedAt: null,
  recordName: '_v.example.com',
  recordValue: 'v=t',
  lastCheckedAt: null,
  lastAttemptAt: null,
  consecutiveMisses: 0,
  nextCheckAt: null,
  leaseUntil: null,
  version: 1,
  ...o,
});
