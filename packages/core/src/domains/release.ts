// releaseOrganization (issue #14 §6): the host deleted an organization. In one transaction its
// verified domains (active and downgraded) and their redirect patterns go, its open challenges
// are cancelled, an audit event records the release and each removed domain tells
// `domain.removed` (cause `organization_released`). Host-level: no actor, the host calls it from
// its own deletion path. Idempotent: a second call finds nothing and writes nothing.
import { ok, type ResultAsync } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import { domainRemoved } from '../events/create.js';
import { nextChallenge } from '../model/challenge.js';
import { appendAudit } from '../runtime/audit.js';
import type { Context } from '../runtime/context.js';
import { appendEvents, eventHeader } from '../runtime/events.js';
import { inTransaction } from '../runtime/transaction.js';

/** What `releaseOrganization` did: the domains removed and the challenges cancelled (0 when run again). */
export interface ReleaseReport {
  readonly domainsRemoved: number;
  readonly patternsRemoved: number;
  readonly challengesCancelled: number;
}

export function releaseOrganization(
  ctx: Context,
  { organizationId, reason }: { organizationId: string; reason: string },
): ResultAsync<ReleaseReport, ApexproofError> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const report = { domainsRemoved: 0, patternsRemoved: 0, challengesCancelled: 0 };
    for (const d of await tx.domains.listByOrganization(organizationId)) {
      // Locked like every holder change, so a concurrent commit for the subject sees it gone.
      await tx.domains.lockSubject(d.subject);
      report.patternsRemoved += await tx.patterns.deleteByDomain(d.id);
      if (!(await tx.domains.delete(d.id))) continue;
      report.domainsRemoved++;
      await appendEvents(ctx, tx, [
        domainRemoved(eventHeader(ctx, organizationId, d.subject, now), {
          domainId: d.id,
          cause: 'organization_released',
          removedBy: null,
        }),
      ]);
    }
    for (const c of await tx.challenges.listOpenByOrganization(organizationId)) {
      if (await tx.challenges.update(nextChallenge(c, { status: 'cancelled' }), c.version))
        report.challengesCancelled++;
    }
    const changed = report.domainsRemoved + report.patternsRemoved + report.challengesCancelled;
    if (changed > 0)
      await appendAudit(ctx, tx, {
        organizationId,
        actorUserId: null,
        type: 'organization.released',
        subject: null,
        details: { reason, ...report },
        at: now,
      });
    return ok(report);
  });
}
