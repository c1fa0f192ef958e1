// What the organization's admin page reads back (DESIGN §8): the audit trail, newest first and
// paged by cursor, and the evidence kept for one verified domain. Scoped to the actor's
// organization: another organization's rows are never shown, and its domain ids answer
// DOMAIN_NOT_FOUND as unknown ids do.
import { err, ok, type ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import type { Actor } from '../ports/directory.js';
import type { AuditEventType, EvidenceKind, Method } from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import { echoId } from '../runtime/guards.js';
import { inTransaction } from '../runtime/transaction.js';

/** One entry of an organization's audit trail, as `listAudit` shows it (newest first). */
export interface AuditEntryView {
  readonly id: string;
  readonly type: AuditEventType;
  /** Null: the system (re-verification, pending checks). */
  readonly actorUserId: string | null;
  readonly domain: string | null;
  readonly domainId: string | null;
  readonly challengeId: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

/** One page of `listAudit`; pass `nextCursor` back for the next, older page (null: the last). */
export interface AuditPage {
  /** Newest first. */
  readonly entries: readonly AuditEntryView[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * What was seen when a domain was verified or restored (`listEvidence`): the record name, the
 * values and resolvers, the DNSSEC flag, who acted (null: the system) and when.
 */
export interface EvidenceView {
  readonly id: string;
  readonly kind: EvidenceKind;
  readonly method: Method;
  readonly domain: string;
  readonly challengeId: string | null;
  readonly recordName: string | null;
  readonly valuesSeen: readonly string[];
  readonly resolvers: readonly string[];
  /** The answers were DNSSEC-validated. */
  readonly authenticated: boolean;
  readonly actorUserId: string | null;
  readonly reason: string | null;
  readonly at: Date;
}

/** A page request checked by the facade: `cursor` is the id of the last entry already seen. */
export interface AuditPageRequest {
  readonly cursor: string | null;
  readonly limit: number;
}

/**
 * One page of the organization's audit trail, newest first. The cursor is the id of the last
 * entry of the previous page; an id that is not in this organization's trail is INVALID_INPUT
 * (a stale or forged cursor must not silently restart from the top).
 */
export function listAudit(
  ctx: Context,
  actor: Actor,
  req: AuditPageRequest,
): ResultAsync<AuditPage, ApexproofError> {
  return inTransaction(ctx, async (tx) => {
    const newestFirst = (await tx.audit.listByOrganization(actor.organizationId)).reverse();
    let start = 0;
    if (req.cursor !== null) {
      const at = newestFirst.findIndex((e) => e.id === req.cursor);
      if (at < 0)
        return err(
          apexError('INVALID_INPUT', {
            field: 'cursor',
            problem: `unknown cursor ${JSON.stringify(echoId(req.cursor))}`,
          }),
        );
      start = at + 1;
    }
    const page = newestFirst.slice(start, start + req.limit);
    const more = start + page.length < newestFirst.length && page.length > 0;
    return ok({
      entries: page.map((e) => ({
        id: e.id,
        type: e.type,
        actorUserId: e.actorUserId,
        domain: e.subject,
        domainId: e.domainId,
        challengeId: e.challengeId,
        details: e.details,
        at: e.at,
      })),
      nextCursor: more ? (page[page.length - 1]?.id ?? null) : null,
    });
  });
}

/** The evidence kept for one of the organization's verified domains, oldest first. */
export function listEvidence(
  ctx: Context,
  actor: Actor,
  domainId: string,
): ResultAsync<EvidenceView[], ApexproofError> {
  return inTransaction(ctx, async (tx) => {
    const d = await tx.domains.get(domainId);
    if (!d || d.organizationId !== actor.organizationId)
      return err(apexError('DOMAIN_NOT_FOUND', { id: echoId(domainId) }));
    const rows = await tx.evidence.listByDomain(d.id);
    return ok(
      rows
        .filter((r) => r.organizationId === actor.organizationId)
        .map((r) => ({
          id: r.id,
          kind: r.kind,
          method: r.method,
          domain: r.subject,
          challengeId: r.challengeId,
          recordName: r.recordName,
          valuesSeen: r.valuesSeen,
          resolvers: r.resolvers,
          authenticated: r.authenticated,
          actorUserId: r.actorUserId,
          reason: r.reason,
          at: r.at,
        })),
    );
  });
}
