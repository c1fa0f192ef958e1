// The organization's verified domains: listing them, and removing one (DESIGN §6).
import { err, ok, type ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import { domainRemoved } from '../events/create.js';
import type { Actor } from '../ports/directory.js';
import { appendAudit } from '../runtime/audit.js';
import type { Context } from '../runtime/context.js';
import { appendEvents, eventHeader } from '../runtime/events.js';
import { echoId } from '../runtime/guards.js';
import { inTransaction } from '../runtime/transaction.js';
import { closeOpen } from '../steps/challenge-records.js';
import { type VerifiedDomainView, viewDomain } from '../steps/views.js';

/** Every verified domain of the actor's organization (any member may read). */
export function listDomains(
  ctx: Context,
  actor: Actor,
): ResultAsync<VerifiedDomainView[], ApexproofError> {
  return inTransaction(ctx, async (tx) => {
    const domains = await tx.domains.listByOrganization(actor.organizationId);
    const patterns = await tx.patterns.listByOrganization(actor.organizationId);
    return ok(domains.map((d) => viewDomain(d, patterns)));
  });
}

/**
 * Deletes the verified domain, its redirect patterns, and cancels the organization's open
 * challenges for the subject; the subject becomes free (DESIGN §6).
 */
export function removeDomain(
  ctx: Context,
  actor: Actor,
  domainId: string,
): ResultAsync<{ domainId: string; domain: string; patternsRemoved: number }, ApexproofError> {
  return inTransaction(ctx, async (tx) => {
    const d = await tx.domains.get(domainId);
    if (!d || d.organizationId !== actor.organizationId)
      return err(apexError('DOMAIN_NOT_FOUND', { id: echoId(domainId) }));
    await tx.domains.lockSubject(d.subject); // a pattern insert waits, then finds none
    const patternsRemoved = await tx.patterns.deleteByDomain(d.id);
    await tx.domains.delete(d.id);
    await closeOpen(
      ctx,
      tx,
      { organizationId: d.organizationId, subject: d.subject },
      'cancelled',
      actor.userId,
    );
    await appendAudit(ctx, tx, {
      organizationId: d.organizationId,
      actorUserId: actor.userId,
      type: 'domain.removed',
      subject: d.subject,
      domainId: d.id,
      details: { patternsRemoved },
    });
    await appendEvents(ctx, tx, [
      domainRemoved(eventHeader(ctx, d.organizationId, d.subject, ctx.clock.now()), {
        domainId: d.id,
        cause: 'removed',
        removedBy: actor.userId,
      }),
    ]);
    return ok({ domainId: d.id, domain: d.subject, patternsRemoved });
  });
}
