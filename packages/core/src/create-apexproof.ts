// The composition root: the ports and the policy become one frozen object of use cases. Every
// call's arguments are checked here, once, in the order the callers have always seen; the use
// cases below receive checked values.
import { err, type ResultAsync, safeTry } from 'neverthrow';
import type {
  Apexproof,
  ApexproofDeps,
  ConfirmChallengeInput,
  RedirectPatternInput,
  StartChallengeInput,
} from './apexproof.js';
import { checkPending } from './challenges/check-pending.js';
import { confirmChallenge } from './challenges/confirm.js';
import { cancelChallenge, getChallenge } from './challenges/manage.js';
import { startDnsChallenge } from './challenges/start-dns.js';
import { startEmailOtp } from './challenges/start-email-otp.js';
import { getVerificationStatus } from './challenges/status.js';
import { type VerifyChallengeInput, verifyChallenge } from './challenges/verify.js';
import { type BypassInput, bypassVerification } from './domains/bypass.js';
import { listAudit, listEvidence } from './domains/history.js';
import { findHolder } from './domains/holder.js';
import { listDomains, removeDomain } from './domains/manage.js';
import {
  addRedirectPattern,
  authorizeRedirect,
  removeRedirectPattern,
} from './domains/redirects.js';
import { releaseOrganization } from './domains/release.js';
import { reverifyDue } from './domains/reverify.js';
import { type ApexproofError, apexError, docsLink } from './errors.js';
import { defaultTemplates } from './model/templates.js';
import { deliverNotifications } from './notifications/deliver.js';
import { deliverEvents } from './notifications/deliver-events.js';
import { systemClock } from './ports/clock.js';
import type { Actor } from './ports/directory.js';
import { webCryptoRandom } from './ports/random.js';
import { parseRedirectPattern } from './redirect/index.js';
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
import { resolvePolicy } from './runtime/policy.js';
import { guardDirectory, guardDns, guardMailer } from './runtime/port-answers.js';
import { toSubject } from './runtime/subject.js';
import { challengeNotFound } from './steps/lock.js';

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
