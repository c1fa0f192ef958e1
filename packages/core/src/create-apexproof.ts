// The composition root: the ports and the policy become one frozen object of use cases. Every
// call's arguments are checked here, once, in the order the callers have always seen; the use
// cases below receive checked values.
import { err, type ResultAsync, safeTry } from 'neverthrow';
import { checkPending, type PendingCheckReport } from './challenges/check-pending.js';
import { confirmChallenge } from './challenges/confirm.js';
import { cancelChallenge, getChallenge } from './challenges/manage.js';
import { startDnsChallenge } from './challenges/start-dns.js';
import { startEmailOtp } from './challenges/start-email-otp.js';
import { getVerificationStatus, type VerificationStatus } from './challenges/status.js';
import { type VerifyChallengeInput, verifyChallenge } from './challenges/verify.js';
import { type BypassInput, bypassVerification } from './domains/bypass.js';
import { type AuditPage, type EvidenceView, listAudit, listEvidence } from './domains/history.js';
import { findHolder, type Holder } from './domains/holder.js';
import { listDomains, removeDomain } from './domains/manage.js';
import {
  addRedirectPattern,
  authorizeRedirect,
  removeRedirectPattern,
} from './domains/redirects.js';
import { type ReleaseReport, releaseOrganization } from './domains/release.js';
import { type ReverifyReport, reverifyDue } from './domains/reverify.js';
import { type ApexproofError, apexError, docsLink } from './errors.js';
import { defaultTemplates } from './model/templates.js';
import { type DeliveryReport, deliverNotifications } from './notifications/deliver.js';
import { deliverEvents, type EventDeliveryReport } from './notifications/deliver-events.js';
import { type Clock, systemClock } from './ports/clock.js';
import type { Actor, Directory } from './ports/directory.js';
import type { DnsResolver } from './ports/dns.js';
import type { EventSink } from './ports/events.js';
import type { Mailer } from './ports/mailer.js';
import { type Random, webCryptoRandom } from './ports/random.js';
import type { Method } from './ports/records.js';
import type { Storage } from './ports/storage.js';
import { parseRedirectPattern, type RedirectAuthorization } from './redirect/index.js';
import {
  authorize,
  authorizeBypass,
  type Caller,
  requireNotScheduledForDeletion,
} from './runtime/access.js';
import { checkBypass, checkMethod, checkRelease } from './runtime/call-checks.js';
import type { Context } from './runtime/context.js';
import {
  countOptions,
  describeValue,
  echoId,
  isStorableId,
  requireId,
  storableId,
} from './runtime/guards.js';
import { shielded } from './runtime/input-shield.js';
import { type ApexproofPolicy, resolvePolicy } from './runtime/policy.js';
import { guardDirectory, guardDns, guardMailer } from './runtime/port-answers.js';
import { toSubject } from './runtime/subject.js';
import type { VerifiedResult } from './steps/commit.js';
import { challengeNotFound } from './steps/lock.js';
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

/** Largest audit page: an admin page never pulls the whole trail through one call. */
const MAX_AUDIT_PAGE = 200;

const notFound = {
  challenge: challengeNotFound,
  // Patterns answer DOMAIN_NOT_FOUND too: a pattern is part of its domain.
  domainOrPattern: (id: string) => apexError('DOMAIN_NOT_FOUND', { id: echoId(id) }),
};

/**
 * Builds the use cases from the ports and the policy: a frozen object whose methods check their
 * arguments before any port is asked and never throw. With `policy.errorReferenceUrl`, every
 * error's `docs` is a link into that page.
 * @example
 * ```ts
 * const app = createApexproof({
 *   storage: createMemoryStorage(), dns: createMemoryDns(), mailer: createMemoryMailer(),
 *   directory: createMemoryDirectory({ organizations: [] }), // all from @apexproof/memory
 *   policy: { record: 'kayle' },
 * });
 * ```
 */
