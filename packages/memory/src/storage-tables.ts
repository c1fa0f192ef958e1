// The memory storage's tables and the repositories over one copy of them. Uniqueness is checked
// on every write, exactly where a unique index would fire in SQL.
import {
  type AuditRecord,
  type ChallengeRecord,
  type CheckLogRecord,
  type EvidenceRecord,
  type OutboxRecord,
  type RedirectPatternRecord,
  StorageConflictError,
  type StorageTx,
  type VerifiedDomainRecord,
} from '@apexproof/core';

export interface Tables {
  challenges: Map<string, ChallengeRecord>;
  domains: Map<string, VerifiedDomainRecord>;
  patterns: Map<string, RedirectPatternRecord>;
  evidence: Map<string, EvidenceRecord>;
  outbox: Map<string, OutboxRecord>;
  audit: Map<string, AuditRecord>;
  checkLog: Map<string, CheckLogRecord>;
}

export const copy = <T>(value: T): T => structuredClone(value);
export const emptyTables = (): Tables => ({
  challenges: new Map(),
  domains: new Map(),
  patterns: new Map(),
  evidence: new Map(),
  outbox: new Map(),
  audit: new Map(),
  checkLog: new Map(),
});
export const cloneTables = (t: Tables): Tables => ({
  challenges: new Map(t.challenges),
  domains: new Map(t.domains),
  patterns: new Map(t.patterns),
  evidence: new Map(t.evidence),
  outbox: new Map(t.outbox),
  audit: new Map(t.audit),
  checkLog: new Map(t.checkLog),
});
const byTime =
  <T>(key: (row: T) => Date) =>
  (a: T, b: T) =>
    key(a).getTime() - key(b).getTime();

/** Lowercases A–Z only, as SQL `lower(x COLLATE "C")` does. */
const asciiLower = (text: string | null) =>
  text?.replace(/[A-Z]/g, (ch) => ch.toLowerCase()) ?? null;

function conflict(what: string): never {
  throw new StorageConflictError(what);
}

function insertUnique<T extends { id: string }>(table: Map<string, T>, row: T, name: string) {
  if (table.has(row.id)) conflict(`${name} ${row.id} exists`);
  table.set(row.id, copy(row));
}

function compareAndSet<T extends { id: string; version: number }>(
  table: Map<string, T>,
  next: T,
  expectedVersion: number,
): boolean {
  const stored = table.get(next.id);
  if (!stored || stored.version !== expectedVersion) return false;
  table.set(next.id, copy(next));
  return true;
}

function checkDomainUnique(t: Tables, row: VerifiedDomainRecord): void {
  for (const other of t.domains.values()) {
    if (other.id === row.id || other.subject !== row.subject) continue;
    if (other.organizationId === row.organizationId)
      conflict(`organization ${row.organizationId} already has a row for ${row.subject}`);
    if (other.status === 'active' && row.status === 'active')
      conflict(`${row.subject} already has an active holder`);
  }
}

/** Leases due rows: the shared shape of `claimDue` and outbox `claim`. */
function lease<T extends { id: string; version: number; leaseUntil: Date | null }>(
  table: Map<string, T>,
  isDue: (row: T) => boolean,
  order: (a: T, b: T) => number,
  options: { now: Date; limit: number; leaseUntil: Date },
): T[] {
  const free = (row: T) => row.leaseUntil === null || row.leaseUntil <= options.now;
  const rows = [...table.values()]
    .filter((row) => isDue(row) && free(row))
    .sort(order)
    .slice(0, Math.max(0, options.limit));
  return rows.map((row) => {
    const leased = { ...row, leaseUntil: options.leaseUntil, version: row.version + 1 };
    table.set(row.id, leased);
    return copy(leased);
  });
}

