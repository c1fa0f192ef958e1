// Storage contract: the verify-check log that verifyChallenge's rate limits count
// (CheckLogRepository): one organization's entries in a time range, oldest first; pruning; ids
// unique; rolled back with its transaction; and, on a storage with parallel transactions,
// lockOrganization serializing two counters of the same organization.
import type { CheckLogRecord } from '@apexproof/core';
import { describe, expect, it } from 'vitest';
import { at, type ContractContext, commit, expectFailure, uid } from './fixtures.js';

const entry = (overrides: Partial<CheckLogRecord> = {}): CheckLogRecord => ({
  id: uid('chk'),
  organizationId: 'org-a',
  challengeId: 'ch-1',
  at: at(0),
  ...overrides,
});

export function checkLogCases(ctx: ContractContext): void {
  describe('verify-check log', () => {
    it('lists one organization’s entries at or after `since`, oldest first, as stored', async () => {
      const early = entry({ at: at(1) });
      const edge = entry({ at: at(5), challengeId: 'ch-2' });
      const late = entry({ at: at(9) });
      const tie = entry({ at: at(9) });
      const other = entry({ organizationId: 'org-b', at: at(6) });
      await commit(ctx.storage(), async (tx) => {
        for (const e of [late, early, other, edge, tie]) await tx.checkLog.append(e);
      });
      const listed = await commit(ctx.storage(), (tx) => tx.checkLog.listSince('org-a', at(5)));
      expect(listed).toStrictEqual([edge, late, tie]);
    });

    it('deletes an organization’s entries before `before` and answers how many', async () => {
      const old = entry({ at: at(1) });
      const kept = entry({ at: at(5) });
      const otherOrg = entry({ organizationId: 'org-b', at: at(1) });
      await commit(ctx.storage(), async (tx) => {
        for (const e of [old, kept, otherOrg]) await tx.checkLog.append(e);
      });
      expect(await commit(ctx.storage(), (tx) => tx.checkLog.deleteBefore('org-a', at(5)))).toBe(1);
      expect(await commit(ctx.storage(), (tx) => tx.checkLog.listSince('org-a', at(0)))).toEqual([
        kept,
      ]);
      expect(await commit(ctx.storage(), (tx) => tx.checkLog.listSince('org-b', at(0)))).toEqual([
        otherOrg,
      ]);
    });

    it('refuses a duplicate id as a conflict, and a rolled-back append leaves nothing', async () => {
      const e = entry();
      await commit(ctx.storage(), (tx) => tx.checkLog.append(e));
      expectFailure(
        await ctx.storage().transaction((tx) => tx.checkLog.append({ ...e, at: at(3) })),
        'conflict',
      );
      const rejected = ctx.storage().transaction(async (tx) => {
        await tx.checkLog.append(entry({ at: at(4) }));
        throw new Error('host bug');
      });
      await expect(rejected).rejects.toThrow('host bug');
      expect(await commit(ctx.storage(), (tx) => tx.checkLog.listSince('org-a', at(0)))).toEqual([
        e,
      ]);
    });

    if (ctx.parallel)
      it('lockOrganization: a second counter of the organization waits for the first', async () => {
        const order: string[] = [];
        let release: () => void = () => {};
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let locked: () => void = () => {};
        const firstHasLock = new Promise<void>((resolve) => {
          locked = resolve;
        });
        const first = ctx.storage().transaction(async (tx) => {
          await tx.checkLog.lockOrganization('org-a');
          locked();
          await held;
          order.push('first');
        });
        await firstHasLock;
        const second = ctx.storage().transaction(async (tx) => {
          await tx.checkLog.lockOrganization('org-a');
          order.push('second');
        });
        // Another organization is not held up by it.
        await commit(ctx.storage(), (tx) => tx.checkLog.lockOrganization('org-b'));
        await new Promise((r) => setTimeout(r, 200));
        release();
        await Promise.all([first, second]);
        expect(order).toEqual(['first', 'second']);
      });
  });
}
