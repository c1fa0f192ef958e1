// The public contract of apexproof: what `createApexproof` is given and the use cases it
// answers with. Types only; the composition lives in create-apexproof.ts.
import type { ResultAsync } from 'neverthrow';
import type { PendingCheckReport } from './challenges/check-pending.js';
import type { VerificationStatus } from './challenges/status.js';
import type { VerifyChallengeInput } from './challenges/verify.js';
import type { BypassInput } from './domains/bypass.js';
import type { AuditPage, EvidenceView } from './domains/history.js';
import type { Holder } from './domains/holder.js';
import type { ReleaseReport } from './domains/release.js';
import type { ReverifyReport } from './domains/reverify.js';
import type { ApexproofError } from './errors.js';
import type { DeliveryReport } from './notifications/deliver.js';
import type { EventDeliveryReport } from './notifications/deliver-events.js';
import type { Clock } from './ports/clock.js';
import type { Actor, Directory } from './ports/directory.js';
import type { DnsResolver } from './ports/dns.js';
import type { EventSink } from './ports/events.js';
import type { Mailer } from './ports/mailer.js';
import type { Random } from './ports/random.js';
import type { Method } from './ports/records.js';
import type { Storage } from './ports/storage.js';
import type { RedirectAuthorization } from './redirect/index.js';
import type { ApexproofPolicy } from './runtime/policy.js';
import type { VerifiedResult } from './steps/commit.js';
import type { StartedChallenge } from './steps/start.js';
import type { ChallengeView, RedirectPatternView, VerifiedDomainView } from './steps/views.js';

/**
 * A redirect pattern as `addRedirectPattern` takes it: `https://[subdomain.]<apex>[/path]`, or
 * `{ subdomain?, apex, path? }` (no `subdomain`: the apex itself; `path` defaults to `/`).
 */
export type RedirectPatternInput = string | { subdomain?: string; apex: string; path?: string };

/**
 * What `createApexproof` is built from: the ports `storage`, `dns`, `mailer` and `directory`
 * (adapters: `@apexproof/memory`, `postgres`, `doh`, `authoritative`, `smtp`), and optionally
 * `clock` [`systemClock`], `random` [`webCryptoRandom`] and `policy` [`ApexproofPolicy` defaults].
 */
export interface ApexproofDeps {
  readonly storage: Storage;
  readonly dns: DnsResolver;
  readonly mailer: Mailer;
  readonly directory: Directory;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly policy?: ApexproofPolicy;
  /**
   * Where domain events go (`deliverEvents` sends them). Without a sink no event is recorded,
   * so the event outbox never grows unread.
   */
  readonly events?: EventSink;
}

/**
 * What `startChallenge` takes. `domain` (a domain, host or URL) is normalized to the subject as
 * `toApex` does; `bypass` is not a method here (`bypassVerification`).
 */
export interface StartChallengeInput {
  readonly domain: string;
  readonly method: Method;
  /** email-otp: where the code goes (at the domain or one of its subdomains). */
  readonly email?: string;
}

/**
 * What `confirmChallenge` takes: `code` is 1-12 digits (surrounding spaces ignored; else
 * `INVALID_INPUT`); only `acknowledgeTakeover: true` acknowledges a takeover.
 */
export interface ConfirmChallengeInput {
  readonly challengeId: string;
  readonly code: string;
  readonly acknowledgeTakeover?: boolean;
}

/**
 * The use cases. Every one answers a `ResultAsync`; expected outcomes are catalog errors. Besides
 * the codes each method names, any call may answer `INVALID_INPUT` (a malformed call) and
 * `STORAGE_UNAVAILABLE`; one that takes an actor also `ORGANIZATION_NOT_FOUND`, `FORBIDDEN` (not a
 * member, or not in `policy.manageRoles` [owner] where managers only) and `DIRECTORY_UNAVAILABLE`.
 */
