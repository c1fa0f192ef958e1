// Storage contract: `challenges.listOpenByOrganization`, what releaseOrganization cancels.
import { describe, expect, it } from 'vitest';
import { at, type ContractContext, challenge, commit } from './fixtures.js';

export function releaseCases(ctx: ContractContext): void {
  describe('challenges.listOpenByOrganization', () => {
    it('lists the organization open challenges, expired ones too, oldest first', async () => {
      const late = challenge({ organizationId: 'org-r', status: 'failed', createdAt: at(5) });
      const early = challenge({ organizationId: 'org-r', status: 'verifying', createdAt: at(1) });
      const stale = challenge({ organizationId: 'org-r', createdAt: at(2), expiresAt: at(3) });
      const closed = ['validated', 'expired', 'cancelled', 'superseded'] as const;
      await commit(ctx.storage(), async (tx) => {
        for (const c of [late, early, stale]) await tx.challenges.insert(c);
        for (const status of closed)
          await tx.challenges.insert(challenge({ organizationId: 'org-r', status }));
        await tx.challenges.insert(challenge({ organizationId: 'org-other' }));
      });
      const open = await commit(ctx.storage(), (tx) =>
        tx.challenges.listOpenByOrganization('org-r'),
      );
      expect(open.map((c) => c.id)).toEqual([early.id, stale.id, late.id]);
      expect(open[0]).toStrictEqual(early);
      expect(
        await commit(ctx.storage(), (tx) => tx.challenges.listOpenByOrganization('nobody')),
      ).toEqual([]);
    });
  });
}
