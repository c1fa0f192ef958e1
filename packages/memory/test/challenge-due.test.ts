// The memory challenges' `due` index: a claim reads open dns-txt and ns-delegation challenges
// from the earliest minutes on, never the closed or email-otp rows around them, so it costs
// what it hands out rather than the size of the table (as the partial SQL index makes it).
import type { ChallengeRecord } from '@apexproof/core';
import { afterEach, expect, it, vi } from 'vitest';
import { createMemoryStorage } from '../src/storage.js';
import { Table } from '../src/table.js';

const T = Date.UTC(2026, 0, 1);
const minutes = (n: number) => new Date(T + n * 60_000);
const row = (id: string, o: Partial<ChallengeRecord>): ChallengeRecord => ({
  id,
  organizationId: 'org',
  subject: `${id}.example`,
  subjectKind: 'apex',
  method: 'dns-txt',
  status: 'pending',
  token: 't',
  recordName: null,
  recordValue: null,
  email: null,
  codeHash: null,
  codeIssuedAt: null,
  createdAt: minutes(-10),
  expiresAt: minutes(10_000),
  attempts: 0,
  lastAttemptAt: null,
  lastFailure: null,
  createdBy: 'u',
  nextCheckAt: minutes(0),
  leaseUntil: null,
  awaitingAcknowledgementAt: null,
  version: 1,
  ...o,
});

afterEach(() => {
  vi.restoreAllMocks();
});

it('claims without reading closed, email-otp or later challenges', async () => {
  const s = createMemoryStorage();
  const statuses = ['validated', 'expired', 'cancelled', 'superseded'] as const;
  await s.transaction(async (tx) => {
    for (let i = 0; i < 2_000; i++)
      await tx.challenges.insert(
        i % 2 === 0
          ? row(`closed-${i}`, { status: statuses[i % 4], nextCheckAt: minutes(-(i % 50)) })
          : row(`otp-${i}`, { method: 'email-otp', nextCheckAt: minutes(-(i % 50)) }),
      );
    for (let i = 0; i < 500; i++)
      await tx.challenges.insert(row(`later-${i}`, { nextCheckAt: minutes(60 + i) }));
    await tx.challenges.insert(row('due-a', { nextCheckAt: minutes(-30) }));
    await tx.challenges.insert(row('due-b', { method: 'ns-delegation', nextCheckAt: minutes(-5) }));
    await tx.challenges.insert(row('due-c', { status: 'failed', nextCheckAt: minutes(-1) }));
  });
  let read = 0;
  // Every row a claim looks at passes through one of the two readers of the due indexes.
  const { eachAt, firstAt } = Table.prototype;
  vi.spyOn(Table.prototype, 'eachAt').mockImplementation(function (this: Table<never>, ...args) {
    const [name, key, fn] = args;
    eachAt.call(this, name, key, (row) => {
      read++;
      fn(row);
    });
  });
  vi.spyOn(Table.prototype, 'firstAt').mockImplementation(function (this: Table<never>, ...args) {
    const [name, key, keep, want] = args;
    return firstAt.call(
      this,
      name,
      key,
      (row) => {
        read++;
        return keep(row);
      },
      want,
    );
  });
  const claimed = await s.transaction((tx) =>
    tx.challenges.claimDue({ now: minutes(0), limit: 2, leaseUntil: minutes(5) }),
  );
  expect(claimed.ok && claimed.value.map((c) => c.id)).toEqual(['due-a', 'due-b']);
  expect(read).toBe(2);
});
