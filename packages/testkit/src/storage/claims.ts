// Storage contract: leases — `domains.claimDue` for re-verification and
// `outbox.claim` for delivery.
import type { OutboxRecord, VerifiedDomainRecord } from '@apexproof/core';
import { describe, expect, it } from 'vitest';
import { at, type ContractContext, commit, domain, findById, outboxMessage } from './fixtures.js';

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

/** A due domain with its own subject (so many can be active at once). */
const dueDomain = (n: number, overrides: Partial<VerifiedDomainRecord> = {}) =>
  domain({ subject: `due-${n}.example`, nextCheckAt: at(n), ...overrides });

export function claimCases(ctx: ContractContext): void {
  describe('claimDue', () => {
    async function seed(rows: VerifiedDomainRecord[]) {
      await commit(ctx.storage(), async (tx) => {
        for (const row of rows) await tx.domains.insert(row);
      });
    }

    it('leases only rows with nextCheckAt <= now, earliest first, and never a null nextCheckAt', async () => {
      const atNow = dueDomain(10);
      const early = dueDomain(-5, { status: 'downgraded', downgradeReason: 'reverification' });
      const zero = dueDomain(0);
      const justAfter = dueDomain(0.001);
      const never = domain({ subject: 'never.example', nextCheckAt: null });
      await seed([atNow, early, zero, justAfter, never]);
      const claimed = await commit(ctx.storage(), (tx) =>
        tx.domains.claimDue({ now: at(10), limit: 10, leaseUntil: at(15) }),
      );
      expect(ids(claimed)).toEqual([early.id, zero.id, justAfter.id, atNow.id]);
      const whileLeased = await commit(ctx.storage(), (tx) =>
        tx.domains.claimDue({ now: at(12), limit: 10, leaseUntil: at(20) }),
      );
      expect(whileLeased).toEqual([]);
      // Long after the leases ended every due row comes back; `never` still does not.
      const later = await commit(ctx.storage(), (tx) =>
        tx.domains.claimDue({ now: at(10_000), limit: 10, leaseUntil: at(20_000) }),
      );
      expect(ids(later)).toEqual([early.id, zero.id, justAfter.id, atNow.id]);
      expect(findById(await ctx.inspect.domains(), never.id)).toStrictEqual(never);
    });

    it('treats nextCheckAt equal to now as due and a millisecond later as not due', async () => {
      const now = dueDomain(0);
      const later = dueDomain(0.001);
      await seed([now, later]);
      const claimed = await commit(ctx.storage(), (tx) =>
        tx.domains.claimDue({ now: at(0), limit: 10, leaseUntil: at(1) }),
      );
      expect(ids(claimed)).toEqual([now.id]);
    });

    it('sets leaseUntil, bumps version by one, changes nothing else and returns rows as stored', async () => {
      const d = dueDomain(1, { version: 6, consecutiveMisses: 2, lastAttemptAt: at(-1) });
      await seed([d]);
      const claimed = await commit(ctx.storage(), (tx) =>
        tx.domains.claimDue({ now: at(2), limit: 1, leaseUntil: at(7) }),
      );
      const expected = { ...d, leaseUntil: at(7), version: 7 };
      expect(claimed).toStrictEqual([expected]);
      expect(await ctx.inspect.domains()).toStrictEqual([expected]);
    });

    it('skips leased rows until the lease expires (lease end equal to now is free)', async () => {
      const free = dueDomain(1);
      const leased = dueDomain(0, { leaseUntil: at(50) });
      const expired = dueDomain(2, { leaseUntil: at(9) });
      const endsNow = dueDomain(3, { leaseUntil: at(10) });
      await seed([free, leased, expired, endsNow]);
      const first = await commit(ctx.storage(), (tx) =>
        tx.domains.claimDue({ now: at(10), limit: 10, leaseUntil: at(40) }),
      );
      expect(ids(first)).toEqual([free.id, expired.id, endsNow.id]);
      const second = await commit(ctx.storage(), (tx) =>
        tx.domains.claimDue({ now: at(39), limit: 10, leaseUntil: at(45) }),
      );
      expect(second).toEqual([]);
      const afterExpiry = await commit(ctx.storage(), (tx) =>
        tx.domains.claimDue({ now: at(50), limit: 10, leaseUntil: at(60) }),
      );
      expect(ids(afterExpiry)).toEqual([leased.id, free.id, expired.id, endsNow.id]);
    });

    it('respects the limit and leaves the rest for the next call', async () => {
      const rows = [5, 3, 4, 1, 2].map((n) => dueDomain(n));
      await seed(rows);
      const byTime = [...rows].sort((a, b) => Number(a.nextCheckAt) - Number(b.nextCheckAt));
      const claim = (limit: number) =>
        commit(ctx.storage(), (tx) =>
          tx.domains.claimDue({ now: at(100), limit, leaseUntil: at(200) }),
        );
      expect(ids(await claim(2))).toEqual(ids(byTime.slice(0, 2)));
      expect(await claim(0)).toEqual([]);
      expect(ids(await claim(2))).toEqual(ids(byTime.slice(2, 4)));
      expect(ids(await claim(2))).toEqual(ids(byTime.slice(4)));
      expect(await claim(2)).toEqual([]);
    });

    it('does not lease the same row twice in one transaction', async () => {
      await seed([dueDomain(1), dueDomain(2)]);
      const [first, second] = await commit(ctx.storage(), async (tx) => [
        await tx.domains.claimDue({ now: at(5), limit: 10, leaseUntil: at(6) }),
        await tx.domains.claimDue({ now: at(5), limit: 10, leaseUntil: at(6) }),
      ]);
      expect(first).toHaveLength(2);
      expect(second).toEqual([]);
    });

    it('makes a compare-and-set with the pre-claim version fail', async () => {
      const d = dueDomain(1);
      await seed([d]);
      await commit(ctx.storage(), (tx) =>
        tx.domains.claimDue({ now: at(5), limit: 1, leaseUntil: at(6) }),
      );
      const wrote = await commit(ctx.storage(), (tx) =>
        tx.domains.update({ ...d, consecutiveMisses: 1, version: 2 }, d.version),
      );
      expect(wrote).toBe(false);
      expect(findById(await ctx.inspect.domains(), d.id)?.version).toBe(d.version + 1);
    });

    it('rolls a lease back with its transaction', async () => {
      const d = dueDomain(1);
      await seed([d]);
      await expect(
        ctx.storage().transaction(async (tx) => {
          expect(
            await tx.domains.claimDue({ now: at(5), limit: 1, leaseUntil: at(6) }),
          ).toHaveLength(1);
          throw new Error('worker crashed');
        }),
      ).rejects.toThrow('worker crashed');
      expect(await ctx.inspect.domains()).toStrictEqual([d]);
    });
  });

  describe('outbox claim', () => {
    async function seed(rows: OutboxRecord[]) {
      await commit(ctx.storage(), async (tx) => {
        for (const row of rows) await tx.outbox.append(row);
      });
    }

    it('leases only pending, due, lease-free messages, oldest nextAttemptAt then createdAt first', async () => {
      const second = outboxMessage({ nextAttemptAt: at(2), createdAt: at(1) });
      const first = outboxMessage({ nextAttemptAt: at(1), createdAt: at(1) });
      const thirdNewer = outboxMessage({ nextAttemptAt: at(3), createdAt: at(2) });
      const thirdOlder = outboxMessage({ nextAttemptAt: at(3), createdAt: at(0) });
      const notDue = outboxMessage({ nextAttemptAt: at(10.001) });
      const sent = outboxMessage({ status: 'sent', sentAt: at(0), nextAttemptAt: at(0) });
      const parked = outboxMessage({ status: 'parked', nextAttemptAt: at(0) });
      const leased = outboxMessage({ nextAttemptAt: at(0), leaseUntil: at(10.001) });
      const leaseOver = outboxMessage({ nextAttemptAt: at(4), leaseUntil: at(10) });
      await seed([second, first, thirdNewer, thirdOlder, notDue, sent, parked, leased, leaseOver]);
      const claimed = await commit(ctx.storage(), (tx) =>
        tx.outbox.claim({ now: at(10), limit: 10, leaseUntil: at(11) }),
      );
      expect(ids(claimed)).toEqual([
        first.id,
        second.id,
        thirdOlder.id,
        thirdNewer.id,
        leaseOver.id,
      ]);
    });

    it('sets leaseUntil, bumps version, respects the limit and skips what it leased', async () => {
      const rows = [1, 2, 3].map((n) => outboxMessage({ nextAttemptAt: at(n), version: 4 }));
      await seed(rows);
      const claim = (limit: number, now = at(5)) =>
        commit(ctx.storage(), (tx) => tx.outbox.claim({ now, limit, leaseUntil: at(8) }));
      const firstTwo = await claim(2);
      expect(firstTwo).toStrictEqual(
        rows.slice(0, 2).map((row) => ({ ...row, leaseUntil: at(8), version: 5 })),
      );
      expect(ids(await claim(5))).toEqual([rows[2]?.id]);
      expect(await claim(5)).toEqual([]);
      expect(await claim(0, at(8))).toEqual([]);
      expect(ids(await claim(5, at(8)))).toEqual(ids(rows));
      const stored = await ctx.inspect.outbox();
      expect(stored.every((row) => row.version === 6)).toBe(true);
    });
  });
}
