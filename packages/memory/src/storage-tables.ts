// The memory storage's tables and the repositories over them. Uniqueness is checked on every
// write, exactly where a unique index would fire in SQL; lookups go through the same indexes a
// SQL schema has, so a call costs what it reads, not the size of the tables.
import {
  type AuditRecord,
  type ChallengeRecord,
  type EvidenceRecord,
  type OutboxRecord,
  type RedirectPatternRecord,
  StorageConflictError,
  type StorageTx,
  type VerifiedDomainRecord,
} from '@apexproof/core';
import { copy, Table } from './table.js';

export { copy };

export interface Tables {
  challenges: Table<ChallengeRecord>;
  domains: Table<VerifiedDomainRecord>;
  patterns: Table<RedirectPatternRecord>;
  evidence: Table<EvidenceRecord>;
  outbox: Table<OutboxRecord>;
  audit: Table<AuditRecord>;
}

/** A composite index key; JSON keeps any two parts apart, whatever characters they hold. */
const key = (...parts: readonly (string | null)[]) => JSON.stringify(parts);

/** Lowercases A–Z only, as SQL `lower(x COLLATE "C")` does. */
const asciiLower = (text: string | null) =>
  text?.replace(/[A-Z]/g, (ch) => ch.toLowerCase()) ?? null;

const minute = (at: Date) => Math.floor(at.getTime() / 60_000);

/** Rows of the `due` index up to `now`, earliest minutes first, until `limit` are free. */
function dueRows(
  table: Table<VerifiedDomainRecord>,
  options: { now: Date; limit: number },
): VerifiedDomainRecord[] {
  const until = minute(options.now);
  const minutes = table
    .keys('due')
    .map(Number)
    .filter((m) => m <= until)
    .sort((a, b) => a - b);
  const rows: VerifiedDomainRecord[] = [];
  const now = options.now.getTime();
  let usable = 0;
  for (const m of minutes) {
    if (usable >= options.limit) break;
    for (const row of table.lookup('due', String(m))) {
      rows.push(row);
      if (row.leaseUntil === null || row.leaseUntil.getTime() <= now) usable++;
    }
  }
  return rows;
}

const isOtp = (c: ChallengeRecord) => c.method === 'email-otp' && c.codeIssuedAt !== null;

export const emptyTables = (): Tables => ({
  challenges: new Table<ChallengeRecord>({
    orgSubject: (c) => key(c.organizationId, c.subject),
    otpSubject: (c) => (isOtp(c) ? c.subject : null),
    otpEmail: (c) => (isOtp(c) && c.email !== null ? asciiLower(c.email) : null),
  }),
  domains: new Table<VerifiedDomainRecord>({
    subject: (d) => d.subject,
    org: (d) => d.organizationId,
    // By the minute of nextCheckAt: claimDue reads the earliest minutes first, as the SQL
    // index on next_check_at lets it, instead of sorting every row that has a next check.
    due: (d) => (d.nextCheckAt === null ? null : String(minute(d.nextCheckAt))),
  }),
  patterns: new Table<RedirectPatternRecord>({
    domain: (p) => p.domainId,
    org: (p) => p.organizationId,
    unique: (p) => key(p.domainId, p.host, p.pathPrefix),
  }),
  evidence: new Table<EvidenceRecord>({ domain: (e) => e.domainId }),
  outbox: new Table<OutboxRecord>({ pending: (m) => (m.status === 'pending' ? 'p' : null) }),
  audit: new Table<AuditRecord>({ org: (e) => e.organizationId }),
});

const byTime =
  <T>(table: Table<T & { id: string }>, time: (row: T) => Date) =>
  (a: T & { id: string }, b: T & { id: string }) =>
    time(a).getTime() - time(b).getTime() || table.bySeq(a, b);

function conflict(what: string): never {
  throw new StorageConflictError(what);
}

function insertUnique<T extends { id: string }>(table: Table<T>, row: T, name: string) {
  if (table.has(row.id)) conflict(`${name} ${row.id} exists`);
  table.put(row.id, row);
}

function compareAndSet<T extends { id: string; version: number }>(
  table: Table<T>,
  next: T,
  expectedVersion: number,
): boolean {
  const stored = table.peek(next.id);
  if (!stored || stored.version !== expectedVersion) return false;
  table.put(next.id, next);
  return true;
}

function checkDomainUnique(t: Tables, row: VerifiedDomainRecord): void {
  for (const other of t.domains.lookup('subject', row.subject)) {
    if (other.id === row.id) continue;
    if (other.organizationId === row.organizationId)
      conflict(`organization ${row.organizationId} already has a row for ${row.subject}`);
    if (other.status === 'active' && row.status === 'active')
      conflict(`${row.subject} already has an active holder`);
  }
}

/** Leases due rows: the shared shape of `claimDue` and outbox `claim`. */
function lease<T extends { id: string; version: number; leaseUntil: Date | null }>(
  table: Table<T>,
  candidates: readonly T[],
  isDue: (row: T) => boolean,
  order: (a: T, b: T) => number,
  options: { now: Date; limit: number; leaseUntil: Date },
): T[] {
  // A claim runs while no check is in flight (reverifyDue leases, then looks up), so its cost
  // adds straight to a sweep's wall clock: compare instants as numbers (`<=` on two Dates
  // converts both through Symbol.toPrimitive) and copy each leased row once, not twice.
  const now = options.now.getTime();
  const free = (row: T) => row.leaseUntil === null || row.leaseUntil.getTime() <= now;
  const rows = candidates
    .filter((row) => isDue(row) && free(row))
    .sort(order)
    .slice(0, Math.max(0, options.limit));
  const leaseUntil = new Date(options.leaseUntil.getTime());
  return rows.map((row) => {
    const leased = { ...row, leaseUntil, version: row.version + 1 };
    table.adopt(row.id, leased);
    return copy(leased);
  });
}

