// Redirect patterns as stored data, and authorization through the compiled policy (DESIGN §7).
import { err, errAsync, ok, okAsync, type ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import type { Actor } from '../ports/directory.js';
import type { RedirectPatternRecord } from '../ports/records.js';
import {
  compileRedirectPolicy,
  type RedirectAuthorization,
  type RedirectPattern,
} from '../redirect/index.js';
import { appendAudit } from '../runtime/audit.js';
import type { Context } from '../runtime/context.js';
import { echoId, isStorableId } from '../runtime/guards.js';
import { newRowId } from '../runtime/ids.js';
import { inTransaction } from '../runtime/transaction.js';
import { type RedirectPatternView, viewPattern } from '../steps/views.js';

/**
 * Registers a parsed pattern on one of the organization's active verified domains. Adding the
 * same pattern twice answers the existing one.
 */
export function addRedirectPattern(
  ctx: Context,
  actor: Actor,
  { host, apex, pathPrefix }: RedirectPattern,
): ResultAsync<RedirectPatternView, ApexproofError> {
  const subject = ctx.policy.subject === 'hostname' ? host : apex;
  return inTransaction(ctx, async (tx) => {
    const domain = await tx.domains.find(actor.organizationId, subject);
    if (domain?.status !== 'active') return err(apexError('DOMAIN_NOT_FOUND', { id: subject }));
    const existing = await tx.patterns.find(domain.id, host, pathPrefix);
    if (existing) return ok(existing);
    const pattern: RedirectPatternRecord = {
      id: newRowId(ctx),
      organizationId: actor.organizationId,
      domainId: domain.id,
      host,
      pathPrefix,
      createdAt: ctx.clock.now(),
      createdBy: actor.userId,
    };
    await tx.patterns.insert(pattern);
    await appendAudit(ctx, tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      type: 'redirect_pattern.added',
      subject: domain.subject,
      domainId: domain.id,
      details: { patternId: pattern.id, host, pathPrefix },
      at: pattern.createdAt,
    });
    return ok(pattern);
  }).map(viewPattern);
}

export function removeRedirectPattern(
  ctx: Context,
  actor: Actor,
  patternId: string,
): ResultAsync<{ patternId: string }, ApexproofError> {
  return inTransaction(ctx, async (tx) => {
    const p = await tx.patterns.get(patternId);
    if (!p || p.organizationId !== actor.organizationId)
      return err(apexError('DOMAIN_NOT_FOUND', { id: echoId(patternId) }));
    await tx.patterns.delete(p.id);
    await appendAudit(ctx, tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      type: 'redirect_pattern.removed',
      subject: p.host,
      domainId: p.domainId,
      details: { patternId: p.id, host: p.host, pathPrefix: p.pathPrefix },
    });
    return ok({ patternId: p.id });
  });
}

/**
 * Whether `url` may be used as a redirect for the organization: compiled from its active
 * domains and their patterns at call time, so a downgrade or removal takes effect at once.
 */
export function authorizeRedirect(
  ctx: Context,
  organizationId: string,
  url: string,
): ResultAsync<RedirectAuthorization, ApexproofError> {
  // Subjects are judged under the suffix rules they were verified with (public suffixes never).
  const options = { ...ctx.policy.redirects, suffixes: ctx.policy.apex };
  // An id no organization can have (U+0000, over 256 long) has no verified domains: the URL is
  // judged against an empty policy without asking the storage, as for any unknown organization.
  if (!isStorableId(organizationId)) {
    const decision = compileRedirectPolicy({ domains: [], patterns: [] }, options).authorize(url);
    return decision.isOk() ? okAsync(decision.value) : errAsync(decision.error);
  }
  return inTransaction(ctx, async (tx) => {
    const domains = (await tx.domains.listByOrganization(organizationId)).filter(
      (d) => d.status === 'active',
    );
    const patterns = domains.length > 0 ? await tx.patterns.listByOrganization(organizationId) : [];
    const policy = compileRedirectPolicy(
      {
        domains: domains.map((d) => ({
          id: d.id,
          apex: d.subject,
          exact: d.subjectKind === 'hostname',
        })),
        patterns,
      },
      options,
    );
    const decision = policy.authorize(url);
    return decision.isOk() ? ok(decision.value) : err(decision.error);
  });
}