export interface Apexproof {
  /**
   * Starts a challenge (managers only), superseding the organization's open one for the same
   * subject and method. `dns-txt` answers the record to publish (`record.host` is the label for DNS
   * panels), `ns-delegation` the nameservers (`policy.nameservers`), `email-otp` queues a code to
   * `input.email` that the next `deliverNotifications` sends. `conflict` names another organization
   * holding the subject. Errors: `APEX_INVALID`, `ORGANIZATION_SCHEDULED_FOR_DELETION`,
   * `DOMAIN_VERIFIED_ELSEWHERE` (takeover `forbid`); email-otp `EMAIL_NOT_AT_DOMAIN`,
   * `EMAIL_PROVIDER_NOT_ALLOWED`, `RATE_LIMITED`.
   * @example
   * ```ts
   * const started = await app.startChallenge(actor, { domain: 'acme.co', method: 'dns-txt' });
   * if (started.isOk()) show(started.value.record); // { type: 'TXT', name, host, value }
   * ```
   */
  startChallenge(
    actor: Actor,
    input: StartChallengeInput,
  ): ResultAsync<StartedChallenge, ApexproofError>;
  /**
   * Verifies a `dns-txt` or `ns-delegation` challenge (managers only): looks the proof up and, when
   * found, commits the verified domain in one transaction (previous holder downgraded, evidence,
   * notices, audit). Errors: `DNS_NOT_PROPAGATED` (a definitive miss, counted; `details.diagnosis`
   * says why), `DNS_LOOKUP_FAILED` (not counted), `APEX_TAKEOVER_REQUIRED` (retry with
   * `acknowledgeTakeover: true`), `DOMAIN_VERIFIED_ELSEWHERE`, `CHALLENGE_NOT_FOUND`,
   * `CHALLENGE_EXPIRED`, `CHALLENGE_IN_PROGRESS`, `ORGANIZATION_SCHEDULED_FOR_DELETION`.
   */
  verifyChallenge(
    actor: Actor,
    input: VerifyChallengeInput,
  ): ResultAsync<VerifiedResult, ApexproofError>;
  /** email-otp: the code from the e-mail. */
  confirmChallenge(
    actor: Actor,
    input: ConfirmChallengeInput,
  ): ResultAsync<VerifiedResult, ApexproofError>;
  /** Privileged: record a verified domain without proof (Directory.canBypass), with a reason. */
  bypassVerification(actor: Actor, input: BypassInput): ResultAsync<VerifiedResult, ApexproofError>;
  /** Whether the subject is verified for the actor's organization, and its open challenges. */
  getVerificationStatus(
    actor: Actor,
    input: { domain: string },
  ): ResultAsync<VerificationStatus, ApexproofError>;
  /**
   * One challenge of the organization in any status; any member may read. `CHALLENGE_NOT_FOUND` for
   * an unknown id or another organization's.
   */
  getChallenge(actor: Actor, challengeId: string): ResultAsync<ChallengeView, ApexproofError>;
  /**
   * Cancels an open challenge (managers only). `CHALLENGE_NOT_FOUND` when unknown or finished,
   * `CHALLENGE_EXPIRED` when its time has passed.
   */
  cancelChallenge(actor: Actor, challengeId: string): ResultAsync<ChallengeView, ApexproofError>;
  /**
   * The organization's verified domains, active and downgraded, with their redirect patterns,
   * oldest first; any member may read.
   */
  listDomains(actor: Actor): ResultAsync<VerifiedDomainView[], ApexproofError>;
  /**
   * Removes a verified domain (managers only) with its redirect patterns, and cancels the
   * organization's open challenges for it; the subject becomes free. `DOMAIN_NOT_FOUND` when
   * unknown or another organization's.
   */
  removeDomain(
    actor: Actor,
    input: { domainId: string },
  ): ResultAsync<{ domainId: string; domain: string; patternsRemoved: number }, ApexproofError>;
  /**
   * Registers a redirect pattern on an active verified domain of the organization (managers only);
   * the same pattern twice answers the existing one. Errors: `REDIRECT_PATTERN_INVALID` (checked
   * first, `details.reason`), `DOMAIN_NOT_FOUND` (not an active verified domain of the
   * organization).
   * @example
   * ```ts
   * await app.addRedirectPattern(actor, 'https://app.acme.co/oauth');
   * ```
   */
  addRedirectPattern(
    actor: Actor,
    input: RedirectPatternInput,
  ): ResultAsync<RedirectPatternView, ApexproofError>;
  /**
   * Removes a redirect pattern (managers only). `DOMAIN_NOT_FOUND` when unknown or another
   * organization's (a pattern is part of its domain).
   */
  removeRedirectPattern(
    actor: Actor,
    input: { patternId: string },
  ): ResultAsync<{ patternId: string }, ApexproofError>;
  /**
   * Whether `url` may be a redirect target for the organization (DESIGN §7); takes an organization
   * id, not an actor, as it is asked at sign-in time. Compiled from storage per call, so a
   * downgrade or removal counts at once. Redirect to the answer's `url`, never to the input.
   * Errors: `REDIRECT_URL_INVALID` (`details.reason`), `REDIRECT_URL_DOMAIN_NOT_VERIFIED`,
   * `REDIRECT_URL_PATTERN_NOT_REGISTERED`.
   * @example
   * ```ts
   * const decision = await app.authorizeRedirect('org_acme', 'https://APP.acme.co:443/cb');
   * if (decision.isOk()) redirectTo(decision.value.url); // 'https://app.acme.co/cb'
   * ```
   */
  authorizeRedirect(
    organizationId: string,
    url: string,
  ): ResultAsync<RedirectAuthorization, ApexproofError>;
  /**
   * Re-checks one batch of due verified domains (DESIGN §5), from the host's scheduler, as often
   * and from as many workers as it likes (rows are leased). A definitive miss is a strike
   * (`policy.reverification.missThreshold` in a row downgrade and notify the owners), a found proof
   * restores a domain downgraded by re-verification, a lookup failure changes nothing. `limit`
   * domains per batch [100], `concurrency` lookups in flight [8]; an option that is not a finite
   * number is `INVALID_INPUT`.
   */
  reverifyDue(options?: {
    limit?: number;
    concurrency?: number;
  }): ResultAsync<ReverifyReport, ApexproofError>;
  /**
   * Sends one batch of queued notifications and email-otp codes through the `Mailer`, one at a time
   * (DESIGN §9): transient failures are retried with backoff (`policy.delivery`), permanent ones
   * parked; at least once, never lost. `limit` messages per batch [50]. Call it from the scheduler,
   * and after an email-otp `startChallenge`.
   */
  deliverNotifications(options?: { limit?: number }): ResultAsync<DeliveryReport, ApexproofError>;
  /**
   * Looks up the proofs of open dns-txt and ns-delegation challenges that are due on the
   * back-off schedule (`policy.pendingChecks`), and verifies those it finds — never taking a
   * subject from another organization: those await a member's acknowledgement. For the host's
   * scheduler, like `reverifyDue`; several workers may run it at once. Defaults: `limit` 100,
   * `concurrency` 8.
   */
  checkPending(options?: {
    limit?: number;
    concurrency?: number;
  }): ResultAsync<PendingCheckReport, ApexproofError>;
  /**
   * The active holder of the subject of a host, URL or e-mail address, or null. No actor: it
   * reveals what a verified-domain badge shows; decide whether to expose it.
   */
  findHolder(input: string): ResultAsync<Holder | null, ApexproofError>;
  /**
   * Host-level, for an organization the host deletes: removes its verified domains and
   * patterns and cancels its open challenges, in one transaction. Idempotent.
   */
  releaseOrganization(
    organizationId: string,
    options: { reason: string },
  ): ResultAsync<ReleaseReport, ApexproofError>;
  /** Sends due domain events through the `events` sink (none configured: nothing to do). */
  deliverEvents(options?: { limit?: number }): ResultAsync<EventDeliveryReport, ApexproofError>;
  /** The organization's audit trail, newest first, `limit` entries (1–200, 50) per page. */
  listAudit(
    actor: Actor,
    options?: { cursor?: string | null; limit?: number },
  ): ResultAsync<AuditPage, ApexproofError>;
  /** What was seen when one of the organization's domains was verified or restored. */
  listEvidence(actor: Actor, domainId: string): ResultAsync<EvidenceView[], ApexproofError>;
}
