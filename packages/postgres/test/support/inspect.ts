// Direct reads of the apexproof tables for the contract's `inspect` hook. Written by hand,
// column by column, independently of src/tables.ts, so a mapping mistake in the adapter shows
// up instead of being mirrored.
import type {
  AuditRecord,
  ChallengeRecord,
  EventOutboxRecord,
  EvidenceRecord,
  OutboxRecord,
  RedirectPatternRecord,
  VerifiedDomainRecord,
} from '@apexproof/core';
import type { StorageInspector } from '@apexproof/testkit';
import { TABLE_NAMES } from '../../src/index.js';

export interface Reader {
  query(text: string): Promise<{ rows: unknown[] }>;
}

// Timestamps leave the database as epoch milliseconds (exact for timestamptz at ms precision).
const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8 AS "${column}_ms"`;
const date = (v: unknown): Date | null => (v === null ? null : new Date(Number(v)));
const must = (v: unknown): Date => new Date(Number(v));
type Row = Record<string, unknown>;

async function read<T>(db: Reader, sql: string, map: (r: Row) => T): Promise<T[]> {
  const { rows } = await db.query(sql);
  return (rows as Row[]).map(map);
}

export function inspector(db: Reader): StorageInspector {
  return {
    challenges: () =>
      read(
        db,
        `SELECT *, ${ms('code_issued_at')}, ${ms('created_at')}, ${ms('expires_at')},
           ${ms('last_attempt_at')}, ${ms('next_check_at')}, ${ms('lease_until')},
           ${ms('awaiting_acknowledgement_at')} FROM apexproof_challenges`,
        (r): ChallengeRecord => ({
          id: r.id as string,
          organizationId: r.organization_id as string,
          subject: r.subject as string,
          subjectKind: r.subject_kind as ChallengeRecord['subjectKind'],
          method: r.method as ChallengeRecord['method'],
          status: r.status as ChallengeRecord['status'],
          token: r.token as string | null,
          recordName: r.record_name as string | null,
          recordValue: r.record_value as string | null,
          email: r.email as string | null,
          codeHash: r.code_hash as string | null,
          codeIssuedAt: date(r.code_issued_at_ms),
          createdAt: must(r.created_at_ms),
          expiresAt: must(r.expires_at_ms),
          attempts: r.attempts as number,
          lastAttemptAt: date(r.last_attempt_at_ms),
          lastFailure: r.last_failure as string | null,
          createdBy: r.created_by as string,
          nextCheckAt: date(r.next_check_at_ms),
          leaseUntil: date(r.lease_until_ms),
          awaitingAcknowledgementAt: date(r.awaiting_acknowledgement_at_ms),
          version: r.version as number,
        }),
      ),
    domains: () =>
      read(
        db,
        `SELECT *, ${ms('verified_at')}, ${ms('downgraded_at')}, ${ms('last_checked_at')},
           ${ms('last_attempt_at')}, ${ms('next_check_at')}, ${ms('lease_until')}
         FROM apexproof_verified_domains`,
        (r): VerifiedDomainRecord => ({
          id: r.id as string,
          organizationId: r.organization_id as string,
          subject: r.subject as string,
          subjectKind: r.subject_kind as VerifiedDomainRecord['subjectKind'],
          method: r.method as VerifiedDomainRecord['method'],
          status: r.status as VerifiedDomainRecord['status'],
          downgradeReason: r.downgrade_reason as VerifiedDomainRecord['downgradeReason'],
          verifiedAt: must(r.verified_at_ms),
          downgradedAt: date(r.downgraded_at_ms),
          recordName: r.record_name as string | null,
          recordValue: r.record_value as string | null,
          lastCheckedAt: date(r.last_checked_at_ms),
          lastAttemptAt: date(r.last_attempt_at_ms),
          consecutiveMisses: r.consecutive_misses as number,
          nextCheckAt: date(r.next_check_at_ms),
          leaseUntil: date(r.lease_until_ms),
          version: r.version as number,
        }),
      ),
    patterns: () =>
      read(
        db,
        `SELECT *, ${ms('created_at')} FROM apexproof_redirect_patterns`,
        (r): RedirectPatternRecord => ({
          id: r.id as string,
          organizationId: r.organization_id as string,
          domainId: r.domain_id as string,
          host: r.host as string,
          pathPrefix: r.path_prefix as string,
          createdAt: must(r.created_at_ms),
          createdBy: r.created_by as string,
        }),
      ),
    evidence: () =>
      read(
        db,
        `SELECT *, values_seen::text AS values_json, resolvers::text AS resolvers_json, ${ms('at')}
         FROM apexproof_evidence`,
        (r): EvidenceRecord => ({
          id: r.id as string,
          organizationId: r.organization_id as string,
          domainId: r.domain_id as string,
          challengeId: r.challenge_id as string | null,
          kind: r.kind as EvidenceRecord['kind'],
          method: r.method as EvidenceRecord['method'],
          subject: r.subject as string,
          recordName: r.record_name as string | null,
          valuesSeen: JSON.parse(r.values_json as string),
          resolvers: JSON.parse(r.resolvers_json as string),
          authenticated: r.authenticated as boolean,
          actorUserId: r.actor_user_id as string | null,
          reason: r.reason as string | null,
          at: must(r.at_ms),
        }),
      ),
    outbox: () =>
      read(
        db,
        `SELECT *, ${ms('created_at')}, ${ms('next_attempt_at')}, ${ms('lease_until')},
           ${ms('sent_at')} FROM apexproof_outbox`,
        (r): OutboxRecord => ({
          id: r.id as string,
          organizationId: r.organization_id as string,
          kind: r.kind as OutboxRecord['kind'],
          to: r.to_address as string,
          subject: r.subject as string,
          text: r.text_body as string,
          html: r.html_body as string,
          status: r.status as OutboxRecord['status'],
          attempts: r.attempts as number,
          createdAt: must(r.created_at_ms),
          nextAttemptAt: must(r.next_attempt_at_ms),
          leaseUntil: date(r.lease_until_ms),
          lastError: r.last_error as string | null,
          sentAt: date(r.sent_at_ms),
          version: r.version as number,
        }),
      ),
    audit: () =>
      read(
        db,
        `SELECT *, details::text AS details_json, ${ms('at')} FROM apexproof_audit`,
        (r): AuditRecord => ({
          id: r.id as string,
          organizationId: r.organization_id as string,
          actorUserId: r.actor_user_id as string | null,
          type: r.type as AuditRecord['type'],
          subject: r.subject as string | null,
          domainId: r.domain_id as string | null,
          challengeId: r.challenge_id as string | null,
          details: JSON.parse(r.details_json as string),
          at: must(r.at_ms),
        }),
      ),
    events: () =>
      read(
        db,
        `SELECT *, event::text AS event_json, sequence::text AS sequence_text,
           ${ms('created_at')}, ${ms('next_attempt_at')}, ${ms('lease_until')},
           ${ms('delivered_at')} FROM apexproof_events ORDER BY sequence`,
        (r): EventOutboxRecord => ({
          id: r.id as string,
          sequence: Number(r.sequence_text),
          organizationId: r.organization_id as string,
          subject: r.subject as string,
          event: JSON.parse(r.event_json as string),
          status: r.status as EventOutboxRecord['status'],
          attempts: r.attempts as number,
          createdAt: must(r.created_at_ms),
          nextAttemptAt: must(r.next_attempt_at_ms),
          leaseUntil: date(r.lease_until_ms),
          lastError: r.last_error as string | null,
          deliveredAt: date(r.delivered_at_ms),
          version: r.version as number,
        }),
      ),
  };
}

/** Empties every apexproof table (the contract's `reset`): the package's own list of them. */
export const TRUNCATE_ALL = `TRUNCATE ${TABLE_NAMES.join(', ')}`;
