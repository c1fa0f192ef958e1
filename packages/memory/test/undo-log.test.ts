// The memory storage writes in place and undoes on rollback. What a copy of every table gave
// for free must still hold: a rollback restores rows, indexes and insertion order exactly; the
// inspect hook shows committed rows only, even while a transaction is open; a stored row is
// never the caller's object.
import type {
  EventOutboxRecord,
  RedirectPatternRecord,
  VerifiedDomainRecord,
} from '@apexproof/core';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/storage.js';

const T = new Date('2026-01-01T00:00:00Z');
const domain = (id: string, subject: string): VerifiedDomainRecord => ({
  id,
  organizationId: 'org',
  subject,
  subjectKind: 'apex',
  method: 'dns-txt',
  status: 'active',
  downgradeReason: null,
  verifiedAt: T,
  downgradedAt: null,
  recordName: null,
  recordValue: null,
  lastCheckedAt: null,
  lastAttemptAt: null,
  consecutiveMisses: 0,
  nextCheckAt: T,
  leaseUntil: null,
  version: 1,
});
const pattern = (id: string, domainId: string): RedirectPatternRecord => ({
  id,
  organizationId: 'org',
  domainId,
  host: 'app.example.com',
  pathPrefix: `/${id}`,
  createdAt: T,
  createdBy: 'u',
});

const event = (id: string, subject: string): Omit<EventOutboxRecord, 'sequence'> => ({
  id,
  organizationId: 'org',
  subject,
  event: {
    id,
    type: 'domain.removed',
    organizationId: 'org',
    subject,
    timestamp: T.toISOString(),
    data: { domainId: 'd1' },
  } as EventOutboxRecord['event'],
  status: 'pending',
  attempts: 0,
  createdAt: T,
  nextAttemptAt: T,
  leaseUntil: null,
  lastError: null,
  deliveredAt: null,
  version: 0,
});

