// The endpoints a signed-in user calls (over HTTP through the typed client, or `auth.api.*`
// with the request's headers). Each one names the actor (session user + organization) and hands
// the request to one use case; what is allowed and what each answer means is the core's.
import { createAuthEndpoint } from 'better-auth/api';
import { sessionActor, unwrap, useCasesOf } from '../context.js';
import {
  addPatternBody,
  challengeBody,
  challengeQuery,
  confirmBody,
  organizationQuery,
  removeDomainBody,
  removePatternBody,
  startBody,
  statusQuery,
  verifyBody,
} from './schemas.js';

/** The session endpoints under `/domain-verification/*` (client: `domainVerification.*`). */
export const sessionEndpoints = {
  /** Starts a challenge; the answer holds the record to publish (name, relative host, value). */
  startDomainChallenge: createAuthEndpoint(
    '/domain-verification/start',
    { method: 'POST', body: startBody },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.body.organizationId);
      const { domain, method = 'dns-txt', email } = ctx.body;
      const started = await unwrap(
        useCasesOf(ctx.context).startChallenge(actor, {
          domain,
          method,
          ...(email !== undefined ? { email } : {}),
        }),
      );
      return ctx.json(started);
    },
  ),
  /** Looks the record up; `acknowledgeTakeover: true` takes the domain from its holder. */
  verifyDomainChallenge: createAuthEndpoint(
    '/domain-verification/verify',
    { method: 'POST', body: verifyBody },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.body.organizationId);
      const { challengeId, acknowledgeTakeover } = ctx.body;
      const verified = await unwrap(
        useCasesOf(ctx.context).verifyChallenge(actor, {
          challengeId,
          acknowledgeTakeover: acknowledgeTakeover === true,
        }),
      );
      return ctx.json(verified);
    },
  ),
  /** email-otp: the code from the e-mail. */
  confirmDomainChallenge: createAuthEndpoint(
    '/domain-verification/confirm',
    { method: 'POST', body: confirmBody },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.body.organizationId);
      const { challengeId, code, acknowledgeTakeover } = ctx.body;
      const verified = await unwrap(
        useCasesOf(ctx.context).confirmChallenge(actor, {
          challengeId,
          code,
          acknowledgeTakeover: acknowledgeTakeover === true,
        }),
      );
      return ctx.json(verified);
    },
  ),
  cancelDomainChallenge: createAuthEndpoint(
    '/domain-verification/cancel',
    { method: 'POST', body: challengeBody },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.body.organizationId);
      const view = await unwrap(
        useCasesOf(ctx.context).cancelChallenge(actor, ctx.body.challengeId),
      );
      return ctx.json(view);
    },
  ),
  /** One challenge, with the record to publish. */
  getDomainChallenge: createAuthEndpoint(
    '/domain-verification/challenge',
    { method: 'GET', query: challengeQuery },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.query.organizationId);
      const view = await unwrap(useCasesOf(ctx.context).getChallenge(actor, ctx.query.challengeId));
      return ctx.json(view);
    },
  ),
  listVerifiedDomains: createAuthEndpoint(
    '/domain-verification/list-domains',
    { method: 'GET', query: organizationQuery },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.query?.organizationId);
      return ctx.json(await unwrap(useCasesOf(ctx.context).listDomains(actor)));
    },
  ),
  /** Whether a domain is verified for the organization, and its open challenges. */
  getDomainVerificationStatus: createAuthEndpoint(
    '/domain-verification/status',
    { method: 'GET', query: statusQuery },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.query.organizationId);
      const status = await unwrap(
        useCasesOf(ctx.context).getVerificationStatus(actor, { domain: ctx.query.domain }),
      );
      return ctx.json(status);
    },
  ),
  removeVerifiedDomain: createAuthEndpoint(
    '/domain-verification/remove',
    { method: 'POST', body: removeDomainBody },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.body.organizationId);
      const removed = await unwrap(
        useCasesOf(ctx.context).removeDomain(actor, { domainId: ctx.body.domainId }),
      );
      return ctx.json(removed);
    },
  ),
  addRedirectPattern: createAuthEndpoint(
    '/domain-verification/add-redirect-pattern',
    { method: 'POST', body: addPatternBody },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.body.organizationId);
      const pattern = await unwrap(
        useCasesOf(ctx.context).addRedirectPattern(actor, ctx.body.pattern),
      );
      return ctx.json(pattern);
    },
  ),
  removeRedirectPattern: createAuthEndpoint(
    '/domain-verification/remove-redirect-pattern',
    { method: 'POST', body: removePatternBody },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.body.organizationId);
      const removed = await unwrap(
        useCasesOf(ctx.context).removeRedirectPattern(actor, { patternId: ctx.body.patternId }),
      );
      return ctx.json(removed);
    },
  ),
};

/** Paths of the endpoints that start or answer challenges (they get the rate-limit rule). */
export const CHALLENGE_PATHS: readonly string[] = [
  '/domain-verification/start',
  '/domain-verification/verify',
  '/domain-verification/confirm',
  '/domain-verification/cancel',
];
