// The rows the Storage port keeps. Plain data: dates are `Date`, everything else is JSON-safe.
// Every mutable record has a `version` that compare-and-set updates check and bump.

import type { DomainEvent } from '../events/catalog.js';

/**
 * How a subject is proven (DESIGN §4): `dns-txt` (a TXT record at the record name), `email-otp` (a
 * code sent to an address at the subject), `ns-delegation` (the subject delegated to the configured
 * nameservers), `bypass` (privileged, no proof, audited). Only `dns-txt` and `ns-delegation` are
 * re-verified.
 */
export type Method = 'dns-txt' | 'email-otp' | 'ns-delegation' | 'bypass';

/** `apex`: a registrable domain (eTLD+1); `hostname`: an exact host. */
export type SubjectKind = 'apex' | 'hostname';

/**
 * Where a challenge is in its lifecycle (DESIGN §4): `pending → verifying → validated`; `verifying
 * → failed` (retryable); `pending | failed → expired | cancelled | superseded`. `verifying` is the
 * lock one check holds. Open: `pending`, `verifying`, `failed` (`OPEN_CHALLENGE_STATUSES`); the
 * others are terminal.
 */
export type ChallengeStatus =
  | 'pending'
  | 'verifying'
  | 'failed'
  | 'validated'
  | 'expired'
  | 'cancelled'
  | 'superseded';

/** Statuses from which a challenge can still be verified. */
export const OPEN_CHALLENGE_STATUSES: readonly ChallengeStatus[] = [
  'pending',
  'verifying',
  'failed',
];

/**
 * A challenge as the `Storage` keeps it (DESIGN §4). Adapters store and return it as given; hosts
 * see `ChallengeView`, which never carries the code hash.
 */
export interface ChallengeRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  readonly method: Method;
  readonly status: ChallengeStatus;
  /** dns-txt: the random token. Null for other methods. */
  readonly token: string | null;
  /** dns-txt: fully qualified record name (no trailing dot). */
  readonly recordName: string | null;
  /** dns-txt: the exact TXT value expected. */
  readonly recordValue: string | null;
  /** email-otp: the address the code goes to. */
  readonly email: string | null;
  /** email-otp: hash of the current code, prefixed by its scheme (email/otp.ts). Never the code. */
  readonly codeHash: string | null;
  /** email-otp: when the current code was issued (expiry and resend cooldown count from it). */
  readonly codeIssuedAt: Date | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** dns-txt and ns-delegation: checks made; email-otp: wrong codes entered for the current code. */
  readonly attempts: number;
  readonly lastAttemptAt: Date | null;
  /** Human-readable reason of the last failed check ; never contains a code. */
  readonly lastFailure: string | null;
  /** User id of the actor who started it. */
  readonly createdBy: string;
  /**
   * dns-txt and ns-delegation: when `checkPending` looks the proof up next, on the back-off
   * schedule counted from `createdAt` (policy.pendingChecks). Null for email-otp. Only open
   * challenges are ever due; a closed one keeps its last value.
   */
  readonly nextCheckAt: Date | null;
  /** The `checkPending` worker's lease (as a verified domain's), or null when none holds it. */
  readonly leaseUntil: Date | null;
  /**
   * When a pending check first found the proof while another organization actively held the
   * subject: the challenge stays open until a member verifies with `acknowledgeTakeover`.
   * Null otherwise; cleared when a later check finds the subject free or the proof gone.
   */
  readonly awaitingAcknowledgementAt: Date | null;
  readonly version: number;
}

/**
 * `active`: the organization holds the subject (at most one per subject); `downgraded`: it no
 * longer counts (redirects refused), with a `DowngradeReason`.
 */
export type DomainStatus = 'active' | 'downgraded';
/**
 * Why a domain was downgraded: another organization took it over (never restored automatically),
 * or re-verification missed its proof too often (restored once the proof is back, unless another
 * organization holds the subject by then).
 */
export type DowngradeReason = 'takeover' | 'reverification';

/**
 * An organization's verified domain as the `Storage` keeps it: one row per organization and
 * subject, at most one `active` row per subject. Carries the re-verification schedule and lease.
 */
