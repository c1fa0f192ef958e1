// The repositories of a transaction, as SQL. Ties between equal timestamps in ordered lists
// fall back to insertion order (`seq`).
import type {
  AuditRepository,
  ChallengeRepository,
  CheckLogRepository,
  DomainRepository,
  EventOutboxRepository,
  EvidenceRepository,
  OutboxRepository,
  RedirectPatternRepository,
  StorageTx,
} from '@apexproof/core';
import {
  audit,
  challenges,
  checkLog,
  domains,
  events,
  eventsWrite,
  evidence,
  fromRow,
  outbox,
  patterns,
  placeholder,
  selectList,
  type Table,
  toParams,
} from './tables.js';

/** Runs one statement in the transaction; throws port errors only. */
export type Run = (text: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>;

// ---- statements shared by every table -------------------------------------------------------

function insertSql<R>(table: Table<R>): string {
  const names = table.columns.map((c) => c.name).join(', ');
  const values = table.columns.map((c, i) => placeholder(c, i + 1)).join(', ');
  return `INSERT INTO ${table.name} (${names}) VALUES (${values})`;
}

/** Compare-and-set: every column but id, only while the stored version is the expected one. */
function updateSql<R>(table: Table<R>): string {
  const sets = table.columns
    .map((c, i) => (i === 0 ? '' : `${c.name} = ${placeholder(c, i + 1)}`))
    .filter(Boolean)
    .join(', ');
  const expected = table.columns.length + 1;
  return `UPDATE ${table.name} SET ${sets} WHERE id = $1::text AND version = $${expected}::integer RETURNING id`;
}

const selectSql = <R>(table: Table<R>, where: string, order = '') =>
  `SELECT ${selectList(table)} FROM ${table.name} WHERE ${where}${order ? ` ORDER BY ${order}` : ''}`;

/**
 * Leases due rows: lock the first `limit` free ones (skipping rows another transaction holds),
 * stamp the lease and bump the version, and answer the leased rows in the order they were picked.
 * The update finds the picked rows by primary key (`= ANY(ARRAY(…))`): joined as `UPDATE … FROM
 * due` the planner hashes the CTE and scans the whole table, so every claim cost the table size.
 */
function claimSql<R>(table: Table<R>, due: string, order: string): string {
  return `WITH due AS (
      SELECT id FROM ${table.name}
      WHERE ${due} AND (lease_until IS NULL OR lease_until <= $1::timestamptz)
      ORDER BY ${order}
      LIMIT $2::integer
      FOR UPDATE SKIP LOCKED
    ), leased AS (
      UPDATE ${table.name} AS t SET lease_until = $3::timestamptz, version = t.version + 1
      WHERE t.id = ANY (ARRAY(SELECT id FROM due))
      RETURNING t.*
    )
    SELECT ${selectList(table)} FROM leased ORDER BY ${order}`;
}

const SQL = {
  challenges: {
    get: selectSql(challenges, 'id = $1::text'),
    insert: insertSql(challenges),
    update: updateSql(challenges),
    // Served by the (organization_id, subject, created_at) index's leading column.
    listOpenByOrganization: selectSql(
      challenges,
      "organization_id = $1::text AND status IN ('pending', 'verifying', 'failed')",
      'created_at, seq',
    ),
    listForSubject: selectSql(
      challenges,
      'organization_id = $1::text AND subject = $2::text',
      'created_at DESC, seq',
    ),
    // Two partial indexes (0002) serve the two arms of the OR; lower(… COLLATE "C") folds
    // ASCII letters only, the port's rule, and is the indexed expression.
    listEmailOtpSince: selectSql(
      challenges,
      `method = 'email-otp' AND code_issued_at >= $3::timestamptz AND (subject = $1::text OR lower(email COLLATE "C") = lower($2::text COLLATE "C"))`,
      'code_issued_at, seq',
    ),
    // Served by the partial (next_check_at) index of 0005, whose predicate these repeat.
    claimDue: claimSql(
      challenges,
      `status IN ('pending', 'verifying', 'failed') AND method IN ('dns-txt', 'ns-delegation')
        AND next_check_at <= $1::timestamptz`,
      'next_check_at, seq',
    ),
  },
  domains: {
    get: selectSql(domains, 'id = $1::text'),
    find: selectSql(domains, 'organization_id = $1::text AND subject = $2::text'),
    activeHolder: selectSql(domains, "subject = $1::text AND status = 'active'"),
    lockSubject: 'SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))',
    listByOrganization: selectSql(domains, 'organization_id = $1::text', 'verified_at, seq'),
    insert: insertSql(domains),
    update: updateSql(domains),
    delete: `DELETE FROM ${domains.name} WHERE id = $1::text RETURNING id`,
    claimDue: claimSql(
      domains,
      'next_check_at IS NOT NULL AND next_check_at <= $1::timestamptz',
      'next_check_at, seq',
    ),
  },
  patterns: {
    get: selectSql(patterns, 'id = $1::text'),
    find: selectSql(
      patterns,
      'domain_id = $1::text AND host = $2::text AND path_prefix = $3::text',
    ),
    insert: insertSql(patterns),
    delete: `DELETE FROM ${patterns.name} WHERE id = $1::text RETURNING id`,
    deleteByDomain: `DELETE FROM ${patterns.name} WHERE domain_id = $1::text RETURNING id`,
    listByDomain: selectSql(patterns, 'domain_id = $1::text', 'created_at, seq'),
    listByOrganization: selectSql(patterns, 'organization_id = $1::text', 'created_at, seq'),
  },
  evidence: {
    append: insertSql(evidence),
    listByDomain: selectSql(evidence, 'domain_id = $1::text', 'at, seq'),
  },
  outbox: {
    append: insertSql(outbox),
    get: selectSql(outbox, 'id = $1::text'),
    update: updateSql(outbox),
    claim: claimSql(
      outbox,
      "status = 'pending' AND next_attempt_at <= $1::timestamptz",
      'next_attempt_at, created_at, seq',
    ),
  },
  audit: {
    append: insertSql(audit),
    listByOrganization: selectSql(audit, 'organization_id = $1::text', 'at, seq'),
  },
  // ---- event outbox (0004) ----
  events: {
    append: insertSql(eventsWrite),
    get: selectSql(events, 'id = $1::text'),
    update: updateSql(eventsWrite),
    // Only a subject's head (its lowest-sequence pending event) is a candidate, so one
    // subject's events go out in order however many workers claim at once.
    claim: claimSql(
      events,
      `status = 'pending' AND next_attempt_at <= $1::timestamptz AND NOT EXISTS (
        SELECT 1 FROM ${events.name} AS earlier
        WHERE earlier.subject = ${events.name}.subject AND earlier.status = 'pending'
          AND earlier.sequence < ${events.name}.sequence)`,
      'next_attempt_at, sequence',
    ),
    listBySubject: selectSql(events, 'subject = $1::text', 'sequence'),
  },
  // ---- verify-check log (0005) ----
  checkLog: {
    // A key no subject can equal (subjects never contain ':'), so it never queues behind one.
    lockOrganization:
      "SELECT pg_advisory_xact_lock(hashtextextended('apexproof:check-log:' || $1::text, 0))",
    append: insertSql(checkLog),
    listSince: selectSql(
      checkLog,
      'organization_id = $1::text AND at >= $2::timestamptz',
      'at, seq',
    ),
    deleteBefore: `DELETE FROM ${checkLog.name} WHERE organization_id = $1::text AND at < $2::timestamptz RETURNING id`,
  },
} as const;

/** The SQL text of every statement the adapter runs (for reviews and EXPLAIN checks). */
export const STATEMENTS = SQL;

// ---- repositories ---------------------------------------------------------------------------

type Lease = { now: Date; limit: number; leaseUntil: Date };
// LIMIT takes a non-negative integer; "up to limit" of anything else is clamped into range.
const leaseParams = (o: Lease) => [
  o.now.toISOString(),
  Math.min(2 ** 31 - 1, Math.max(0, Math.floor(o.limit))) || 0,
  o.leaseUntil.toISOString(),
];

export function createTx(run: Run): StorageTx {
  const one = async <R>(table: Table<R>, text: string, params: readonly unknown[]) => {
    const [row] = await run(text, params);
    return row ? fromRow(table, row) : null;
  };
  const many = async <R>(table: Table<R>, text: string, params: readonly unknown[]) =>
    (await run(text, params)).map((row) => fromRow(table, row));
  const insert = async <R>(table: Table<R>, text: string, record: R) => {
    await run(text, toParams(table, record));
  };
  const cas = async <R>(table: Table<R>, text: string, next: R, expectedVersion: number) =>
    (await run(text, [...toParams(table, next), expectedVersion])).length === 1;
  const count = async (text: string, params: readonly unknown[]) =>
    (await run(text, params)).length;

  const challengeRepo: ChallengeRepository = {
    get: (id) => one(challenges, SQL.challenges.get, [id]),
    insert: (c) => insert(challenges, SQL.challenges.insert, c),
    update: (next, v) => cas(challenges, SQL.challenges.update, next, v),
    listOpenByOrganization: (org) => many(challenges, SQL.challenges.listOpenByOrganization, [org]),
    listForSubject: (org, subject) =>
      many(challenges, SQL.challenges.listForSubject, [org, subject]),
    listEmailOtpSince: ({ subject, email, since }) =>
      many(challenges, SQL.challenges.listEmailOtpSince, [
        subject,
        email ?? null,
        since.toISOString(),
      ]),
    claimDue: (options) => many(challenges, SQL.challenges.claimDue, leaseParams(options)),
  };

  const domainRepo: DomainRepository = {
    get: (id) => one(domains, SQL.domains.get, [id]),
    find: (org, subject) => one(domains, SQL.domains.find, [org, subject]),
    activeHolder: (subject) => one(domains, SQL.domains.activeHolder, [subject]),
    lockSubject: async (subject) => {
      await run(SQL.domains.lockSubject, [subject]);
    },
    listByOrganization: (org) => many(domains, SQL.domains.listByOrganization, [org]),
    insert: (d) => insert(domains, SQL.domains.insert, d),
    update: (next, v) => cas(domains, SQL.domains.update, next, v),
    delete: async (id) => (await count(SQL.domains.delete, [id])) > 0,
    claimDue: (options) => many(domains, SQL.domains.claimDue, leaseParams(options)),
  };

  const patternRepo: RedirectPatternRepository = {
    get: (id) => one(patterns, SQL.patterns.get, [id]),
    find: (domainId, host, prefix) => one(patterns, SQL.patterns.find, [domainId, host, prefix]),
    insert: (p) => insert(patterns, SQL.patterns.insert, p),
    delete: async (id) => (await count(SQL.patterns.delete, [id])) > 0,
    deleteByDomain: (domainId) => count(SQL.patterns.deleteByDomain, [domainId]),
    listByDomain: (domainId) => many(patterns, SQL.patterns.listByDomain, [domainId]),
    listByOrganization: (org) => many(patterns, SQL.patterns.listByOrganization, [org]),
  };

  const evidenceRepo: EvidenceRepository = {
    append: (e) => insert(evidence, SQL.evidence.append, e),
    listByDomain: (domainId) => many(evidence, SQL.evidence.listByDomain, [domainId]),
  };

  const outboxRepo: OutboxRepository = {
    append: (m) => insert(outbox, SQL.outbox.append, m),
    get: (id) => one(outbox, SQL.outbox.get, [id]),
    update: (next, v) => cas(outbox, SQL.outbox.update, next, v),
    claim: (options) => many(outbox, SQL.outbox.claim, leaseParams(options)),
  };

  const auditRepo: AuditRepository = {
    append: (a) => insert(audit, SQL.audit.append, a),
    listByOrganization: (org) => many(audit, SQL.audit.listByOrganization, [org]),
  };

  const eventRepo: EventOutboxRepository = {
    append: (e) => insert(eventsWrite, SQL.events.append, e),
    get: (id) => one(events, SQL.events.get, [id]),
    update: async (next, v) => {
      const { sequence: _assigned, ...written } = next;
      return cas(eventsWrite, SQL.events.update, written, v);
    },
    claim: (options) => many(events, SQL.events.claim, leaseParams(options)),
    listBySubject: (subject) => many(events, SQL.events.listBySubject, [subject]),
  };
  // ---- verify-check log (0005) ----
  const checkLogRepo: CheckLogRepository = {
    lockOrganization: async (org) => {
      await run(SQL.checkLog.lockOrganization, [org]);
    },
    append: (e) => insert(checkLog, SQL.checkLog.append, e),
    listSince: (org, since) => many(checkLog, SQL.checkLog.listSince, [org, since.toISOString()]),
    deleteBefore: (org, before) => count(SQL.checkLog.deleteBefore, [org, before.toISOString()]),
  };

  return {
    events: eventRepo,
    challenges: challengeRepo,
    domains: domainRepo,
    patterns: patternRepo,
    evidence: evidenceRepo,
    outbox: outboxRepo,
    audit: auditRepo,
    checkLog: checkLogRepo,
  };
}
