// The memory challenges: the table's indexes (those a SQL schema has for the same reads) and
// the repository over them. Each read goes through an index, so it costs what it reads.
import { type ChallengeRecord, OPEN_CHALLENGE_STATUSES, type StorageTx } from '@apexproof/core';
import type { IndexKey, OrderedIndex, Table } from './table.js';
import {
  byTime,
  claimDueRows,
  compareAndSet,
  copies,
  dueIndexes,
  insertUnique,
  key,
} from './table-writes.js';

/** Lowercases A–Z only, as SQL `lower(x COLLATE "C")` does. */
const asciiLower = (text: string | null) =>
  text?.replace(/[A-Z]/g, (ch) => ch.toLowerCase()) ?? null;

const isOtp = (c: ChallengeRecord) => c.method === 'email-otp' && c.codeIssuedAt !== null;
const OPEN = new Set<string>(OPEN_CHALLENGE_STATUSES);

/** Open challenges whose proof lives in DNS: the only ones `claimDue` may hand out. */
const checkable = (c: ChallengeRecord) =>
  OPEN.has(c.status) && (c.method === 'dns-txt' || c.method === 'ns-delegation');

export const challengeIndexes: Record<
  string,
  IndexKey<ChallengeRecord> | OrderedIndex<ChallengeRecord>
> = {
  orgSubject: (c) => key(c.organizationId, c.subject),
  otpSubject: (c) => (isOtp(c) ? c.subject : null),
  otpEmail: (c) => (isOtp(c) && c.email !== null ? asciiLower(c.email) : null),
  // releaseOrganization's read: only open challenges are in it.
  openOrg: (c) => (OPEN.has(c.status) ? c.organizationId : null),
  // As the partial SQL index on next_check_at: checkable challenges with a next check, by its
  // minute, so a claim reads the earliest minutes and closed or email-otp rows never.
  ...dueIndexes<ChallengeRecord>((c) => (checkable(c) ? c.nextCheckAt : null)),
};

export function challengesRepository(table: Table<ChallengeRecord>): StorageTx['challenges'] {
  return {
    get: async (id) => table.get(id),
    insert: async (row) => insertUnique(table, row, 'challenge'),
    update: async (next, expected) => compareAndSet(table, next, expected),
    listOpenByOrganization: async (organizationId) =>
      copies(table.lookup('openOrg', organizationId).sort(byTime(table, (c) => c.createdAt))),
    listForSubject: async (organizationId, subject) =>
      copies(
        table
          .lookup('orgSubject', key(organizationId, subject))
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || table.bySeq(a, b)),
      ),
    listEmailOtpSince: async ({ subject, email, since }) => {
      const address = email === undefined ? null : asciiLower(email);
      const found = new Map(table.lookup('otpSubject', subject).map((c) => [c.id, c]));
      if (address !== null) for (const c of table.lookup('otpEmail', address)) found.set(c.id, c);
      return copies(
        [...found.values()]
          .filter((c) => (c.codeIssuedAt ?? since) >= since)
          .sort(byTime(table, (c) => c.codeIssuedAt ?? since)),
      );
    },
    claimDue: async (options) => {
      const isDue = (c: ChallengeRecord) =>
        checkable(c) && c.nextCheckAt !== null && c.nextCheckAt <= options.now;
      return claimDueRows(
        table,
        isDue,
        byTime(table, (c) => c.nextCheckAt ?? options.now),
        options,
      );
    },
  };
}
