// Record builders and arbitraries for the Storage contract. Every builder returns a complete,
// valid record; cases override only the fields they are about.
import type {
  AuditRecord,
  ChallengeRecord,
  EventOutboxRecord,
  EvidenceRecord,
  OutboxRecord,
  RedirectPatternRecord,
  Storage,
  StorageTx,
  TxResult,
  VerifiedDomainRecord,
} from '@apexproof/core';
import { expect } from 'vitest';

/** Direct reads of every stored row, bypassing the port (and its transactions). Any order. */
export interface StorageInspector {
  /** Every stored challenge row. */
  challenges(): Promise<ChallengeRecord[]>;
  /** Every stored verified-domain row. */
  domains(): Promise<VerifiedDomainRecord[]>;
  /** Every stored redirect-pattern row. */
  patterns(): Promise<RedirectPatternRecord[]>;
  /** Every stored evidence row. */
  evidence(): Promise<EvidenceRecord[]>;
  /** Every stored outbox message. */
  outbox(): Promise<OutboxRecord[]>;
  /** Every stored audit record. */
  audit(): Promise<AuditRecord[]>;
  /** The event outbox, in `sequence` order. */
  events(): Promise<EventOutboxRecord[]>;
}

/** What every section of the suite gets: the storage under test and the inspector. */
export interface ContractContext {
  readonly storage: () => Storage;
  readonly inspect: StorageInspector;
  readonly parallel: boolean;
  readonly propertyRuns: number;
}

let counter = 0;
/** A fresh id that no other case uses (ids are unique per table). */
export const uid = (prefix: string): string => `${prefix}-${++counter}`;

const BASE = Date.UTC(2025, 0, 15, 12, 0, 0, 0);
/** A fixed instant `minutes` after the suite's epoch; `at(0.001)` is one millisecond. */
export const at = (minutes: number): Date => new Date(BASE + Math.round(minutes * 60_000));

export function challenge(overrides: Partial<ChallengeRecord> = {}): ChallengeRecord {
  return {
    id: uid('chl'),
    organizationId: 'org-a',
    subject: 'example.com',
    subjectKind: 'apex',
    method: 'dns-txt',
    status: 'pending',
    token: 'tok3n',
    recordName: '_kayle-id-verification.example.com',
    recordValue: 'kayle-id-verification=tok3n',
    email: null,
    codeHash: null,
    codeIssuedAt: null,
    createdAt: at(0),
    expiresAt: at(7 * 24 * 60),
    attempts: 0,
    lastAttemptAt: null,
    lastFailure: null,
    createdBy: 'user-1',
    nextCheckAt: null,
    leaseUntil: null,
    awaitingAcknowledgementAt: null,
    version: 1,
    ...overrides,
  };
}

export function domain(overrides: Partial<VerifiedDomainRecord> = {}): VerifiedDomainRecord {
  return {
    id: uid('dom'),
    organizationId: 'org-a',
    subject: 'example.com',
    subjectKind: 'apex',
    method: 'dns-txt',
    status: 'active',
    downgradeReason: null,
    verifiedAt: at(0),
    downgradedAt: null,
    recordName: '_kayle-id-verification.example.com',
    recordValue: 'kayle-id-verification=tok3n',
    lastCheckedAt: null,
    lastAttemptAt: null,
    consecutiveMisses: 0,
    nextCheckAt: null,
    leaseUntil: null,
    version: 1,
    ...overrides,
  };
}

export function pattern(overrides: Partial<RedirectPatternRecord> = {}): RedirectPatternRecord {
  return {
    id: uid('pat'),
    organizationId: 'org-a',
    domainId: 'dom-x',
    host: 'app.example.com',
    pathPrefix: '/',
    createdAt: at(0),
    createdBy: 'user-1',
    ...overrides,
  };
}

/**
 * Inserts a pattern after the domain it belongs to, creating that domain (downgraded, on a
 * subject of its own) if the storage does not have it: a pattern never exists without one.
 */