const copies = <T>(rows: readonly T[]) => rows.map(copy);

/** The repositories over `t`; every write is logged by the tables for rollback. */
export function openTx(t: Tables): StorageTx {
  return {
    challenges: {
      get: async (id) => t.challenges.get(id),
      insert: async (row) => insertUnique(t.challenges, row, 'challenge'),
      update: async (next, expected) => compareAndSet(t.challenges, next, expected),
      listForSubject: async (organizationId, subject) =>
        copies(
          t.challenges
            .lookup('orgSubject', key(organizationId, subject))
            .sort(
              (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || t.challenges.bySeq(a, b),
            ),
        ),
      listEmailOtpSince: async ({ subject, email, since }) => {
        const address = email === undefined ? null : asciiLower(email);
        const found = new Map(t.challenges.lookup('otpSubject', subject).map((c) => [c.id, c]));
        if (address !== null)
          for (const c of t.challenges.lookup('otpEmail', address)) found.set(c.id, c);
        return copies(
          [...found.values()]
            .filter((c) => (c.codeIssuedAt ?? since) >= since)
            .sort(byTime(t.challenges, (c) => c.codeIssuedAt ?? since)),
        );
      },
    },
    domains: {
      get: async (id) => t.domains.get(id),
      find: async (organizationId, subject) =>
        copy(
          t.domains.lookup('subject', subject).find((d) => d.organizationId === organizationId) ??
            null,
        ),
      activeHolder: async (subject) =>
        copy(t.domains.lookup('subject', subject).find((d) => d.status === 'active') ?? null),
      // Transactions already run one at a time.
      lockSubject: async () => {},
      listByOrganization: async (organizationId) =>
        copies(
          t.domains.lookup('org', organizationId).sort(byTime(t.domains, (d) => d.verifiedAt)),
        ),
      insert: async (row) => {
        if (t.domains.has(row.id)) conflict(`domain ${row.id} exists`);
        checkDomainUnique(t, row);
        t.domains.put(row.id, row);
      },
      update: async (next, expected) => {
        const stored = t.domains.peek(next.id);
        if (!stored || stored.version !== expected) return false;
        checkDomainUnique(t, next);
        t.domains.put(next.id, next);
        return true;
      },
      // Its patterns go with it, as the SQL foreign key's ON DELETE CASCADE does.
      delete: async (id) => {
        if (!t.domains.has(id)) return false;
        for (const p of t.patterns.lookup('domain', id)) t.patterns.put(p.id, undefined);
        t.domains.put(id, undefined);
        return true;
      },
      claimDue: async (options) =>
        lease(
          t.domains,
          dueRows(t.domains, options),
          (d) => d.nextCheckAt !== null && d.nextCheckAt.getTime() <= options.now.getTime(),
          byTime(t.domains, (d) => d.nextCheckAt ?? options.now),
          options,
        ),
    },
    patterns: {
      get: async (id) => t.patterns.get(id),
      find: async (domainId, host, pathPrefix) =>
        copy(t.patterns.lookup('unique', key(domainId, host, pathPrefix))[0] ?? null),
      insert: async (row) => {
        // As the foreign key would: a concurrent removal took the domain first.
        if (!t.domains.has(row.domainId)) conflict(`domain ${row.domainId} does not exist`);
        if (t.patterns.lookup('unique', key(row.domainId, row.host, row.pathPrefix)).length > 0)
          conflict(`pattern ${row.host}${row.pathPrefix} exists on ${row.domainId}`);
        insertUnique(t.patterns, row, 'redirect pattern');
      },
      delete: async (id) => {
        if (!t.patterns.has(id)) return false;
        t.patterns.put(id, undefined);
        return true;
      },
      deleteByDomain: async (domainId) => {
        const rows = t.patterns.lookup('domain', domainId);
        for (const p of rows) t.patterns.put(p.id, undefined);
        return rows.length;
      },
      listByDomain: async (domainId) =>
        copies(t.patterns.lookup('domain', domainId).sort(byTime(t.patterns, (p) => p.createdAt))),
      listByOrganization: async (organizationId) =>
        copies(
          t.patterns.lookup('org', organizationId).sort(byTime(t.patterns, (p) => p.createdAt)),
        ),
    },
    evidence: {
      append: async (row) => insertUnique(t.evidence, row, 'evidence'),
      listByDomain: async (domainId) =>
        copies(t.evidence.lookup('domain', domainId).sort(byTime(t.evidence, (e) => e.at))),
    },
    outbox: {
      append: async (row) => insertUnique(t.outbox, row, 'outbox message'),
      get: async (id) => t.outbox.get(id),
      claim: async (options) =>
        lease(
          t.outbox,
          t.outbox.lookup('pending', 'p'),
          (m) => m.status === 'pending' && m.nextAttemptAt <= options.now,
          (a, b) =>
            a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
            a.createdAt.getTime() - b.createdAt.getTime() ||
            t.outbox.bySeq(a, b),
          options,
        ),
      update: async (next, expected) => compareAndSet(t.outbox, next, expected),
    },
    audit: {
      append: async (row) => insertUnique(t.audit, row, 'audit event'),
      listByOrganization: async (organizationId) =>
        copies(t.audit.lookup('org', organizationId).sort(byTime(t.audit, (e) => e.at))),
    },
  };
}