export function createApexproof(deps: ApexproofDeps): Apexproof {
  const ctx: Context = {
    storage: deps.storage,
    dns: guardDns(deps.dns), // port answers held to the ports' rules (runtime/port-answers.ts)
    mailer: guardMailer(deps.mailer),
    directory: guardDirectory(deps.directory),
    clock: deps.clock ?? systemClock,
    random: deps.random ?? webCryptoRandom,
    policy: resolvePolicy(deps.policy),
    templates: { ...defaultTemplates, ...deps.policy?.templates },
    ...(deps.events !== undefined ? { events: deps.events } : {}),
  };
  /** A member who may change things, of an organization that is not being deleted. */
  const manager = (actor: unknown): ResultAsync<Caller, ApexproofError> =>
    authorize(ctx, actor, 'manage').andThen((caller) =>
      requireNotScheduledForDeletion(caller.organization).map(() => caller),
    );
  const reader = (actor: unknown) => authorize(ctx, actor, 'read').map((c) => c.actor);
  // Only `true` acknowledges, at the first gate and at the commit alike ("false" does not).
  const acknowledged = (input: { acknowledgeTakeover?: unknown }) =>
    input.acknowledgeTakeover === true;

  const useCases: Apexproof = {
    startChallenge: (actor: Actor, input: StartChallengeInput) =>
      checkMethod(ctx, input?.method).asyncAndThen((method) =>
        manager(actor).andThen((caller) =>
          method === 'email-otp'
            ? startEmailOtp(ctx, caller, { domain: input.domain, email: input.email })
            : startDnsChallenge(ctx, caller, input.domain, method),
        ),
      ),
    verifyChallenge: (actor: Actor, input: VerifyChallengeInput) =>
      safeTry(async function* () {
        const unchecked = yield* requireId(input?.challengeId, 'challengeId');
        const caller = yield* manager(actor);
        const challengeId = yield* storableId(unchecked, notFound.challenge);
        return verifyChallenge(ctx, caller, {
          challengeId,
          acknowledgeTakeover: acknowledged(input),
        });
      }),
    confirmChallenge: (actor: Actor, input: ConfirmChallengeInput) =>
      safeTry(async function* () {
        const unchecked = yield* requireId(input?.challengeId, 'challengeId');
        if (typeof input.code !== 'string' || !/^\d{1,12}$/.test(input.code.trim()))
          return err(apexError('INVALID_INPUT', { field: 'code', problem: 'digits only' }));
        const caller = yield* manager(actor);
        const challengeId = yield* storableId(unchecked, notFound.challenge);
        return confirmChallenge(ctx, caller, {
          challengeId,
          code: input.code.trim(),
          acknowledgeTakeover: acknowledged(input),
        });
      }),
    // The permission comes first: a caller without it learns nothing about its input.
    bypassVerification: (actor: Actor, input: BypassInput) =>
      authorizeBypass(ctx, actor).andThen((checked) =>
        checkBypass(ctx, input).asyncAndThen((bypass) => bypassVerification(ctx, checked, bypass)),
      ),
    getVerificationStatus: (actor: Actor, input: { domain: string }) =>
      toSubject(input?.domain, ctx.policy).asyncAndThen((subject) =>
        reader(actor).andThen((checked) => getVerificationStatus(ctx, checked, subject)),
      ),
    getChallenge: (actor: Actor, id: string) =>
      safeTry(async function* () {
        const unchecked = yield* requireId(id, 'challengeId');
        const checked = yield* reader(actor);
        const challengeId = yield* storableId(unchecked, notFound.challenge);
        return getChallenge(ctx, checked, challengeId);
      }),
    cancelChallenge: (actor: Actor, id: string) =>
      safeTry(async function* () {
        const unchecked = yield* requireId(id, 'challengeId');
        const { actor: checked } = yield* authorize(ctx, actor, 'manage');
        const challengeId = yield* storableId(unchecked, notFound.challenge);
        return cancelChallenge(ctx, checked, challengeId);
      }),
    listDomains: (actor: Actor) => reader(actor).andThen((checked) => listDomains(ctx, checked)),
    removeDomain: (actor: Actor, input: { domainId: string }) =>
      safeTry(async function* () {
        const unchecked = yield* requireId(input?.domainId, 'domainId');
        const { actor: checked } = yield* authorize(ctx, actor, 'manage');
        const domainId = yield* storableId(unchecked, notFound.domainOrPattern);
        return removeDomain(ctx, checked, domainId);
      }),
    addRedirectPattern: (actor: Actor, input: RedirectPatternInput) =>
      parseRedirectPattern(input, ctx.policy.apex).asyncAndThen((pattern) =>
        authorize(ctx, actor, 'manage').andThen(({ actor: checked }) =>
          addRedirectPattern(ctx, checked, pattern),
        ),
      ),
    removeRedirectPattern: (actor: Actor, input: { patternId: string }) =>
      safeTry(async function* () {
        const unchecked = yield* requireId(input?.patternId, 'patternId');
        const { actor: checked } = yield* authorize(ctx, actor, 'manage');
        const patternId = yield* storableId(unchecked, notFound.domainOrPattern);
        return removeRedirectPattern(ctx, checked, patternId);
      }),
    authorizeRedirect: (organizationId: string, url: string) =>
      requireId(organizationId, 'organizationId').asyncAndThen((id) =>
        authorizeRedirect(ctx, id, url),
      ),
    reverifyDue: (options?: { limit?: number; concurrency?: number }) =>
      countOptions(options, {
        limit: { fallback: 100, min: 0 },
        concurrency: { fallback: 8, min: 1 },
      }).asyncAndThen((counts) => reverifyDue(ctx, counts)),
    checkPending: (options?: { limit?: number; concurrency?: number }) =>
      countOptions(options, {
        limit: { fallback: 100, min: 0 },
        concurrency: { fallback: 8, min: 1 },
      }).asyncAndThen((counts) => checkPending(ctx, counts)),
    deliverNotifications: (options?: { limit?: number }) =>
      countOptions(options, { limit: { fallback: 50, min: 0 } }).asyncAndThen((counts) =>
        deliverNotifications(ctx, counts),
      ),
    findHolder: (input: string) => findHolder(ctx, input),
    releaseOrganization: (organizationId: string, options: { reason: string }) =>
      checkRelease(organizationId, options).asyncAndThen((checked) =>
        releaseOrganization(ctx, checked),
      ),
    deliverEvents: (options?: { limit?: number }) =>
      countOptions(options, { limit: { fallback: 50, min: 0 } }).asyncAndThen((counts) =>
        deliverEvents(ctx, counts),
      ),
    listAudit: (actor: Actor, options?: { cursor?: string | null; limit?: number }) =>
      safeTry(async function* () {
        const { limit } = yield* countOptions(options, { limit: { fallback: 50, min: 1 } });
        const cursor = options?.cursor ?? null;
        if (cursor !== null && !isStorableId(cursor))
          return err(
            apexError('INVALID_INPUT', {
              field: 'cursor',
              problem: `must be a cursor from a previous page, got ${describeValue(cursor)}`,
            }),
          );
        const checked = yield* reader(actor);
        return listAudit(ctx, checked, { cursor, limit: Math.min(limit, MAX_AUDIT_PAGE) });
      }),
    listEvidence: (actor: Actor, id: string) =>
      safeTry(async function* () {
        const unchecked = yield* requireId(id, 'domainId');
        const checked = yield* reader(actor);
        const domainId = yield* storableId(unchecked, notFound.domainOrPattern);
        return listEvidence(ctx, checked, domainId);
      }),
  };
  return withDocsLinks(shielded(useCases), ctx.policy.errorReferenceUrl);
}

/** Every error answered carries `docs` as a link into the host's error reference page. */
function withDocsLinks(app: Apexproof, referencePageUrl: string | null): Apexproof {
  if (referencePageUrl === null) return Object.freeze(app);
  const link = (e: ApexproofError): ApexproofError =>
    Object.freeze({ ...e, docs: docsLink(e.docs, referencePageUrl) });
  type UseCase = (...args: unknown[]) => ResultAsync<unknown, ApexproofError>;
  const entries = Object.entries(app as unknown as Record<string, UseCase>).map(
    ([name, useCase]) => [name, (...args: unknown[]) => useCase(...args).mapErr(link)],
  );
  return Object.freeze(Object.fromEntries(entries)) as Apexproof;
}
