// ─── PENDING CORE (#14) ────────────────────────────────────────────────────────────────────
// `checkPending`, `listAudit` and `listEvidence` are being added to @apexproof/core by issue
// #14 and are not in the core this package builds against yet. Their endpoints are wired here
// already, against the signatures #14 gives them:
//   checkPending({ limit, concurrency })          → ResultAsync<report>
//   listAudit(actor, { cursor, limit })           → ResultAsync<{ items, nextCursor }>
//   listEvidence(actor, domainId)                 → ResultAsync<evidence[]>
// Until the core has them they answer 501 (`NOT_IMPLEMENTED`). When #14 lands: delete
// `Upcoming` and `upcoming()` and call `useCasesOf(ctx.context).checkPending(...)` etc.
// directly, so the answers get the core's types; verify's `RATE_LIMITED` (429, Retry-After)
// needs nothing here (errors.ts already maps it).
// ────────────────────────────────────────────────────────────────────────────────────────────
import type { Actor, Apexproof, ApexproofError } from '@apexproof/core';
import { APIError, createAuthEndpoint } from 'better-auth/api';
import type { ResultAsync } from 'neverthrow';
import * as z from 'zod';
import { sessionActor, unwrap, useCasesOf } from '../context.js';
import { auditQuery, batchBody, organizationId } from './schemas.js';

interface Upcoming {
  checkPending?(options: {
    limit?: number;
    concurrency?: number;
  }): ResultAsync<Record<string, number>, ApexproofError>;
  listAudit?(
    actor: Actor,
    options: { cursor?: string | null; limit?: number },
  ): ResultAsync<{ items: Record<string, unknown>[]; nextCursor: string | null }, ApexproofError>;
  listEvidence?(
    actor: Actor,
    domainId: string,
  ): ResultAsync<Record<string, unknown>[], ApexproofError>;
}

function upcoming<K extends keyof Upcoming>(app: Apexproof, name: K): NonNullable<Upcoming[K]> {
  const useCase = (app as Apexproof & Upcoming)[name];
  if (typeof useCase !== 'function')
    throw new APIError('NOT_IMPLEMENTED', {
      code: 'NOT_IMPLEMENTED',
      message: `${name} needs a newer @apexproof/core`,
    });
  return useCase.bind(app) as NonNullable<Upcoming[K]>;
}

/** Endpoints over use cases the core is gaining in #14 (501 until it has them). */
export const pendingCoreEndpoints = {
  /** Server-only: checks open DNS/NS challenges whose next check is due. */
  checkPendingChallenges: createAuthEndpoint(
    '/domain-verification/check-pending',
    { method: 'POST', body: batchBody, metadata: { SERVER_ONLY: true } },
    async (ctx) => {
      const checkPending = upcoming(useCasesOf(ctx.context), 'checkPending');
      return ctx.json(await unwrap(checkPending(ctx.body ?? {})));
    },
  ),
  /** The organization's audit trail, newest first, a page at a time. */
  listDomainAudit: createAuthEndpoint(
    '/domain-verification/audit',
    { method: 'GET', query: auditQuery },
    async (ctx) => {
      const actor = await sessionActor(ctx, ctx.query?.organizationId);
      const listAudit = upcoming(useCasesOf(ctx.context), 'listAudit');
      const { cursor, limit } = ctx.query ?? {};
      return ctx.json(
        await unwrap(
          listAudit(actor, {
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
      const listEvidence = upcoming(useCasesOf(ctx.context), 'listEvidence');
      return ctx.json(await unwrap(listEvidence(actor, ctx.query.domainId)));
    },
  ),
};
