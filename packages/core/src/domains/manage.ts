import { err, errAsync, ok, type ResultAsync } from 'neverthrow';
import { authorize } from '../app/access.js';
import type { Context } from '../app/context.js';
import { inTransaction } from '../app/edge.js';
import { newId } from '../app/ids.js';
import { echoId, isMissingId, isStorableId } from '../app/input.js';
import { displayName } from '../app/subject.js';
import { closeOpen } from '../challenges/transitions.js';
import { type ApexproofError, apexError } from '../errors.js';
import type {
  DomainStatus,
  DowngradeReason,
  Method,
  RedirectPatternRecord,
  SubjectKind,
  VerifiedDomainRecord,
} from '../ports/records.js';

export interface RedirectPatternView {
  readonly id: string;
  readonly domainId: string;
  readonly host: string;
  readonly pathPrefix: string;
  /** `https://host/path`, as a dashboard previews it. */
  readonly url: string;
  readonly createdAt: Date;
}

export interface VerifiedDomainView {
  readonly id: string;
  readonly domain: string;
  readonly domainDisplay: string;
  readonly subjectKind: SubjectKind;
  readonly method: Method;
  readonly status: DomainStatus;
  readonly downgradeReason: DowngradeReason | null;
  readonly verifiedAt: Date;
  readonly downgradedAt: Date | null;
  readonly lastCheckedAt: Date | null;
  readonly consecutiveMisses: number;
  readonly redirectPatterns: readonly RedirectPatternView[];
}

export const viewPattern = (p: RedirectPatternRecord): RedirectPatternView => ({
  id: p.id,
  domainId: p.domainId,
  host: p.host,
  pathPrefix: p.pathPrefix,
  url: `https://${p.host}${p.pathPrefix === '/' ? '/' : p.pathPrefix}`,
  createdAt: p.createdAt,
});

const viewDomain = (
  d: VerifiedDomainRecord,
  patterns: readonly RedirectPatternRecord[],
): VerifiedDomainView => ({
  id: d.id,
  domain: d.subject,
  domainDisplay: displayName(d.subject),
  subjectKind: d.subjectKind,
  method: d.method,
  status: d.status,
  downgradeReason: d.downgradeReason,
  verifiedAt: d.verifiedAt,
  downgradedAt: d.downgradedAt,
  lastCheckedAt: d.lastCheckedAt,
  consecutiveMisses: d.consecutiveMisses,
  redirectPatterns: patterns.filter((p) => p.domainId === d.id).map(viewPattern),
});

/** Every verified domain of the actor's organization (any member may read). */
export function listDomains(
  ctx: Context,
  actorInput: unknown,
): ResultAsync<VerifiedDomainView[], ApexproofError> {
  return authorize(ctx, actorInput, 'read').andThen(({ actor }) =>
    inTransaction(ctx, async (tx) => {
      const domains = await tx.domains.listByOrganization(actor.organizationId);
      const patterns = await tx.patterns.listByOrganization(actor.organizationId);
      return ok(domains.map((d) => viewDomain(d, patterns)));
    }),
  );
}

/**
 * Deletes the verified domain, its redirect patterns, and cancels the organization's open
 * challenges for the subject; the subject becomes free (DESIGN §6).
 */
export function removeDomain(
  ctx: Context,
  actorInput: unknown,
  input: { domainId: string },
): ResultAsync<{ domainId: string; domain: string; patternsRemoved: number }, ApexproofError> {
  const domainId = input?.domainId;
  if (isMissingId(domainId))
    return errAsync(apexError('INVALID_INPUT', { field: 'domainId', problem: 'required' }));
  const notFound = apexError('DOMAIN_NOT_FOUND', { id: echoId(domainId) });
  return authorize(ctx, actorInput, 'manage').andThen(({ actor }) =>
    // An id no domain can have (U+0000, over 256 long) never reaches the storage.
    !isStorableId(domainId)
      ? errAsync(notFound)
      : inTransaction(ctx, async (tx) => {
          const d = await tx.domains.get(domainId);
          if (!d || d.organizationId !== actor.organizationId) return err(notFound);
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
          await tx.audit.append({
            id: newId(ctx.random, ctx.policy.idFormat),
            organizationId: d.organizationId,
            actorUserId: actor.userId,
            type: 'domain.removed',
            subject: d.subject,
            domainId: d.id,
            challengeId: null,
            details: { patternsRemoved },
            at: ctx.clock.now(),
          });
          return ok({ domainId: d.id, domain: d.subject, patternsRemoved });
        }),
  );
}