export async function insertPattern(tx: StorageTx, p: RedirectPatternRecord): Promise<void> {
  if (!(await tx.domains.get(p.domainId)))
    await tx.domains.insert(
      domain({
        id: p.domainId,
        organizationId: p.organizationId,
        subject: `${p.domainId}.patterns.example`,
        status: 'downgraded',
        downgradeReason: 'takeover',
      }),
    );
  await tx.patterns.insert(p);
}

export function evidence(overrides: Partial<EvidenceRecord> = {}): EvidenceRecord {
  return {
    id: uid('evd'),
    organizationId: 'org-a',
    domainId: 'dom-x',
    challengeId: 'chl-x',
    kind: 'verification',
    method: 'dns-txt',
    subject: 'example.com',
    recordName: '_kayle-id-verification.example.com',
    valuesSeen: ['kayle-id-verification=tok3n', 'v=spf1 -all'],
    resolvers: ['https://dns.example/dns-query'],
    authenticated: true,
    actorUserId: 'user-1',
    reason: null,
    at: at(0),
    ...overrides,
  };
}

export function outboxMessage(overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id: uid('msg'),
    organizationId: 'org-a',
    kind: 'takeover',
    to: 'owner@example.com',
    subject: 'example.com was verified by another organization',
    text: 'Hello,\nexample.com moved.\n',
    html: '<p>Hello,</p><p>example.com moved.</p>',
    status: 'pending',
    attempts: 0,
    createdAt: at(0),
    nextAttemptAt: at(0),
    leaseUntil: null,
    lastError: null,
    sentAt: null,
    version: 1,
    ...overrides,
  };
}

/** A pending event-outbox row (without the storage-assigned `sequence`). */
export function outboxEvent(
  overrides: Partial<Omit<EventOutboxRecord, 'sequence'>> = {},
): Omit<EventOutboxRecord, 'sequence'> {
  const id = overrides.id ?? uid('evt');
  const subject = overrides.subject ?? 'example.com';
  const organizationId = overrides.organizationId ?? 'org-a';
  return {
    id,
    organizationId,
    subject,
    event: {
      id,
      type: 'domain.verified',
      organizationId,
      subject,
      timestamp: at(0).toISOString(),
      data: { domainId: 'dom-x', method: 'dns-txt', challengeId: 'chl-x' },
    },
    status: 'pending',
    attempts: 0,
    createdAt: at(0),
    nextAttemptAt: at(0),
    leaseUntil: null,
    lastError: null,
    deliveredAt: null,
    version: 0,
    ...overrides,
  };
}

export function auditEvent(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: uid('aud'),
    organizationId: 'org-a',
    actorUserId: 'user-1',
    type: 'domain.verified',
    subject: 'example.com',
    domainId: 'dom-x',
    challengeId: 'chl-x',
    details: { method: 'dns-txt', takeoverFrom: null, resolvers: ['a', 'b'], nested: { n: 1.5 } },
    at: at(0),
    ...overrides,
  };
}

/** Runs `fn` in a transaction and expects it to commit; answers its value. */
export async function commit<T>(storage: Storage, fn: (tx: StorageTx) => Promise<T>): Promise<T> {
  const result = await storage.transaction(fn);
  if (!result.ok) expect.fail(`transaction answered ${result.reason}: ${result.detail}`);
  return result.value;
}

/** Expects a `{ ok: false, reason }` answer with a string detail. */
export function expectFailure<T>(result: TxResult<T>, reason: 'conflict' | 'unavailable'): void {
  expect(result).toMatchObject({ ok: false, reason });
  expect(typeof (result as { detail?: unknown }).detail).toBe('string');
}

/** Every stored row of every table, for "nothing was stored" and "nothing changed" checks. */
export async function snapshot(inspect: StorageInspector) {
  const byId = <T extends { id: string }>(rows: T[]) =>
    [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    challenges: byId(await inspect.challenges()),
    domains: byId(await inspect.domains()),
    patterns: byId(await inspect.patterns()),
    evidence: byId(await inspect.evidence()),
    outbox: byId(await inspect.outbox()),
    audit: byId(await inspect.audit()),
    events: byId(await inspect.events()),
  };
}

export const findById = <T extends { id: string }>(rows: T[], id: string): T | undefined =>
  rows.find((row) => row.id === id);
