import type {
  AuditRecord,
  ChallengeRecord,
  CheckLogRecord,
  EventOutboxRecord,
  EvidenceRecord,
  OutboxRecord,
  RedirectPatternRecord,
  VerifiedDomainRecord,
} from './records.js';

/**
 * Persistence (DESIGN §8). The core owns every rule; the storage keeps rows and makes three
 * guarantees the core builds on:
 *
 * 1. **Atomicity.** `transaction(fn)` applies all writes made through `tx` or none.
 * 2. **Uniqueness.** At most one verified-domain row per (organizationId, subject); at most one
 *    row with status `active` per subject; at most one redirect pattern per
 *    (domainId, host, pathPrefix); ids are unique per table. A write that would break one of
 *    these throws `StorageConflictError` from the repository method.
 * 3. **Compare-and-set.** `update(next, expectedVersion)` writes only when the stored row still
 *    has `expectedVersion`, and answers whether it wrote. A missing row answers `false`.
 *
 * "Not found" is `null` (single reads) or `[]` (lists), never an error. Reads return copies:
 * mutating a returned object never changes the store. Lists ordered by a time keep insertion
 * order among rows with equal times (also in newest-first lists).
 *
 * After a repository method throws, the transaction is finished: it rolls back whatever `fn`
 * does next, as a SQL database aborts a transaction whose statement failed.
 *
 * Text values never contain U+0000 (PostgreSQL cannot store it); the core escapes
 * DNS-derived text before storing it.
 */
export interface Storage {
  /**
   * Runs `fn` in one transaction.
   * - `fn` resolves → commit → `{ ok: true, value }`.
   * - A `StorageConflictError` (from a repository method, or a serialization failure at commit)
   *   → rollback → `{ ok: false, reason: 'conflict' }`. The core may retry.
   * - A `StorageUnavailableError` (connection lost, database down) → rollback →
   *   `{ ok: false, reason: 'unavailable' }`.
   * - Any other rejection of `fn` → rollback → `transaction` rejects with that same value.
   */
  transaction<T>(fn: (tx: StorageTx) => Promise<T>): Promise<TxResult<T>>;
}

/**
 * What `Storage.transaction` resolves with: the function's value, or why nothing was written.
 * `conflict` is retried by the core (a few times, then `STORAGE_UNAVAILABLE`); `unavailable` is
 * answered as `STORAGE_UNAVAILABLE`.
 */
export type TxResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'conflict' | 'unavailable'; readonly detail: string };

/**
 * The repositories of one transaction, handed to the function given to `Storage.transaction`: every
 * read and write through them belongs to it.
 */
export interface StorageTx {
  readonly challenges: ChallengeRepository;
  readonly domains: DomainRepository;
  readonly patterns: RedirectPatternRepository;
  readonly evidence: EvidenceRepository;
  readonly outbox: OutboxRepository;
  readonly audit: AuditRepository;
  readonly events: EventOutboxRepository;
  /** The verifyChallenge checks that rate limits count (steps/verify-limits.ts). */
  readonly checkLog: CheckLogRepository;
}

/** Challenges (`ChallengeRecord`), within one transaction. */
export interface ChallengeRepository {
  /** The challenge with this id, any status and organization; `null` when there is none. */
  get(id: string): Promise<ChallengeRecord | null>;
  /** Throws `StorageConflictError` if the id exists. */
  insert(challenge: ChallengeRecord): Promise<void>;
  /** Compare-and-set on `version`; `next.version` is stored as given. */
  update(next: ChallengeRecord, expectedVersion: number): Promise<boolean>;
  /** Every challenge of the organization for the subject, any status, newest `createdAt` first. */
  listForSubject(organizationId: string, subject: string): Promise<ChallengeRecord[]>;
  /**
   * What the email-otp rate limits count, across every organization: each `email-otp`
   * challenge, in any status (superseded, expired and validated too), whose `codeIssuedAt` is
   * at or after `since` and whose `subject` equals `query.subject` or, when `query.email` is
   * given, whose `email` equals it ignoring the case of ASCII letters. Oldest `codeIssuedAt`
   * first. Challenges of other methods, or without `codeIssuedAt`, never match.
   */
  listEmailOtpSince(query: EmailOtpUsageQuery): Promise<ChallengeRecord[]>;
  // ---- releaseOrganization (issue #14 §6) ----
  /**
   * The organization's challenges with an open status (`pending`, `verifying`, `failed`),
   * whatever their expiry, oldest `createdAt` first.
   */
  listOpenByOrganization(organizationId: string): Promise<ChallengeRecord[]>;
  // ---- checkPending (issue #14 §1) ----
  /**
   * Leases up to `limit` challenges that a pending check is due for: method `dns-txt` or
   * `ns-delegation`, status `pending`, `verifying` or `failed`, `nextCheckAt <= now`, and a free
   * lease (`leaseUntil` null or `<= now`). Oldest `nextCheckAt` first; `leaseUntil` is set,
   * `version` bumped, rows returned as stored. Rows another transaction has locked are
   * skipped, not waited for (SQL: `FOR UPDATE SKIP LOCKED`), as in `domains.claimDue`.
   */
  claimDue(options: { now: Date; limit: number; leaseUntil: Date }): Promise<ChallengeRecord[]>;
}

