// The memory storage's tables and the repositories over them. Uniqueness is checked on every
// write, exactly where a unique index would fire in SQL; lookups go through the same indexes a
// SQL schema has, so a call costs what it reads, not the size of the tables.
import type {
  AuditRecord,
  ChallengeRecord,
  CheckLogRecord,
  EventOutboxRecord,
  EvidenceRecord,
  OutboxRecord,
  RedirectPatternRecord,
  StorageTx,
  VerifiedDomainRecord,
} from '@apexproof/core';
import { challengeIndexes, challengesRepository } from './storage-challenges.js';
import { checkLogRepository } from './storage-check-log.js';
import { eventsRepository } from './storage-events.js';
import { copy, Table } from './table.js';
import {
  byTime,
  claimDueRows,
  compareAndSet,
  conflict,
  copies,
  dueIndexes,
  insertUnique,
  key,
  lease,
} from './table-writes.js';

export { copy };

export interface Tables {
  challenges: Table<ChallengeRecord>;
  domains: Table<VerifiedDomainRecord>;
  patterns: Table<RedirectPatternRecord>;
  evidence: Table<EvidenceRecord>;
  outbox: Table<OutboxRecord>;
  audit: Table<AuditRecord>;
  events: Table<EventOutboxRecord>;
  checkLog: Table<CheckLogRecord>;
}

export const emptyTables = (): Tables => ({
  challenges: new Table<ChallengeRecord>(challengeIndexes),
  domains: new Table<VerifiedDomainRecord>({
    subject: (d) => d.subject,
    org: (d) => d.organizationId,
    // By the minute of nextCheckAt: claimDue reads the earliest minutes first, as the SQL
    // index on next_check_at lets it, instead of sorting every row that has a next check.
    ...dueIndexes<VerifiedDomainRecord>((d) => d.nextCheckAt),
  }),
  patterns: new Table<RedirectPatternRecord>({
    domain: (p) => p.domainId,
    org: (p) => p.organizationId,
    unique: (p) => key(p.domainId, p.host, p.pathPrefix),
  }),
  evidence: new Table<EvidenceRecord>({ domain: (e) => e.domainId }),
  outbox: new Table<OutboxRecord>({ pending: (m) => (m.status === 'pending' ? 'p' : null) }),
  audit: new Table<AuditRecord>({ org: (e) => e.organizationId }),
  events: new Table<EventOutboxRecord>({
    subject: (e) => e.subject,
    // As the partial (subject, sequence) index: the pending queue of each subject.
    pendingSubject: (e) => (e.status === 'pending' ? e.subject : null),
  }),
  checkLog: new Table<CheckLogRecord>({ org: (e) => e.organizationId }),
});

function checkDomainUnique(t: Tables, row: VerifiedDomainRecord): void {
  for (const other of t.domains.lookup('subject', row.subject)) {
    if (other.id === row.id) continue;
    if (other.organizationId === row.organizationId)
      conflict(`organization ${row.organizationId} already has a row for ${row.subject}`);
    if (other.status === 'active' && row.status === 'active')
      conflict(`${row.subject} already has an active holder`);
  }
}

/** The repositories over `t`; every write is logged by the tables for rollback. */
export function openTx(t: Tables): StorageTx {
  return {
    events: eventsRepository(t.events),
    checkLog: checkLogRepository(t.checkLog),
    challenges: challengesRepository(t.challenges),
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
      claimDue: async (options) => {
        const isDue = (d: VerifiedDomainRecord) =>
          d.nextCheckAt !== null && d.nextCheckAt.getTime() <= options.now.getTime();
        return claimDueRows(
          t.domains,
          isDue,
          byTime(t.domains, (d) => d.nextCheckAt ?? options.now),
          options,
        );
      },
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
