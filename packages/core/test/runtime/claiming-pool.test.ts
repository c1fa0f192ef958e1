// claimingPool: the sweeps' lease-as-you-go loop. Against random supplies of due rows, claim
// failures and task timings, it must check every claimed row exactly once, never run more than
// `concurrency` tasks or claim more than `limit` rows, claim no more than a chunk at a time, and
// keep the rows it holds unchecked (leased, waiting) within two chunks.
import fc from 'fast-check';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { apexError } from '../../src/errors.js';
import { claimingPool } from '../../src/runtime/pool.js';

type Row = { readonly id: string; readonly n: number };
const row = (n: number): Row => ({ id: `r${n}`, n });
const rowsOf = (ns: readonly number[]) => ns.map(row);

const tick = (turns: number) =>
  turns === 0
    ? new Promise<void>((r) => setTimeout(r, 0))
    : Array.from({ length: turns }).reduce<Promise<void>>((p) => p.then(), Promise.resolve());

describe('claimingPool', () => {
  it('checks each claimed row once, within limit, concurrency and two chunks of leases', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          limit: fc.integer({ min: 0, max: 60 }),
          concurrency: fc.integer({ min: 1, max: 12 }),
          supply: fc.integer({ min: 0, max: 80 }),
          // The claim (counted from 0) that fails, if any.
          failAt: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
          delays: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 20 }),
        }),
        async ({ limit, concurrency, supply, failAt, delays }) => {
          let next = 0;
          let claims = 0;
          let inFlight = 0;
          let maxInFlight = 0;
          let held = 0; // claimed, not yet finished
          let maxHeld = 0;
          const asked: number[] = [];
          const checked: number[] = [];
          const claim = (count: number) => {
            asked.push(count);
            if (claims++ === failAt)
              return errAsync(apexError('STORAGE_UNAVAILABLE', { detail: 'down' }));
            const rows = Array.from({ length: Math.min(count, supply - next) }, () => next++);
            held += rows.length;
            maxHeld = Math.max(maxHeld, held);
            return okAsync(rowsOf(rows));
          };
          const result = await claimingPool({ limit, concurrency }, claim, async ({ n }) => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await tick(delays[n % delays.length] ?? 0);
            inFlight--;
            held--;
            checked.push(n);
            return n;
          });
          const chunk = Math.max(1, Math.min(concurrency, limit));
          // Every claimed row is checked exactly once, failure or not.
          expect([...checked].sort((a, b) => a - b)).toEqual(
            Array.from({ length: next }, (_, i) => i),
          );
          expect(next).toBeLessThanOrEqual(limit);
          expect(maxInFlight).toBeLessThanOrEqual(concurrency);
          expect(asked.every((n) => n >= 1 && n <= chunk)).toBe(true);
          expect(maxHeld).toBeLessThanOrEqual(2 * chunk + concurrency);
          const failed = failAt !== undefined && failAt < asked.length;
          if (failed) {
            expect(result._unsafeUnwrapErr().code).toBe('STORAGE_UNAVAILABLE');
            // Nothing is claimed after a failed claim.
            expect(asked.length).toBe(failAt + 1);
          } else {
            expect(result._unsafeUnwrap()).toHaveLength(next);
            // It stops only when `limit` rows are claimed or a claim came back short.
            expect(next === limit || next === supply).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('starts no more workers than rows, whatever the concurrency', async () => {
    let supply = 3;
    const asked: number[] = [];
    const huge = Number.MAX_SAFE_INTEGER;
    const result = await claimingPool(
      { limit: huge, concurrency: huge },
      (count) => {
        asked.push(count);
        const rows = Array.from({ length: Math.min(count, supply) }, (_, i) => i);
        supply -= rows.length;
        return okAsync(rowsOf(rows));
      },
      async ({ n }) => n,
    );
    expect(result._unsafeUnwrap()).toHaveLength(3);
    expect(asked).toEqual([huge]);
  });

  it('checks every row of chunks of thousands once (the waiting queue compacts as it goes)', async () => {
    let next = 0;
    const result = await claimingPool(
      { limit: 9_000, concurrency: 3_000 },
      (count) =>
        okAsync(rowsOf(Array.from({ length: Math.min(count, 8_500 - next) }, () => next++))),
      async ({ n }) => {
        await Promise.resolve();
        return n;
      },
    );
    const rows = result._unsafeUnwrap();
    expect(rows).toHaveLength(8_500);
    expect(new Set(rows).size).toBe(8_500);
  });

  it('answers STORAGE_UNAVAILABLE when a claim rejects or throws mid-call, after the rows it has', async () => {
    for (const fail of ['reject', 'throw'] as const) {
      let claims = 0;
      const checked: number[] = [];
      const result = await claimingPool(
        { limit: 10, concurrency: 2 },
        (count): ResultAsync<readonly Row[], never> => {
          if (claims++ === 0) return okAsync(rowsOf([0, 1].slice(0, count)));
          if (fail === 'throw') throw new Error('driver exploded');
          return new ResultAsync(Promise.reject(new Error('connection lost')));
        },
        async ({ n }) => {
          await tick(1);
          checked.push(n);
          return n;
        },
      );
      expect(result._unsafeUnwrapErr().code).toBe('STORAGE_UNAVAILABLE');
      expect(checked.sort()).toEqual([0, 1]);
    }
  });

  it('checks a row once per call however the storage answers (too many, repeated rows)', async () => {
    const checked: string[] = [];
    let claims = 0;
    const result = await claimingPool(
      { limit: 6, concurrency: 2 },
      () => {
        claims++;
        // Too many rows, one of them twice, and rows an earlier claim already answered.
        return okAsync(rowsOf(claims === 1 ? [0, 0, 1, 2, 3] : [0, 1, claims * 10, claims * 10]));
      },
      async ({ id }) => {
        checked.push(id);
        return id;
      },
    );
    expect(result.isOk()).toBe(true);
    expect(new Set(checked).size).toBe(checked.length);
    expect(claims).toBeLessThanOrEqual(3);
  });

  it('answers a failed first claim at once, without running a task', async () => {
    let ran = 0;
    const result = await claimingPool(
      { limit: 10, concurrency: 2 },
      () => errAsync(apexError('STORAGE_UNAVAILABLE', { detail: 'down' })),
      async () => ran++,
    );
    expect(result._unsafeUnwrapErr().code).toBe('STORAGE_UNAVAILABLE');
    expect(ran).toBe(0);
  });
});