/**
 * The filter of `ChallengeRepository.listEmailOtpSince`: the subject, optionally an address (ASCII
 * case ignored), and the instant from which codes count.
 */
export interface EmailOtpUsageQuery {
  readonly subject: string;
  readonly email?: string;
  readonly since: Date;
}

/** Verified domains (`VerifiedDomainRecord`), within one transaction. */
export interface DomainRepository {
  /** The verified domain with this id, any status and organization; `null` when there is none. */
  get(id: string): Promise<VerifiedDomainRecord | null>;
  /** The organization's row for the subject (active or downgraded), if any. */
  find(organizationId: string, subject: string): Promise<VerifiedDomainRecord | null>;
  /** The row with status `active` for the subject, if any. */
  activeHolder(subject: string): Promise<VerifiedDomainRecord | null>;
  /**
   * Serializes, until this transaction ends, every transaction that locks the same subject
   * (SQL: a transaction-scoped advisory lock). The core calls it before deciding a holder.
   */
  lockSubject(subject: string): Promise<void>;
  /** All rows of the organization, oldest `verifiedAt` first. */
  listByOrganization(organizationId: string): Promise<VerifiedDomainRecord[]>;
  /** Throws `StorageConflictError` on a uniqueness violation (see `Storage`). */
  insert(domain: VerifiedDomainRecord): Promise<void>;
  /** Compare-and-set on `version`. Throws `StorageConflictError` on a uniqueness violation. */
  update(next: VerifiedDomainRecord, expectedVersion: number): Promise<boolean>;
  /**
   * Deletes the row; answers whether it existed. Its redirect patterns go with it (SQL: a
   * foreign key ON DELETE CASCADE); the core still deletes them first to count them.
   */
  delete(id: string): Promise<boolean>;
  /**
   * Leases up to `limit` rows with `nextCheckAt <= now` whose lease is free
   * (`leaseUntil` null or `<= now`), earliest `nextCheckAt` first: sets their `leaseUntil`,
   * bumps their `version` and returns them as stored. Rows leased by a concurrent transaction
   * are skipped, not waited for (SQL: `FOR UPDATE SKIP LOCKED`).
   */
  claimDue(options: {
    now: Date;
    limit: number;
    leaseUntil: Date;
  }): Promise<VerifiedDomainRecord[]>;
}

/** Redirect patterns (`RedirectPatternRecord`), within one transaction. */
export interface RedirectPatternRepository {
  /** The pattern with this id, any organization; `null` when there is none. */
  get(id: string): Promise<RedirectPatternRecord | null>;
  /** The domain's pattern with exactly this host and path prefix; `null` when there is none. */
  find(domainId: string, host: string, pathPrefix: string): Promise<RedirectPatternRecord | null>;
  /**
   * Throws `StorageConflictError` on a duplicate id or (domainId, host, pathPrefix), and when
   * the domain `domainId` does not exist (a concurrent removal deleted it): no pattern is ever
   * stored without its domain.
   */
  insert(pattern: RedirectPatternRecord): Promise<void>;
  /** Deletes the pattern; answers whether it existed. */
  delete(id: string): Promise<boolean>;
  /** Answers how many were deleted. */
  deleteByDomain(domainId: string): Promise<number>;
  /** Oldest `createdAt` first. */
  listByDomain(domainId: string): Promise<RedirectPatternRecord[]>;
  /** Oldest `createdAt` first. */
  listByOrganization(organizationId: string): Promise<RedirectPatternRecord[]>;
}

/** Evidence (`EvidenceRecord`): append-only, kept after its domain is removed. */
export interface EvidenceRepository {
  /** Adds one evidence row; the core never updates one. */
  append(evidence: EvidenceRecord): Promise<void>;
  /** Oldest first. */
  listByDomain(domainId: string): Promise<EvidenceRecord[]>;
}