describe('memory storage undo log', () => {
  it('takes back event appends, leases and status changes, and their subject queues', async () => {
    const s = createMemoryStorage();
    await s.transaction(async (tx) => {
      await tx.events.append(event('e1', 'a.example'));
      await tx.events.append(event('e2', 'a.example'));
    });
    const before = await s.inspect.events();
    const result = await s
      .transaction(async (tx) => {
        const [head] = await tx.events.claim({ now: T, limit: 10, leaseUntil: new Date(1e13) });
        await tx.events.update(
          { ...(head as EventOutboxRecord), status: 'delivered', version: 2 },
          1,
        );
        await tx.events.append(event('e3', 'b.example'));
        throw new Error('stop');
      })
      .catch(() => 'rejected');
    expect(result).toBe('rejected');
    expect(await s.inspect.events()).toStrictEqual(before);
    const read = await s.transaction(async (tx) => ({
      claimed: (await tx.events.claim({ now: T, limit: 10, leaseUntil: T })).map((e) => e.id),
      b: await tx.events.listBySubject('b.example'),
    }));
    expect(read.ok && read.value).toEqual({ claimed: ['e1'], b: [] });
  });

  it('restores rows, lookups and tie order after a rolled-back cascade', async () => {
    const s = createMemoryStorage();
    await s.transaction(async (tx) => {
      await tx.domains.insert(domain('d1', 'a.example'));
      await tx.domains.insert(domain('d2', 'b.example'));
      for (const id of ['p1', 'p2', 'p3']) await tx.patterns.insert(pattern(id, 'd1'));
    });
    const before = { domains: await s.inspect.domains(), patterns: await s.inspect.patterns() };
    const result = await s
      .transaction(async (tx) => {
        await tx.domains.delete('d1');
        await tx.domains.update({ ...domain('d2', 'c.example'), version: 2 }, 1);
        await tx.domains.insert(domain('d3', 'a.example'));
        throw new Error('stop');
      })
      .catch(() => 'rejected');
    expect(result).toBe('rejected');
    expect({
      domains: await s.inspect.domains(),
      patterns: await s.inspect.patterns(),
    }).toStrictEqual(before);
    const read = await s.transaction(async (tx) => ({
      byDomain: (await tx.patterns.listByDomain('d1')).map((p) => p.id),
      holderA: (await tx.domains.activeHolder('a.example'))?.id,
      holderC: await tx.domains.activeHolder('c.example'),
      due: (await tx.domains.claimDue({ now: T, limit: 10, leaseUntil: T })).map((d) => d.id),
    }));
    expect(read.ok && read.value).toEqual({
      byDomain: ['p1', 'p2', 'p3'],
      holderA: 'd1',
      holderC: null,
      due: ['d1', 'd2'],
    });
  });

  it('shows committed rows to inspect while a transaction is open', async () => {
    const s = createMemoryStorage();
    await s.transaction(async (tx) => tx.domains.insert(domain('d1', 'a.example')));
    let seen: VerifiedDomainRecord[] = [];
    await s.transaction(async (tx) => {
      await tx.domains.update(
        { ...domain('d1', 'a.example'), status: 'downgraded', version: 2 },
        1,
      );
      await tx.domains.insert(domain('d2', 'b.example'));
      seen = await s.inspect.domains();
    });
    expect(seen.map((d) => [d.id, d.status])).toEqual([['d1', 'active']]);
    expect((await s.inspect.domains()).map((d) => [d.id, d.status])).toEqual([
      ['d1', 'downgraded'],
      ['d2', 'active'],
    ]);
  });

  it('never stores or hands out the caller’s objects', async () => {
    const s = createMemoryStorage();
    const row = { ...domain('d1', 'a.example'), verifiedAt: new Date(T) };
    await s.transaction(async (tx) => tx.domains.insert(row));
    row.subject = 'changed.example';
    (row.verifiedAt as Date).setTime(0);
    const got = await s.transaction(async (tx) => tx.domains.get('d1'));
    expect(got.ok && got.value?.subject).toBe('a.example');
    expect(got.ok && got.value?.verifiedAt).toEqual(T);
  });

  it('stores a lease without the caller’s objects, and rolls a claim back exactly', async () => {
    // A claim stores the leased rows it builds without copying them again (a sweep pays the
    // claim with nothing in flight): neither the caller's leaseUntil nor the returned rows
    // may be the stored objects.
    const s = createMemoryStorage();
    await s.transaction(async (tx) => tx.domains.insert(domain('d1', 'a.example')));
    const until = new Date(T.getTime() + 60_000);
    const options = { now: new Date(T.getTime() + 1), limit: 10, leaseUntil: until };
    const claimed = await s.transaction(async (tx) => tx.domains.claimDue(options));
    if (!claimed.ok) expect.fail(claimed.detail);
    const [lease] = claimed.value;
    expect(lease?.leaseUntil).toEqual(until);
    until.setTime(0);
    lease?.leaseUntil?.setTime(1);
    lease?.verifiedAt.setTime(2);
    const [stored] = await s.inspect.domains();
    expect(stored?.leaseUntil).toEqual(new Date(T.getTime() + 60_000));
    expect(stored?.verifiedAt).toEqual(T);
    expect(stored?.version).toBe(2);

    // A second claim after the lease ran out, rolled back by a conflict: the first lease stays.
    const failed = await s.transaction(async (tx) => {
      const again = await tx.domains.claimDue({ ...options, now: new Date(T.getTime() + 120_000) });
      expect(again.map((d) => d.version)).toEqual([3]);
      await tx.domains.insert(domain('d1', 'b.example'));
    });
    expect(failed.ok).toBe(false);
    expect(await s.inspect.domains()).toStrictEqual([stored]);
  });

  it('refuses writes through a transaction that has ended, so nothing lands unlogged', async () => {
    const s = createMemoryStorage();
    let leaked: Parameters<Parameters<typeof s.transaction>[0]>[0] | undefined;
    await s.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked?.domains.insert(domain('late', 'late.example'))).rejects.toThrow(/ended/);
    // Every value the transaction object holds is a guarded view: nothing unguarded to reach.
    for (const repo of Object.values(leaked ?? {}))
      await expect(
        (repo as { insert?: (r: unknown) => Promise<unknown> }).insert?.(domain('x', 'x.example')),
      ).rejects.toThrow(/ended/);
    expect(await s.inspect.domains()).toEqual([]);
  });

  it('hands out views that behave as the repositories do: spread, destructured, detached', async () => {
    const s = createMemoryStorage();
    const done = await s.transaction(async (tx) => {
      // A wrapper that replaces one repository, or one method, keeps the rest working.
      const wrapped = { ...tx, audit: tx.audit };
      await wrapped.domains.insert(domain('a', 'a.example'));
      const domains = { ...tx.domains, find: tx.domains.find };
      await domains.insert(domain('b', 'b.example'));
      const { insert } = tx.domains;
      await insert(domain('c', 'c.example'));
      // A conflict through a spread copy still aborts the transaction.
      await domains.insert(domain('a', 'a.example')).catch(() => undefined);
      return Object.keys(tx).length;
    });
    expect(done.ok).toBe(false);
    expect(await s.inspect.domains()).toEqual([]);
  });
});
