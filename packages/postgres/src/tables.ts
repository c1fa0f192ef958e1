// How each record maps onto its table: one column per field, with the SQL type that keeps the
// value exactly. Statements are assembled once, at load, from these constant names only; every
// value travels as a bound parameter.
import type {
  AuditRecord,
  ChallengeRecord,
  CheckLogRecord,
  EventOutboxRecord,
  EvidenceRecord,
  OutboxRecord,
  RedirectPatternRecord,
  VerifiedDomainRecord,
} from '@apexproof/core';
import { PostgresStorageError } from './errors.js';

/** text, integer, boolean, timestamptz (ms precision via ISO strings) or JSONB. */
export type ColumnKind = 'text' | 'int' | 'bool' | 'ts' | 'json';

export interface Column<R> {
  readonly name: string;
  readonly field: keyof R & string;
  readonly kind: ColumnKind;
}

export interface Table<R> {
  readonly name: string;
  /** `id` first; the order parameters are bound in. */
  readonly columns: readonly Column<R>[];
}

const col = <R>(name: string, field: keyof R & string, kind: ColumnKind = 'text'): Column<R> => ({
  name,
  field,
  kind,
});

export const challenges: Table<ChallengeRecord> = {
  name: 'apexproof_challenges',
  columns: [
    col('id', 'id'),
    col('organization_id', 'organizationId'),
    col('subject', 'subject'),
    col('subject_kind', 'subjectKind'),
    col('method', 'method'),
    col('status', 'status'),
    col('token', 'token'),
    col('record_name', 'recordName'),
    col('record_value', 'recordValue'),
    col('email', 'email'),
    col('code_hash', 'codeHash'),
    col('code_issued_at', 'codeIssuedAt', 'ts'),
    col('created_at', 'createdAt', 'ts'),
    col('expires_at', 'expiresAt', 'ts'),
    col('attempts', 'attempts', 'int'),
    col('last_attempt_at', 'lastAttemptAt', 'ts'),
    col('last_failure', 'lastFailure'),
    col('created_by', 'createdBy'),
    // ---- pending checks (0005) ----
    col('next_check_at', 'nextCheckAt', 'ts'),
    col('lease_until', 'leaseUntil', 'ts'),
    col('awaiting_acknowledgement_at', 'awaitingAcknowledgementAt', 'ts'),
    col('version', 'version', 'int'),
  ],
};

export const domains: Table<VerifiedDomainRecord> = {
  name: 'apexproof_verified_domains',
  columns: [
    col('id', 'id'),
    col('organization_id', 'organizationId'),
    col('subject', 'subject'),
    col('subject_kind', 'subjectKind'),
    col('method', 'method'),
    col('status', 'status'),
    col('downgrade_reason', 'downgradeReason'),
    col('verified_at', 'verifiedAt', 'ts'),
    col('downgraded_at', 'downgradedAt', 'ts'),
    col('record_name', 'recordName'),
    col('record_value', 'recordValue'),
    col('last_checked_at', 'lastCheckedAt', 'ts'),
    col('last_attempt_at', 'lastAttemptAt', 'ts'),
    col('consecutive_misses', 'consecutiveMisses', 'int'),
    col('next_check_at', 'nextCheckAt', 'ts'),
    col('lease_until', 'leaseUntil', 'ts'),
    col('version', 'version', 'int'),
  ],
};

export const patterns: Table<RedirectPatternRecord> = {
  name: 'apexproof_redirect_patterns',
  columns: [
    col('id', 'id'),
    col('organization_id', 'organizationId'),
    col('domain_id', 'domainId'),
    col('host', 'host'),
    col('path_prefix', 'pathPrefix'),
    col('created_at', 'createdAt', 'ts'),
    col('created_by', 'createdBy'),
  ],
};

export const evidence: Table<EvidenceRecord> = {
  name: 'apexproof_evidence',
  columns: [
    col('id', 'id'),
    col('organization_id', 'organizationId'),
    col('domain_id', 'domainId'),
    col('challenge_id', 'challengeId'),
    col('kind', 'kind'),
    col('method', 'method'),
    col('subject', 'subject'),
    col('record_name', 'recordName'),
    col('values_seen', 'valuesSeen', 'json'),
    col('resolvers', 'resolvers', 'json'),
    col('authenticated', 'authenticated', 'bool'),
    col('actor_user_id', 'actorUserId'),
    col('reason', 'reason'),
    col('at', 'at', 'ts'),
  ],
};

