import { errAsync, type ResultAsync } from 'neverthrow';
import type { VerifiedResult } from '../challenges/commit.js';
import { confirmChallenge, startEmailOtp } from '../challenges/email-otp.js';
import { cancelChallenge, getChallenge } from '../challenges/manage.js';
import { type StartedChallenge, startDnsChallenge } from '../challenges/start.js';
import { getVerificationStatus, type LightdashDomainStatus } from '../challenges/status.js';
import { type VerifyChallengeInput, verifyChallenge } from '../challenges/verify.js';
import type { ChallengeView } from '../challenges/view.js';
import { type BypassInput, bypassVerification } from '../domains/bypass.js';
import {
  listDomains,
  type RedirectPatternView,
  removeDomain,
  type VerifiedDomainView,
} from '../domains/manage.js';
import {
  addRedirectPattern,
  authorizeRedirect,
  type RedirectPatternInput,
  removeRedirectPattern,
} from '../domains/redirects.js';
import { type ReverifyReport, reverifyDue } from '../domains/reverify.js';
import { type ApexproofError, apexError } from '../errors.js';
import { type DeliveryReport, deliverNotifications } from '../notifications/deliver.js';
import { defaultTemplates } from '../notifications/templates.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { Actor, Directory } from '../ports/directory.js';
import type { DnsResolver } from '../ports/dns.js';
import type { Mailer } from '../ports/mailer.js';
import { type Random, webCryptoRandom } from '../ports/random.js';
import type { Method } from '../ports/records.js';
import type { Storage } from '../ports/storage.js';
import type { Context } from './context.js';
import { describeValue } from './input.js';
import { shielded } from './input-shield.js';
import { type ApexproofPolicy, resolvePolicy } from './policy.js';
import { guardDirectory, guardDns, guardMailer } from './port-answers.js';

export interface ApexproofDeps {
  readonly storage: Storage;
  readonly dns: DnsResolver;
  readonly mailer: Mailer;
  readonly directory: Directory;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly policy?: ApexproofPolicy;
}

export interface StartChallengeInput {
  readonly domain: string;
  readonly method: Method;
  /** email-otp: where the code goes (at the domain or one of its subdomains). */
  readonly email?: string;
}

export interface ConfirmChallengeInput {
  readonly challengeId: string;
  readonly code: string;
  readonly acknowledgeTakeover?: boolean;
}

/** The use cases. Every one answers a `ResultAsync`; expected outcomes are catalog errors. */
export interface Apexproof {
  startChallenge(
    actor: Actor,
    input: StartChallengeInput,
  ): ResultAsync<StartedChallenge, ApexproofError>;
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
  /** The Lightdash status view `{ domain, isVerified, otp? }`. */
  getVerificationStatus(
    actor: Actor,
    input: { domain: string },
  ): ResultAsync<LightdashDomainStatus, ApexproofError>;
  getChallenge(actor: Actor, challengeId: string): ResultAsync<ChallengeView, ApexproofError>;
  cancelChallenge(actor: Actor, challengeId: string): ResultAsync<ChallengeView, ApexproofError>;
  listDomains(actor: Actor): ResultAsync<VerifiedDomainView[], ApexproofError>;
  removeDomain(
    actor: Actor,
    input: { domainId: string },
  ): ResultAsync<{ domainId: string; domain: string; patternsRemoved: number }, ApexproofError>;
  addRedirectPattern(
    actor: Actor,
    input: RedirectPatternInput,
  ): ResultAsync<RedirectPatternView, ApexproofError>;
  removeRedirectPattern(
    actor: Actor,
    input: { patternId: string },
  ): ResultAsync<{ patternId: string }, ApexproofError>;
  authorizeRedirect(
    organizationId: string,
    url: string,
  ): ResultAsync<{ domainId: string; patternId: string | null }, ApexproofError>;
  reverifyDue(options?: {
    limit?: number;
    concurrency?: number;
  }): ResultAsync<ReverifyReport, ApexproofError>;
  deliverNotifications(options?: { limit?: number }): ResultAsync<DeliveryReport, ApexproofError>;
}

export function createApexproof(deps: ApexproofDeps): Apexproof {
  const ctx: Context = {
    storage: deps.storage,
    dns: guardDns(deps.dns), // port answers held to the ports' rules (port-answers.ts)
    mailer: guardMailer(deps.mailer),
    directory: guardDirectory(deps.directory),
    clock: deps.clock ?? systemClock,
    random: deps.random ?? webCryptoRandom,
    policy: resolvePolicy(deps.policy),
    templates: { ...defaultTemplates, ...deps.policy?.templates },
  };
  return shielded({
    startChallenge(actor: Actor, input: StartChallengeInput) {
      const method = input?.method;
      if (method === 'dns-txt' || method === 'ns-delegation')
        return startDnsChallenge(ctx, actor, input.domain, method);
      if (method === 'email-otp')
        return startEmailOtp(ctx, actor, { domain: input.domain, email: input.email });
      if (method === 'bypass')
        return errAsync(
          apexError('INVALID_INPUT', {
            field: 'method',
            problem: 'use bypassVerification for bypass',
          }),
        );
      return errAsync(
        apexError('INVALID_INPUT', {
          field: 'method',
          problem: `unsupported method ${describeValue(method)}`,
        }),
      );
    },
    verifyChallenge: (actor: Actor, input: VerifyChallengeInput) =>
      verifyChallenge(ctx, actor, input),
    confirmChallenge: (actor: Actor, input: ConfirmChallengeInput) =>
      confirmChallenge(ctx, actor, input),
    bypassVerification: (actor: Actor, input: BypassInput) => bypassVerification(ctx, actor, input),
    getVerificationStatus: (actor: Actor, input: { domain: string }) =>
      getVerificationStatus(ctx, actor, input),
    getChallenge: (actor: Actor, id: string) => getChallenge(ctx, actor, id),
    cancelChallenge: (actor: Actor, id: string) => cancelChallenge(ctx, actor, id),
    listDomains: (actor: Actor) => listDomains(ctx, actor),
    removeDomain: (actor: Actor, input: { domainId: string }) => removeDomain(ctx, actor, input),
    addRedirectPattern: (actor: Actor, input: RedirectPatternInput) =>
      addRedirectPattern(ctx, actor, input),
    removeRedirectPattern: (actor: Actor, input: { patternId: string }) =>
      removeRedirectPattern(ctx, actor, input),
    authorizeRedirect: (organizationId: string, url: string) =>
      authorizeRedirect(ctx, organizationId, url),
    reverifyDue: (options?: { limit?: number; concurrency?: number }) => reverifyDue(ctx, options),
    deliverNotifications: (options?: { limit?: number }) => deliverNotifications(ctx, options),
  });
}
