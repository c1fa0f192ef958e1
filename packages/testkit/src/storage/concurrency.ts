// Storage contract: transactions that really overlap (only for backends where two
// transactions can be open at once, e.g. a PostgreSQL server through a connection pool).
// Gates make the interleaving explicit; a generous fallback only breaks a deadlock so a wrong
// adapter fails with a clear assertion instead of hanging. Nothing here measures time.
// A storage that runs one transaction at a time (memory, PGlite) cannot meet these cases at
// all, so it gets `serialCases` instead: a check that it really is serial, which is what makes
// the overlapping cases unnecessary for it (permanently skipped cases would only be noise).
import type { StorageTx } from '@apexproof/core';
import { describe, expect, it } from 'vitest';
import { at, type ContractContext, challenge, commit, domain, expectFailure } from './fixtures.js';

interface Gate {
  readonly opened: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const DEADLOCK_BREAKER_MS = 4_000;
export const CASE_TIMEOUT_MS = 20_000;

/** Waits for the gate, or gives up after the breaker; answers whether the gate opened. */
async function waitOrGiveUp(g: Gate): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DEADLOCK_BREAKER_MS);
  });
  const result = await Promise.race([g.opened.then(() => true as const), gaveUp]);
  clearTimeout(timer);
  return result;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two open transactions claim 5 of 10 due rows each: the second claims while the first still
 * holds its leases uncommitted, must not wait for it (SKIP LOCKED), and gets the other five.
 */
export async function expectSkipRatherThanWait(
  ctx: ContractContext,
  claim: (tx: StorageTx) => Promise<readonly { id: string }[]>,
): Promise<void> {
  const firstClaimed = gate();
  const secondDone = gate();
  let secondFinishedWhileFirstOpen = false;
  const [first, second] = await Promise.all([
    commit(ctx.storage(), async (tx) => {
      const mine = await claim(tx);
      firstClaimed.open();
      secondFinishedWhileFirstOpen = await waitOrGiveUp(secondDone);
      return mine;
    }),
    commit(ctx.storage(), async (tx) => {
      await firstClaimed.opened;
      const mine = await claim(tx);
      secondDone.open();
      return mine;
    }),
  ]);
  expect(secondFinishedWhileFirstOpen).toBe(true);
  expect(first).toHaveLength(5);
  expect(second).toHaveLength(5);
  expect(new Set([...first, ...second].map((row) => row.id)).size).toBe(10);
}