export const outbox: Table<OutboxRecord> = {
  name: 'apexproof_outbox',
  columns: [
    col('id', 'id'),
    col('organization_id', 'organizationId'),
    col('kind', 'kind'),
    col('to_address', 'to'),
    col('subject', 'subject'),
    col('text_body', 'text'),
    col('html_body', 'html'),
    col('status', 'status'),
    col('attempts', 'attempts', 'int'),
    col('created_at', 'createdAt', 'ts'),
    col('next_attempt_at', 'nextAttemptAt', 'ts'),
    col('lease_until', 'leaseUntil', 'ts'),
    col('last_error', 'lastError'),
    col('sent_at', 'sentAt', 'ts'),
    col('version', 'version', 'int'),
  ],
};

export const audit: Table<AuditRecord> = {
  name: 'apexproof_audit',
  columns: [
    col('id', 'id'),
    col('organization_id', 'organizationId'),
    col('actor_user_id', 'actorUserId'),
    col('type', 'type'),
    col('subject', 'subject'),
    col('domain_id', 'domainId'),
    col('challenge_id', 'challengeId'),
    col('details', 'details', 'json'),
    col('at', 'at', 'ts'),
  ],
};

// ---- event outbox (0004) ----

/** What append and update write: every column but `sequence`, which the database assigns. */
export const eventsWrite: Table<Omit<EventOutboxRecord, 'sequence'>> = {
  name: 'apexproof_events',
  columns: [
    col('id', 'id'),
    col('organization_id', 'organizationId'),
    col('subject', 'subject'),
    col('event', 'event', 'json'),
    col('status', 'status'),
    col('attempts', 'attempts', 'int'),
    col('created_at', 'createdAt', 'ts'),
    col('next_attempt_at', 'nextAttemptAt', 'ts'),
    col('lease_until', 'leaseUntil', 'ts'),
    col('last_error', 'lastError'),
    col('delivered_at', 'deliveredAt', 'ts'),
    col('version', 'version', 'int'),
  ],
};

/** What reads answer: the written columns and the assigned `sequence`. */
export const events: Table<EventOutboxRecord> = {
  name: eventsWrite.name,
  columns: [...eventsWrite.columns, col('sequence', 'sequence', 'int')],
};

// ---- verify-check log (0005) -----------------------------------------------------------------

export const checkLog: Table<CheckLogRecord> = {
  name: 'apexproof_check_log',
  columns: [
    col('id', 'id'),
    col('organization_id', 'organizationId'),
    col('challenge_id', 'challengeId'),
    col('at', 'at', 'ts'),
  ],
};

/** Every table, in the order `TRUNCATE`/backups list them. */
export const TABLE_NAMES = [
  challenges,
  domains,
  patterns,
  evidence,
  outbox,
  audit,
  events,
  checkLog,
].map((t) => t.name);

// ---- parameters in, records out -------------------------------------------------------------

const CAST: Record<ColumnKind, string> = {
  text: 'text',
  int: 'integer',
  bool: 'boolean',
  ts: 'timestamptz',
  // Bound as text, then cast: no driver gets the chance to serialize it a second time.
  json: 'text::jsonb',
};

/** `$n::type` for a column bound at position `n` (1-based). */
export const placeholder = (column: { readonly kind: ColumnKind }, n: number) =>
  `$${n}::${CAST[column.kind]}`;

/** The select list, in column order. */
export const selectList = <R>(table: Table<R>, alias = ''): string =>
  table.columns.map((c) => `${alias}${c.name}`).join(', ');

/** A record's values as parameters, in column order. */
export function toParams<R>(table: Table<R>, record: R): unknown[] {
  return table.columns.map((c) => {
    const value = record[c.field] as unknown;
    if (value === null || value === undefined) return null;
    switch (c.kind) {
      case 'ts':
        return (value as Date).toISOString();
      case 'json':
        return JSON.stringify(value);
      default:
        return value;
    }
  });
}

// PostgreSQL's text form of timestamptz ("2025-01-15 12:00:00.123+00"), for clients that do not
// parse it themselves.
function parseTimestamp(value: string): Date {
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(iso);
}

function fromColumn(kind: ColumnKind, value: unknown, column: string): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'ts': {
      const date =
        value instanceof Date ? new Date(value.getTime()) : parseTimestamp(String(value));
      if (Number.isNaN(date.getTime()))
        throw new PostgresStorageError(`postgres: unreadable timestamp in ${column}`, undefined);
      return date;
    }
    case 'json':
      // Parsed fresh for every read, so callers get their own copy.
      return typeof value === 'string' ? JSON.parse(value) : structuredClone(value);
    case 'int':
      return Number(value);
    case 'bool':
      return value === true || value === 't' || value === 'true';
    default:
      return String(value);
  }
}

/** A row (keyed by column name) as a record. */
export function fromRow<R>(table: Table<R>, row: Record<string, unknown>): R {
  const record: Record<string, unknown> = {};
  for (const c of table.columns) record[c.field] = fromColumn(c.kind, row[c.name], c.name);
  return record as R;
}
