// claimDueRows over the due indexes: whatever writes came before (rows due, leased, moved in
// time, deleted, rolled back), a claim hands out exactly the rows `ORDER BY next_check, seq
// LIMIT n` would over all rows; and with a large backlog due in one minute it reads about the
// rows it hands out, not the backlog or the rows a sweep has in flight.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Table } from '../src/table.js';
import { byTime, claimDueRows, dueIndexes } from '../src/table-writes.js';

type Row = { id: string; version: number; nextCheckAt: Date | null; leaseUntil: Date | null };
const T = Date.UTC(2026, 0, 1);
const at = (s: number | null) => (s === null ? null : new Date(T + s * 1_000));

const table = () => new Table<Row>(dueIndexes<Row>((r) => r.nextCheckAt));
const isDue = (now: Date) => (r: Row) =>
  r.nextCheckAt !== null && r.nextCheckAt.getTime() <= now.getTime();

/** The reference: every row, filtered and sorted, as SQL would read them. */
function reference(t: Table<Row>, now: Date, limit: number): string[] {
  return [...t.all()]
    .filter((r) => isDue(now)(r) && (r.leaseUntil === null || r.leaseUntil <= now))
    .sort(byTime(t, (r) => r.nextCheckAt ?? now))
    .slice(0, Math.max(0, limit))
    .map((r) => r.id);
}

const op = fc.oneof(
  fc.record({
    kind: fc.constant('put' as const),
    id: fc.integer({ min: 0, max: 15 }),
    // Seconds around T: several rows per minute, some in later minutes, some never due; half
    // unleased, so rows also move in time within their minute.
    next: fc.option(fc.integer({ min: -200, max: 200 }), { nil: null, freq: 8 }),
    lease: fc.option(fc.integer({ min: -200, max: 200 }), { nil: null, freq: 1 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 15 }) }),
  fc.record({
    kind: fc.constant('claim' as const),
    now: fc.integer({ min: -100, max: 250 }),
    limit: fc.integer({ min: 0, max: 12 }),
    keep: fc.boolean(), // keep the claim's leases, or roll them back
  }),
);

describe('claimDueRows', () => {
  it('answers what ORDER BY next check, insertion LIMIT n answers, after any writes', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 120, size: 'max' }), (ops) => {
        const t = table();
        for (const o of ops) {
          if (o.kind === 'put')
            t.put(`r${o.id}`, {
              id: `r${o.id}`,
              version: 1,
              nextCheckAt: at(o.next),
              leaseUntil: at(o.lease),
            });
          else if (o.kind === 'delete') t.put(`r${o.id}`, undefined);
          else {
            const now = at(o.now) as Date;
            const expected = reference(t, now, o.limit);
            t.log = [];
            const rows = claimDueRows(
              t,
              isDue(now),
              byTime(t, (r) => r.nextCheckAt ?? now),
              {
                now,
                limit: o.limit,
                leaseUntil: at(o.now + 60) as Date,
              },
            );
            const log = t.log;
            t.log = null;
            expect(rows.map((r) => r.id)).toEqual(expected);
            if (!o.keep)
              for (let i = log.length - 1; i >= 0; i--) {
                const e = log[i] as (typeof log)[number];
                t.restore(e.id, e.before, e.seq);
              }
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

it('reads about the rows it hands out from a backlog due in one minute, past rows in flight', () => {
  const t = table();
  for (let i = 0; i < 10_000; i++)
    t.put(`r${i}`, { id: `r${i}`, version: 1, nextCheckAt: at(-30), leaseUntil: null });
  const now = at(0) as Date;
  let read = 0;
  const firstAt = Table.prototype.firstAt;
  vi.spyOn(Table.prototype, 'firstAt').mockImplementation(function (this: Table<never>, ...args) {
    const [name, key, keep, want] = args;
    const counted = (row: Parameters<typeof keep>[0]) => {
      read++;
      return keep(row);
    };
    return firstAt.call(this, name, key, counted, want);
  });
  const claim = () =>
    claimDueRows(
      t,
      isDue(now),
      byTime(t, (r) => r.nextCheckAt ?? now),
      {
        now,
        limit: 200,
        leaseUntil: at(300) as Date,
      },
    ).map((r) => r.id);
  // Three chunks leased and in flight, as a sweep keeps them, then the next claim.
  for (let chunk = 0; chunk < 3; chunk++) claim();
  read = 0;
  const ids = claim();
  expect(ids[0]).toBe('r600');
  expect(ids).toHaveLength(200);
  expect(read).toBe(200);
});