/** The notification outbox (`OutboxRecord`), within one transaction. */
export interface OutboxRepository {
  /**
   * Queues one message, in the transaction of the state change it tells about: it exists exactly
   * when that change committed.
   */
  append(message: OutboxRecord): Promise<void>;
  /** The message with this id; `null` when there is none. */
  get(id: string): Promise<OutboxRecord | null>;
  /**
   * Leases up to `limit` messages with status `pending`, `nextAttemptAt <= now` and a free
   * lease, oldest `nextAttemptAt` first (then `createdAt`): sets `leaseUntil`, bumps `version`
   * and returns them as stored. Concurrently leased rows are skipped (`SKIP LOCKED`).
   */
  claim(options: { now: Date; limit: number; leaseUntil: Date }): Promise<OutboxRecord[]>;
  /** Compare-and-set on `version`. */
  update(next: OutboxRecord, expectedVersion: number): Promise<boolean>;
}

/** The audit trail (`AuditRecord`): append-only, kept after its domain is removed. */
export interface AuditRepository {
  /** Adds one audit record; the core never updates one. */
  append(event: AuditRecord): Promise<void>;
  /** Oldest first. */
  listByOrganization(organizationId: string): Promise<AuditRecord[]>;
}

// ---- Event outbox (issue #14 §4) ----------------------------------------------------------

/**
 * The event outbox (issue #14): domain events appended in the transaction of their state change,
 * leased one subject head at a time by `deliverEvents`.
 */
export interface EventOutboxRepository {
  /**
   * Appends a pending event; the storage assigns `sequence` (the given one is ignored).
   * Throws `StorageConflictError` if the id exists.
   */
  append(event: Omit<EventOutboxRecord, 'sequence'>): Promise<void>;
  /** The event with this id, or null. */
  get(id: string): Promise<EventOutboxRecord | null>;
  /**
   * Leases up to `limit` events that head their subject's queue: for each subject, only the
   * pending event with the lowest `sequence` is a candidate, and only when it is due
   * (`nextAttemptAt <= now`) and its lease is free. Candidates are taken oldest
   * `nextAttemptAt` first (then `sequence`); `leaseUntil` is set, `version` bumped, rows
   * returned as stored. A subject whose head is leased or not yet due yields nothing, so one
   * subject's events are never delivered out of order, whatever the number of workers.
   * Parked and delivered events do not block their subject. Concurrently leased rows are
   * skipped (`SKIP LOCKED`).
   */
  claim(options: { now: Date; limit: number; leaseUntil: Date }): Promise<EventOutboxRecord[]>;
  /** Compare-and-set on `version`. */
  update(next: EventOutboxRecord, expectedVersion: number): Promise<boolean>;
  /** Every event of the subject, any status, in `sequence` order. */
  listBySubject(subject: string): Promise<EventOutboxRecord[]>;
}

// ---- verify-check log ------------------------------------------------------------------------

/** The verify-check log that `verifyChallenge`'s rate limits count (`policy.verifyLimits`). */
export interface CheckLogRepository {
  /**
   * Serializes, until this transaction ends, every transaction that locks the same
   * organization's log (SQL: a transaction-scoped advisory lock), so concurrent checks count
   * in turn.
   */
  lockOrganization(organizationId: string): Promise<void>;
  /** Throws `StorageConflictError` if the id exists. */
  append(entry: CheckLogRecord): Promise<void>;
  /** The organization's entries with `at >= since`, oldest `at` first. */
  listSince(organizationId: string, since: Date): Promise<CheckLogRecord[]>;
  /** Deletes the organization's entries with `at < before`; answers how many. */
  deleteBefore(organizationId: string, before: Date): Promise<number>;
}

/**
 * Thrown by repository methods on a uniqueness violation (and by adapters for serialization
 * failures). Recognised by `name`, so copies of the class from different installs agree.
 */
export class StorageConflictError extends Error {
  override readonly name = 'StorageConflictError';
}

/** Thrown by repository methods when the backend cannot be reached. */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
}

/**
 * Whether `e` is a `StorageConflictError`, recognised by `name` so copies of the class from
 * different installs agree. For storage adapters and their tests.
 */
export const isStorageConflict = (e: unknown): e is StorageConflictError =>
  e instanceof Error && e.name === 'StorageConflictError';

/** Whether `e` is a `StorageUnavailableError`, recognised by `name` (see `isStorageConflict`). */
export const isStorageUnavailable = (e: unknown): e is StorageUnavailableError =>
  e instanceof Error && e.name === 'StorageUnavailableError';
