// The audit trail and evidence (session endpoints, read by any member) and the pending-check
// sweep (server-only, for the app's cron). Each only translates: the core decides.
import { createAuthEndpoint } from 'better-auth/api';
import * as z from 'zod';
import { sessionActor, unwrap, useCasesOf } from '../context.js';
import { auditQuery, batchBody, organizationId } from './schemas.js';

/** Endpoints over `checkPending`, `listAudit` and `listEvidence`. */
export const historyAndPendingEndpoints = {
  /**
   * Server-only: looks up open DNS and NS challenges whose next check is due and verifies what
   * it finds, never taking a domain from another organization (those await acknowledgement).
   */
  checkPendingChallenges: createAuthEndpoint(
    '/domain-verification/check-pending',
    { method: 'POST', body: batchBody, metadata: { SERVER_ONLY: true } },
    async (ctx) => ctx.json(await unwrap(useCasesOf(ctx.context).checkPending(ctx.body ?? {}))),
  ),
  /** The organization's audit trail, newest first, a page at a time. */
  listDomainAudit: createAuthEndpoint(
    '/domain-verification/audit',
    { method: 'GET', query: auditQuery },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.query?.organizationId);
      const { cursor, limit } = ctx.query ?? {};
      return ctx.json(
        await unwrap(
          useCasesOf(ctx.context).listAudit(actor, {
            ...(cursor !== undefined ? { cursor } : {}),
            ...(limit !== undefined ? { limit } : {}),
          }),
        ),
      );
    },
  ),
  /** What each verification of one domain saw (record, values, resolvers, DNSSEC). */
  listDomainEvidence: createAuthEndpoint(
    '/domain-verification/evidence',
    {
      method: 'GET',
      query: z.object({ domainId: z.string(), organizationId }),
    },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.query.organizationId);
      return ctx.json(
        await unwrap(useCasesOf(ctx.context).listEvidence(actor, ctx.query.domainId)),
      );
    },
  ),
};