export interface VerifiedDomainRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  readonly method: Method;
  readonly status: DomainStatus;
  readonly downgradeReason: DowngradeReason | null;
  readonly verifiedAt: Date;
  readonly downgradedAt: Date | null;
  /** What re-verification looks for (dns-txt); null for methods that are not re-checked by TXT. */
  readonly recordName: string | null;
  readonly recordValue: string | null;
  /** Last check that got a definitive answer. */
  readonly lastCheckedAt: Date | null;
  /** Last check attempted, definitive or not. */
  readonly lastAttemptAt: Date | null;
  readonly consecutiveMisses: number;
  /** When re-verification is next due; null means never (set by the core, not the adapter). */
  readonly nextCheckAt: Date | null;
  /** A re-verification worker holds the row until then. */
  readonly leaseUntil: Date | null;
  readonly version: number;
}

/**
 * A redirect pattern as the `Storage` keeps it: one row per (domainId, host, pathPrefix), deleted
 * with its domain.
 */
export interface RedirectPatternRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly domainId: string;
  /** Exact host the pattern admits (the apex or one of its subdomains), ASCII lowercase. */
  readonly host: string;
  /** Normalized path prefix, starting with `/`. */
  readonly pathPrefix: string;
  readonly createdAt: Date;
  readonly createdBy: string;
}

/**
 * Why evidence was recorded: a challenge passed (`verification`), re-verification restored a
 * downgraded domain (`restore`), or staff recorded it without proof (`bypass`).
 */
export type EvidenceKind = 'verification' | 'restore' | 'bypass';

/** What was seen when a verified domain was committed or restored. Append-only. */
export interface EvidenceRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly domainId: string;
  readonly challengeId: string | null;
  readonly kind: EvidenceKind;
  readonly method: Method;
  readonly subject: string;
  readonly recordName: string | null;
  /** Values found (joined TXT strings, or NS names). Never an e-mail code. */
  readonly valuesSeen: readonly string[];
  readonly resolvers: readonly string[];
  readonly authenticated: boolean;
  readonly actorUserId: string | null;
  readonly reason: string | null;
  readonly at: Date;
}

// ---- verify-check log (rate limits of verifyChallenge) ----------------------------------------

/** One verifyChallenge check that was let through to a lookup. Counted, then pruned. */
export interface CheckLogRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly challengeId: string;
  readonly at: Date;
}

/** Which message an outbox row carries (see `NotificationTemplates`). */
export type NotificationKind = 'takeover' | 'downgrade' | 'restore' | 'verified' | 'email-otp';
/**
 * An outbox message's state: `pending` (waiting, or retried after a transient failure), `sent`, or
 * `parked` (a permanent failure; not sent again).
 */
export type OutboxStatus = 'pending' | 'sent' | 'parked';

/** A rendered message waiting to be delivered (DESIGN §9). */
export interface OutboxRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly kind: NotificationKind;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly nextAttemptAt: Date;
  readonly leaseUntil: Date | null;
  readonly lastError: string | null;
  readonly sentAt: Date | null;
  readonly version: number;
}

/**
 * The type of an audit record: challenges started, superseded, cancelled, validated; domains
 * verified, restored, taken over, downgraded, removed, bypassed; redirect patterns added and
 * removed.
 */
export type AuditEventType =
  | 'challenge.started'
  | 'challenge.superseded'
  | 'challenge.cancelled'
  | 'challenge.validated'
  | 'domain.verified'
  | 'domain.restored'
  | 'domain.taken_over'
  | 'domain.downgraded'
  | 'domain.removed'
  | 'domain.bypassed'
  | 'organization.released'
  | 'redirect_pattern.added'
  | 'redirect_pattern.removed';

/** Append-only audit trail. `actorUserId` null means the system (re-verification). */
export interface AuditRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly actorUserId: string | null;
  readonly type: AuditEventType;
  readonly subject: string | null;
  readonly domainId: string | null;
  readonly challengeId: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

// ---- Event outbox (issue #14 §4) ----------------------------------------------------------

/** An event's delivery state: `pending` (waiting or retried), `delivered` (the sink said ok), `parked` (given up). */
export type EventOutboxStatus = 'pending' | 'delivered' | 'parked';

/**
 * A domain event waiting for the EventSink, appended in the transaction of the state change it
 * tells about. `event` is the exact event delivered (its `id` equals the row's `id`).
 * `sequence` is assigned by the storage at append: strictly increasing in commit-visible
 * insertion order, it orders one subject's events (delivery follows it per subject).
 */
export interface EventOutboxRecord {
  readonly id: string;
  readonly sequence: number;
  readonly organizationId: string;
  readonly subject: string;
  readonly event: DomainEvent;
  readonly status: EventOutboxStatus;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly nextAttemptAt: Date;
  readonly leaseUntil: Date | null;
  readonly lastError: string | null;
  readonly deliveredAt: Date | null;
  readonly version: number;
}