export function concurrencyCases(ctx: ContractContext): void {
  describe('overlapping transactions', () => {
    it(
      'lets exactly one of two open transactions insert the active holder of a subject',
      async () => {
        const started = [gate(), gate()];
        const both = Promise.all(started.map((g) => g.opened));
        const results = await Promise.all(
          ['org-a', 'org-b'].map((organizationId, i) =>
            ctx.storage().transaction(async (tx) => {
              started[i]?.open();
              await both;
              await tx.domains.insert(domain({ organizationId }));
              return organizationId;
            }),
          ),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expectFailure(results.find((r) => !r.ok) ?? { ok: true, value: '' }, 'conflict');
        const rows = await ctx.inspect.domains();
        expect(rows).toHaveLength(1);
        expect(results.find((r) => r.ok)).toMatchObject({ value: rows[0]?.organizationId });
      },
      CASE_TIMEOUT_MS,
    );

    it(
      'lets exactly one of two open transactions win a compare-and-set on one version',
      async () => {
        const c = challenge();
        await commit(ctx.storage(), (tx) => tx.challenges.insert(c));
        const read = [gate(), gate()];
        const both = Promise.all(read.map((g) => g.opened));
        const answers = await Promise.all(
          (['verifying', 'cancelled'] as const).map((status, i) =>
            commit(ctx.storage(), async (tx) => {
              const current = await tx.challenges.get(c.id);
              read[i]?.open();
              await both;
              return tx.challenges.update({ ...c, status, version: 2 }, current?.version ?? -1);
            }),
          ),
        );
        expect([...answers].sort()).toEqual([false, true]);
        const winner = answers[0] ? 'verifying' : 'cancelled';
        expect((await ctx.inspect.challenges())[0]?.status).toBe(winner);
      },
      CASE_TIMEOUT_MS,
    );

    it(
      'never leases one row to two open transactions, and skips rather than waits',
      async () => {
        const rows = Array.from({ length: 10 }, (_, n) =>
          domain({ subject: `due-${n}.example`, nextCheckAt: at(n) }),
        );
        await commit(ctx.storage(), async (tx) => {
          for (const row of rows) await tx.domains.insert(row);
        });
        await expectSkipRatherThanWait(ctx, (tx) =>
          tx.domains.claimDue({ now: at(100), limit: 5, leaseUntil: at(200) }),
        );
      },
      CASE_TIMEOUT_MS,
    );

    it(
      'never leases one row twice when several workers claim at once',
      async () => {
        const rows = Array.from({ length: 12 }, (_, n) =>
          domain({ subject: `w-${n}.example`, nextCheckAt: at(n % 3) }),
        );
        await commit(ctx.storage(), async (tx) => {
          for (const row of rows) await tx.domains.insert(row);
        });
        const claims = await Promise.all(
          Array.from({ length: 4 }, () =>
            commit(ctx.storage(), (tx) =>
              tx.domains.claimDue({ now: at(10), limit: 4, leaseUntil: at(20) }),
            ),
          ),
        );
        const ids = claims.flat().map((row) => row.id);
        expect(new Set(ids).size).toBe(ids.length);
        // Whatever a worker missed is still there for the next run.
        const rest = await commit(ctx.storage(), (tx) =>
          tx.domains.claimDue({ now: at(30), limit: 100, leaseUntil: at(40) }),
        );
        expect(rest).toHaveLength(12);
      },
      CASE_TIMEOUT_MS,
    );

    it(
      'serializes two transactions that lock one subject: the second sees the first’s commit',
      async () => {
        const events: string[] = [];
        const firstLocked = gate();
        const secondLocking = gate();
        const holder = domain({ organizationId: 'org-a' });
        const [, seen] = await Promise.all([
          commit(ctx.storage(), async (tx) => {
            await tx.domains.lockSubject('example.com');
            firstLocked.open();
            await secondLocking.opened;
            await pause(50); // let the second lock request reach the backend
            await tx.domains.insert(holder);
            events.push('first done');
          }),
          commit(ctx.storage(), async (tx) => {
            await firstLocked.opened;
            secondLocking.open();
            await tx.domains.lockSubject('example.com');
            events.push('second locked');
            return tx.domains.activeHolder('example.com');
          }),
        ]);
        expect(events).toEqual(['first done', 'second locked']);
        expect(seen).toStrictEqual(holder);
      },
      CASE_TIMEOUT_MS,
    );

    it(
      'does not serialize transactions that lock different subjects',
      async () => {
        const firstLocked = gate();
        const secondDone = gate();
        const [overlapped] = await Promise.all([
          commit(ctx.storage(), async (tx) => {
            await tx.domains.lockSubject('example.com');
            firstLocked.open();
            return waitOrGiveUp(secondDone);
          }),
          commit(ctx.storage(), async (tx) => {
            await firstLocked.opened;
            await tx.domains.lockSubject('example.org');
            secondDone.open();
          }),
        ]);
        expect(overlapped).toBe(true);
      },
      CASE_TIMEOUT_MS,
    );
  });
}

/** For storages declared serial: transactions never overlap (else declare `parallel: true`). */
export function serialCases(ctx: ContractContext): void {
  it('runs one transaction at a time: a second starts only after the first has ended', async () => {
    const events: string[] = [];
    const firstOpen = gate();
    const c = challenge();
    await Promise.all([
      commit(ctx.storage(), async (tx) => {
        events.push('first begins');
        firstOpen.open();
        // Give an overlapping second transaction every chance to begin meanwhile.
        await pause(20);
        await tx.challenges.insert(c);
        await pause(20);
        events.push('first ends');
      }),
      firstOpen.opened.then(() =>
        commit(ctx.storage(), async (tx) => {
          events.push('second begins');
          // Serial means it sees the first one's commit, too.
          expect(await tx.challenges.get(c.id)).toStrictEqual(c);
          events.push('second ends');
        }),
      ),
    ]);
    expect(events).toEqual(['first begins', 'first ends', 'second begins', 'second ends']);
  });
}