/** The repositories of one transaction, reading and writing `t` (a private copy). */
export function openTx(t: Tables): StorageTx {
  return {
    challenges: {
      get: async (id) => copy(t.challenges.get(id) ?? null),
      insert: async (row) => insertUnique(t.challenges, row, 'challenge'),
      update: async (next, expected) => compareAndSet(t.challenges, next, expected),
      listForSubject: async (organizationId, subject) =>
        [...t.challenges.values()]
          .filter((c) => c.organizationId === organizationId && c.subject === subject)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
          .map(copy),
      listEmailOtpSince: async ({ subject, email, since }) => {
        const address = email === undefined ? null : asciiLower(email);
        return [...t.challenges.values()]
          .filter(
            (c) =>
              c.method === 'email-otp' &&
              c.codeIssuedAt !== null &&
              c.codeIssuedAt >= since &&
              (c.subject === subject || (address !== null && asciiLower(c.email) === address)),
          )
          .sort(byTime((c) => c.codeIssuedAt ?? since))
          .map(copy);
      },
    },
    domains: {
      get: async (id) => copy(t.domains.get(id) ?? null),
      find: async (organizationId, subject) =>
        copy(
          [...t.domains.values()].find(
            (d) => d.organizationId === organizationId && d.subject === subject,
          ) ?? null,
        ),
      activeHolder: async (subject) =>
        copy(
          [...t.domains.values()].find((d) => d.subject === subject && d.status === 'active') ??
            null,
        ),
      // Transactions already run one at a time.
      lockSubject: async () => {},
      listByOrganization: async (organizationId) =>
        [...t.domains.values()]
          .filter((d) => d.organizationId === organizationId)
          .sort(byTime((d) => d.verifiedAt))
          .map(copy),
      insert: async (row) => {
        if (t.domains.has(row.id)) conflict(`domain ${row.id} exists`);
        checkDomainUnique(t, row);
        t.domains.set(row.id, copy(row));
      },
      update: async (next, expected) => {
        const stored = t.domains.get(next.id);
        if (!stored || stored.version !== expected) return false;
        checkDomainUnique(t, next);
        t.domains.set(next.id, copy(next));
        return true;
      },
      delete: async (id) => t.domains.delete(id),
      claimDue: async (options) =>
        lease(
          t.domains,
          (d) => d.nextCheckAt !== null && d.nextCheckAt <= options.now,
          byTime((d) => d.nextCheckAt ?? options.now),
          options,
        ),
    },
    patterns: {
      get: async (id) => copy(t.patterns.get(id) ?? null),
      find: async (domainId, host, pathPrefix) =>
        copy(
          [...t.patterns.values()].find(
            (p) => p.domainId === domainId && p.host === host && p.pathPrefix === pathPrefix,
          ) ?? null,
        ),
      insert: async (row) => {
        for (const p of t.patterns.values()) {
          if (p.domainId === row.domainId && p.host === row.host && p.pathPrefix === row.pathPrefix)
            conflict(`pattern ${row.host}${row.pathPrefix} exists on ${row.domainId}`);
        }
        insertUnique(t.patterns, row, 'redirect pattern');
      },
      delete: async (id) => t.patterns.delete(id),
      deleteByDomain: async (domainId) => {
        let n = 0;
        for (const p of [...t.patterns.values()]) {
          if (p.domainId === domainId && t.patterns.delete(p.id)) n++;
        }
        return n;
      },
      listByDomain: async (domainId) =>
        [...t.patterns.values()]
          .filter((p) => p.domainId === domainId)
          .sort(byTime((p) => p.createdAt))
          .map(copy),
      listByOrganization: async (organizationId) =>
        [...t.patterns.values()]
          .filter((p) => p.organizationId === organizationId)
          .sort(byTime((p) => p.createdAt))
          .map(copy),
    },
    evidence: {
      append: async (row) => insertUnique(t.evidence, row, 'evidence'),
      listByDomain: async (domainId) =>
        [...t.evidence.values()]
          .filter((e) => e.domainId === domainId)
          .sort(byTime((e) => e.at))
          .map(copy),
    },
    outbox: {
      append: async (row) => insertUnique(t.outbox, row, 'outbox message'),
      get: async (id) => copy(t.outbox.get(id) ?? null),
      claim: async (options) =>
        lease(
          t.outbox,
          (m) => m.status === 'pending' && m.nextAttemptAt <= options.now,
          (a, b) =>
            a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
            a.createdAt.getTime() - b.createdAt.getTime(),
          options,
        ),
      update: async (next, expected) => compareAndSet(t.outbox, next, expected),
    },
    audit: {
      append: async (row) => insertUnique(t.audit, row, 'audit event'),
      listByOrganization: async (organizationId) =>
        [...t.audit.values()]
          .filter((e) => e.organizationId === organizationId)
          .sort(byTime((e) => e.at))
          .map(copy),
    },
    // Transactions are serialized already: the organization lock has nothing left to order.
    checkLog: {
      lockOrganization: async () => {},
      append: async (row) => insertUnique(t.checkLog, row, 'check log entry'),
      listSince: async (organizationId, since) =>
        [...t.checkLog.values()]
          .filter((e) => e.organizationId === organizationId && e.at >= since)
          .sort(byTime((e) => e.at))
          .map(copy),
      deleteBefore: async (organizationId, before) => {
        let n = 0;
        for (const e of [...t.checkLog.values()])
          if (e.organizationId === organizationId && e.at < before && t.checkLog.delete(e.id)) n++;
        return n;
      },
    },
  };
}
