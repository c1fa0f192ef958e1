// Server-only endpoints: callable as `auth.api.*` from the app's own code (cron jobs, queue
// workers, an OAuth flow, an admin tool), never routed over HTTP (`SERVER_ONLY`), and absent
// from the typed client. The host decides who may reach them.
import { createAuthEndpoint } from 'better-auth/api';
import * as z from 'zod';
import { unwrap, useCasesOf } from '../context.js';
import { batchBody, limitBody } from './schemas.js';

const serverOnly = { SERVER_ONLY: true } as const;

/** `auth.api.*` only: scheduling, redirect decisions, holder lookup, bypass and release. */
export const serverEndpoints = {
  /** Re-checks verified domains that are due (call from a scheduler, as often as you like). */
  reverifyDomains: createAuthEndpoint(
    '/domain-verification/reverify-due',
    { method: 'POST', body: batchBody, metadata: serverOnly },
    async (ctx) => ctx.json(await unwrap(useCasesOf(ctx.context).reverifyDue(ctx.body ?? {}))),
  ),
  /** Sends due notification mail through the Mailer (`sendEmail`). */
  deliverDomainNotifications: createAuthEndpoint(
    '/domain-verification/deliver-notifications',
    { method: 'POST', body: limitBody, metadata: serverOnly },
    async (ctx) =>
      ctx.json(await unwrap(useCasesOf(ctx.context).deliverNotifications(ctx.body ?? {}))),
  ),
  /** Sends due domain events through the `events` sink. */
  deliverDomainEvents: createAuthEndpoint(
    '/domain-verification/deliver-events',
    { method: 'POST', body: limitBody, metadata: serverOnly },
    async (ctx) => ctx.json(await unwrap(useCasesOf(ctx.context).deliverEvents(ctx.body ?? {}))),
  ),
  /** Whether a redirect URL is on one of the organization's verified domains (and patterns). */
  authorizeRedirect: createAuthEndpoint(
    '/domain-verification/authorize-redirect',
    {
      method: 'POST',
      body: z.object({ organizationId: z.string(), url: z.string() }),
      metadata: serverOnly,
    },
    async (ctx) =>
      ctx.json(
        await unwrap(
          useCasesOf(ctx.context).authorizeRedirect(ctx.body.organizationId, ctx.body.url),
        ),
      ),
  ),
  /** The organization actively holding the domain of a host, URL or e-mail address, or null. */
  findDomainHolder: createAuthEndpoint(
    '/domain-verification/find-holder',
    {
      method: 'POST',
      body: z.object({ input: z.string().meta({ description: 'A host, URL or e-mail address' }) }),
      metadata: serverOnly,
    },
    async (ctx) => ctx.json(await unwrap(useCasesOf(ctx.context).findHolder(ctx.body.input))),
  ),
  /** Records a verified domain without proof, for `actor` if the app's `canBypass` allows it. */
  bypassDomainVerification: createAuthEndpoint(
    '/domain-verification/bypass',
    {
      method: 'POST',
      body: z.object({
        actor: z.object({ organizationId: z.string(), userId: z.string() }),
        organizationId: z.string(),
        domain: z.string(),
        reason: z.string(),
        acknowledgeTakeover: z.boolean().optional(),
      }),
      metadata: serverOnly,
    },
    async (ctx) => {
      const { actor, ...input } = ctx.body;
      return ctx.json(await unwrap(useCasesOf(ctx.context).bypassVerification(actor, input)));
    },
  ),
  /**
   * Releases an organization's domains, patterns and open challenges (the plugin does this
   * itself when the organization plugin deletes an organization); idempotent.
   */
  releaseOrganizationDomains: createAuthEndpoint(
    '/domain-verification/release-organization',
    {
      method: 'POST',
      body: z.object({ organizationId: z.string(), reason: z.string().optional() }),
      metadata: serverOnly,
    },
    async (ctx) => {
      const { organizationId, reason = 'organization deleted' } = ctx.body;
      const report = await unwrap(
        useCasesOf(ctx.context).releaseOrganization(organizationId, { reason }),
      );
      return ctx.json(report);
    },
  ),
};
