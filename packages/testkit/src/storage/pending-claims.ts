// Storage contract: `challenges.claimDue`, the lease checkPending takes on open dns-txt and
// ns-delegation challenges whose next check is due (the same lease as `domains.claimDue`).
import type { ChallengeRecord } from '@apexproof/core';
import { describe, expect, it } from 'vitest';
import { CASE_TIMEOUT_MS, expectSkipRatherThanWait } from './concurrency.js';
import { at, type ContractContext, challenge, commit, findById } from './fixtures.js';

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

/** An open dns-txt challenge due at `at(n)`, on a subject of its own. */
const dueChallenge = (n: number, overrides: Partial<ChallengeRecord> = {}) =>
  challenge({ subject: `pending-${n}.example`, nextCheckAt: at(n), ...overrides });

export function pendingClaimCases(ctx: ContractContext): void {
  const seed = (rows: readonly ChallengeRecord[]) =>
    commit(ctx.storage(), async (tx) => {
      for (const row of rows) await tx.challenges.insert(row);
    });
  const claim = (now: number, limit: number, leaseUntil: number) =>
    commit(ctx.storage(), (tx) =>
      tx.challenges.claimDue({ now: at(now), limit, leaseUntil: at(leaseUntil) }),
    );

  describe('challenges.claimDue', () => {
    it('leases only open dns-txt and ns-delegation challenges that are due, oldest nextCheckAt first', async () => {
      const pending = dueChallenge(3);
      const verifying = dueChallenge(1, { method: 'ns-delegation', status: 'verifying' });
      const failed = dueChallenge(2, { status: 'failed', attempts: 2 });
      const atNow = dueChallenge(10);
      // Same instant as `pending`, inserted later: insertion order breaks the tie.
      const tie = dueChallenge(3, { subject: 'tie.example' });
      const open = [pending, verifying, failed, atNow, tie];
      const notYet = dueChallenge(10.001);
      const never = [
        dueChallenge(0, { nextCheckAt: null }),
        dueChallenge(0, { method: 'email-otp', email: 'a@example.com', codeIssuedAt: at(0) }),
        dueChallenge(0, { method: 'bypass' }),
        ...(['validated', 'expired', 'cancelled', 'superseded'] as const).map((status) =>
          dueChallenge(0, { status }),
        ),
        ...(['validated', 'expired'] as const).map((status) =>
          dueChallenge(0, { method: 'ns-delegation', status }),
        ),
      ];
      await seed([...open, notYet, ...never]);
      const claimed = await claim(10, 100, 15);
      expect(ids(claimed)).toEqual([verifying.id, failed.id, pending.id, tie.id, atNow.id]);
      const stored = await ctx.inspect.challenges();
      for (const row of [notYet, ...never]) expect(findById(stored, row.id)).toStrictEqual(row);
      // Long after every lease ended the open ones come back, and the one not due before;
      // the others never do.
      expect(ids(await claim(10_000, 100, 10_001))).toEqual([...ids(claimed), notYet.id]);
    });

    it('sets leaseUntil, bumps version by one, changes nothing else and returns rows as stored', async () => {
      const c = dueChallenge(1, {
        version: 6,
        attempts: 3,
        lastAttemptAt: at(0.5),
        lastFailure: 'no TXT record yet',
        awaitingAcknowledgementAt: at(0.75),
        leaseUntil: at(1.5),
      });
      const other = dueChallenge(1.5, { nextCheckAt: at(60) });
      await seed([c, other]);
      const claimed = await claim(2, 1, 7);
      const expected = { ...c, leaseUntil: at(7), version: 7 };
      expect(claimed).toStrictEqual([expected]);
      const stored = await ctx.inspect.challenges();
      expect(findById(stored, c.id)).toStrictEqual(expected);
      expect(findById(stored, other.id)).toStrictEqual(other);
    });

    it('skips leased challenges until the lease ends (a lease ending at now is free)', async () => {
      // Leased ones come first by nextCheckAt: a claim must look past them to reach its limit.
      const leased = [0, 0.5, 1].map((n) => dueChallenge(n, { leaseUntil: at(50) }));
      const expired = dueChallenge(2, { leaseUntil: at(9) });
      const endsNow = dueChallenge(3, { leaseUntil: at(10) });
      const free = dueChallenge(4);
      await seed([...leased, expired, endsNow, free]);
      expect(ids(await claim(10, 2, 40))).toEqual([expired.id, endsNow.id]);
      expect(ids(await claim(10, 5, 40))).toEqual([free.id]);
      expect(await claim(39, 10, 45)).toEqual([]);
      expect(ids(await claim(50, 10, 60))).toEqual(ids([...leased, expired, endsNow, free]));
    });

    it('honours the limit (0 leases nothing) and leaves the rest for the next call', async () => {
      const rows = [5, 3, 4, 1, 2].map((n) => dueChallenge(n));
      await seed(rows);
      const byTime = [...rows].sort((a, b) => Number(a.nextCheckAt) - Number(b.nextCheckAt));
      expect(await claim(100, 0, 200)).toEqual([]);
      expect(ids(await claim(100, 2, 200))).toEqual(ids(byTime.slice(0, 2)));
      expect(ids(await claim(100, 2, 200))).toEqual(ids(byTime.slice(2, 4)));
      expect(ids(await claim(100, 2, 200))).toEqual(ids(byTime.slice(4)));
      expect(await claim(100, 2, 200)).toEqual([]);
    });

    it('follows updates: a challenge closed, rescheduled or switched to email-otp is not due', async () => {
      const closed = dueChallenge(1);
      const later = dueChallenge(2);
      const otp = dueChallenge(3);
      const reopened = dueChallenge(4, { status: 'expired', nextCheckAt: null });
      await seed([closed, later, otp, reopened]);
      await commit(ctx.storage(), async (tx) => {
        await tx.challenges.update({ ...closed, status: 'validated', version: 2 }, 1);
        await tx.challenges.update({ ...later, nextCheckAt: at(60), version: 2 }, 1);
        await tx.challenges.update({ ...otp, method: 'email-otp', version: 2 }, 1);
        await tx.challenges.update(
          { ...reopened, status: 'failed', nextCheckAt: at(4), version: 2 },
          1,
        );
      });
      expect(ids(await claim(10, 10, 100))).toEqual([reopened.id]);
      expect(ids(await claim(60, 10, 70))).toEqual([later.id]);
    });

    it('makes a compare-and-set with the pre-claim version fail', async () => {
      const c = dueChallenge(1);
      await seed([c]);
      await claim(5, 1, 6);
      const wrote = await commit(ctx.storage(), (tx) =>
        tx.challenges.update({ ...c, status: 'validated', version: 2 }, c.version),
      );
      expect(wrote).toBe(false);
      expect(findById(await ctx.inspect.challenges(), c.id)).toStrictEqual({
        ...c,
        leaseUntil: at(6),
        version: c.version + 1,
      });
    });

    it('rolls a lease back with its transaction: the challenge stays unleased', async () => {
      const c = dueChallenge(1);
      await seed([c]);
      await expect(
        ctx.storage().transaction(async (tx) => {
          const mine = await tx.challenges.claimDue({ now: at(5), limit: 1, leaseUntil: at(6) });
          expect(ids(mine)).toEqual([c.id]);
          throw new Error('worker crashed');
        }),
      ).rejects.toThrow('worker crashed');
      expect(await ctx.inspect.challenges()).toStrictEqual([c]);
      expect(ids(await claim(5, 1, 6))).toEqual([c.id]);
    });

    it(
      'never hands one challenge to two workers claiming at once',
      async () => {
        const rows = Array.from({ length: 12 }, (_, n) =>
          dueChallenge(n % 3, { subject: `w-${n}.example` }),
        );
        await seed(rows);
        const claims = await Promise.all(Array.from({ length: 4 }, () => claim(10, 4, 20)));
        const claimed = claims.flat().map((row) => row.id);
        expect(new Set(claimed).size).toBe(claimed.length);
        expect(claimed.length).toBeGreaterThan(0);
        // Whatever a worker missed is still there for the next run.
        expect(await claim(30, 100, 40)).toHaveLength(12);
      },
      CASE_TIMEOUT_MS,
    );

    if (ctx.parallel)
      it(
        'never leases one challenge to two open transactions, and skips rather than waits',
        async () => {
          await seed(Array.from({ length: 10 }, (_, n) => dueChallenge(n)));
          await expectSkipRatherThanWait(ctx, (tx) =>
            tx.challenges.claimDue({ now: at(100), limit: 5, leaseUntil: at(200) }),
          );
        },
        CASE_TIMEOUT_MS,
      );
  });
}
