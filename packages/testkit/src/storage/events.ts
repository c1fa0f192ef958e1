// Storage contract: the event outbox (issue #14 §4) — append assigns increasing sequences,
// rows round-trip, and `claim` leases only the head (lowest-sequence pending event) of each
// subject, so delivery keeps one subject's order whatever the number of workers.
import type { EventOutboxRecord } from '@apexproof/core';
import { describe, expect, it } from 'vitest';
import { at, type ContractContext, commit, expectFailure, outboxEvent } from './fixtures.js';

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);
const lease = (now: number, until: number, limit = 10) => ({
  now: at(now),
  limit,
  leaseUntil: at(until),
});

export function eventOutboxCases(ctx: ContractContext): void {
  describe('event outbox', () => {
    const seed = (rows: ReturnType<typeof outboxEvent>[]) =>
      commit(ctx.storage(), async (tx) => {
        for (const row of rows) await tx.events.append(row);
      });

    it('append assigns strictly increasing sequences and stores the event as given', async () => {
      const a = outboxEvent({ subject: 'a.example' });
      const b = outboxEvent({ subject: 'b.example' });
      await seed([a]);
      await seed([b]);
      const stored = await ctx.inspect.events();
      expect(ids(stored)).toEqual([a.id, b.id]);
      const [sa, sb] = stored as [EventOutboxRecord, EventOutboxRecord];
      expect(sb.sequence).toBeGreaterThan(sa.sequence);
      expect(sa).toStrictEqual({ ...a, sequence: sa.sequence });
      const got = await commit(ctx.storage(), (tx) => tx.events.get(a.id));
      expect(got).toStrictEqual({ ...a, sequence: sa.sequence });
      expect(await commit(ctx.storage(), (tx) => tx.events.get('missing'))).toBeNull();
    });

    it('a duplicate id is a conflict and rolls the whole transaction back', async () => {
      const a = outboxEvent();
      await seed([a]);
      const result = await ctx.storage().transaction(async (tx) => {
        await tx.events.append(outboxEvent({ subject: 'other.example' }));
        await tx.events.append({ ...a });
      });
      expectFailure(result, 'conflict');
      expect(ids(await ctx.inspect.events())).toEqual([a.id]);
    });

    it('claim leases only the head of each subject, due and free, oldest due first', async () => {
      const x1 = outboxEvent({ subject: 'x.example' });
      const x2 = outboxEvent({ subject: 'x.example' });
      const y1 = outboxEvent({ subject: 'y.example', nextAttemptAt: at(-5) });
      const z1 = outboxEvent({ subject: 'z.example', nextAttemptAt: at(30) });
      const z2 = outboxEvent({ subject: 'z.example' });
      await seed([x1, x2, y1, z1, z2]);
      const claimed = await commit(ctx.storage(), (tx) => tx.events.claim(lease(1, 6)));
      // z1 heads z.example but is not due, so z2 waits behind it.
      expect(ids(claimed)).toEqual([y1.id, x1.id]);
      expect(claimed[1]).toMatchObject({ leaseUntil: at(6), version: 1 });
      // While x1 is leased nothing of x.example is claimable.
      expect(await commit(ctx.storage(), (tx) => tx.events.claim(lease(2, 7)))).toEqual([]);
    });

    it('a delivered or parked head unblocks the next event of its subject', async () => {
      const x1 = outboxEvent({ subject: 'x.example' });
      const x2 = outboxEvent({ subject: 'x.example' });
      const x3 = outboxEvent({ subject: 'x.example' });
      await seed([x1, x2, x3]);
      const [head] = await commit(ctx.storage(), (tx) => tx.events.claim(lease(1, 6)));
      if (!head) throw new Error('no head');
      const delivered = { ...head, status: 'delivered' as const, leaseUntil: null, version: 2 };
      expect(await commit(ctx.storage(), (tx) => tx.events.update(delivered, 1))).toBe(true);
      expect(await commit(ctx.storage(), (tx) => tx.events.update(delivered, 1))).toBe(false);
      const [second] = await commit(ctx.storage(), (tx) => tx.events.claim(lease(2, 7)));
      expect(second?.id).toBe(x2.id);
      const parked = { ...(second as EventOutboxRecord), status: 'parked' as const, version: 2 };
      await commit(ctx.storage(), (tx) => tx.events.update(parked, 1));
      const third = await commit(ctx.storage(), (tx) => tx.events.claim(lease(3, 8)));
      expect(ids(third)).toEqual([x3.id]);
      const listed = await commit(ctx.storage(), (tx) => tx.events.listBySubject('x.example'));
      expect(listed.map((e) => e.status)).toEqual(['delivered', 'parked', 'pending']);
      // The update never changed the sequence the storage assigned.
      expect(listed[0]?.sequence).toBe(head.sequence);
    });

    it('claim honours limit and the expiry of a lease', async () => {
      const rows = [1, 2, 3].map((n) => outboxEvent({ subject: `s${n}.example` }));
      await seed(rows);
      expect(await commit(ctx.storage(), (tx) => tx.events.claim(lease(1, 5, 2)))).toHaveLength(2);
      expect(await commit(ctx.storage(), (tx) => tx.events.claim(lease(1, 5, 0)))).toEqual([]);
      const after = await commit(ctx.storage(), (tx) => tx.events.claim(lease(5, 9)));
      expect(after).toHaveLength(3);
    });
  });
}
