// firstRows is what every memory claim orders and limits by (`ORDER BY … LIMIT n`): a bounded
// heap must pick exactly the rows, in exactly the order, that filtering and sorting all of them
// would, for any candidates, filter, limit and ties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstRows } from '../src/first-rows.js';

type Row = { time: number; seq: number; due: boolean };
// Total, as every claim's order is: time first, then insertion order.
const order = (a: Row, b: Row) => a.time - b.time || a.seq - b.seq;

describe('firstRows', () => {
  it('equals filter, sort and slice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 5 }), due: fc.boolean() }), {
          maxLength: 300,
        }),
        fc.integer({ min: -2, max: 320 }),
        (raw, limit) => {
          const rows: Row[] = raw.map((r, seq) => ({ ...r, seq }));
          // Candidates arrive in any order (an index's Set keeps the order rows entered it).
          const shuffled = [...rows].reverse();
          const expected = rows
            .filter((r) => r.due)
            .sort(order)
            .slice(0, Math.max(0, limit));
          expect(firstRows(shuffled, (r) => r.due, order, limit)).toEqual(expected);
          expect(firstRows(rows, (r) => r.due, order, limit)).toEqual(expected);
        },
      ),
    );
  });

  it('reads each candidate once and keeps at most `limit` of them', () => {
    let reads = 0;
    function* candidates() {
      for (let seq = 0; seq < 10_000; seq++) {
        reads++;
        yield { time: (seq * 7919) % 100, seq, due: true };
      }
    }
    const rows = firstRows(candidates(), (r) => r.due, order, 5);
    expect(reads).toBe(10_000);
    expect(rows.map((r) => r.time)).toEqual([0, 0, 0, 0, 0]);
    expect(rows.map((r) => r.seq)).toEqual([0, 100, 200, 300, 400]);
  });

  it('takes a limit as SQL does: zero, negative and NaN keep nothing, a fraction is floored', () => {
    const rows = [3, 1, 2].map((time, seq) => ({ time, seq, due: true }));
    for (const limit of [0, -1, Number.NaN])
      expect(firstRows(rows, () => true, order, limit)).toEqual([]);
    expect(firstRows(rows, () => true, order, 1.9).map((r) => r.time)).toEqual([1]);
  });
});
