// Storage contract: uniqueness — ids, (organization, subject), one active holder per
// subject, (domain, host, path prefix).
import { isStorageConflict, type Storage, type StorageTx } from '@apexproof/core';
import { describe, expect, it } from 'vitest';
import {
  at,
  auditEvent,
  type ContractContext,
  challenge,
  commit,
  domain,
  evidence,
  expectFailure,
  outboxMessage,
  pattern,
  snapshot,
  uid,
} from './fixtures.js';

/**
 * Runs `write` inside a transaction after `setup` committed, expects the repository method to
 * throw a StorageConflictError, the transaction to answer `conflict`, and nothing to change.
 */
async function expectConflict(
  ctx: ContractContext,
  setup: (tx: StorageTx) => Promise<void>,
  write: (tx: StorageTx) => Promise<unknown>,
): Promise<void> {
  const storage: Storage = ctx.storage();
  await commit(storage, setup);
  const before = await snapshot(ctx.inspect);
  let thrown: unknown;
  const result = await storage.transaction(async (tx) => {
    await tx.audit.append(auditEvent()); // an earlier write that must roll back too
    try {
      await write(tx);
    } catch (error) {
      thrown = error;
      throw error;
    }
    return 'committed';
  });
  expect(isStorageConflict(thrown)).toBe(true);
  expectFailure(result, 'conflict');
  expect(await snapshot(ctx.inspect)).toStrictEqual(before);
}

export function uniquenessCases(ctx: ContractContext): void {
  describe('uniqueness', () => {
    // Each pair of rows differs in everything but the id, so only the id rule can fire.
    it.each([
      [
        'challenges',
        (tx: StorageTx, id: string, n: number) =>
          tx.challenges.insert(
            challenge({ id, organizationId: `org-${n}`, subject: `s${n}.example` }),
          ),
      ],
      [
        'domains',
        (tx: StorageTx, id: string, n: number) =>
          tx.domains.insert(domain({ id, organizationId: `org-${n}`, subject: `s${n}.example` })),
      ],
      [
        'patterns',
        (tx: StorageTx, id: string, n: number) =>
          tx.patterns.insert(pattern({ id, domainId: `dom-${n}`, pathPrefix: `/${n}` })),
      ],
      [
        'evidence',
        (tx: StorageTx, id: string, n: number) =>
          tx.evidence.append(evidence({ id, domainId: `dom-${n}` })),
      ],
      [
        'outbox',
        (tx: StorageTx, id: string, n: number) =>
          tx.outbox.append(outboxMessage({ id, organizationId: `org-${n}` })),
      ],
      [
        'audit',
        (tx: StorageTx, id: string, n: number) =>
          tx.audit.append(auditEvent({ id, organizationId: `org-${n}` })),
      ],
    ])('refuses a duplicate id in %s', async (_, insert) => {
      const id = uid('dup');
      await expectConflict(
        ctx,
        (tx) => insert(tx, id, 1),
        (tx) => insert(tx, id, 2),
      );
    });

    it('refuses a second row of one organization for a subject, even if downgraded', async () => {
      await expectConflict(
        ctx,
        (tx) => tx.domains.insert(domain({ status: 'downgraded', downgradeReason: 'takeover' })),
        (tx) => tx.domains.insert(domain({ status: 'downgraded', downgradeReason: 'takeover' })),
      );
    });

    it('refuses a second active holder for a subject', async () => {
      await expectConflict(
        ctx,
        (tx) => tx.domains.insert(domain({ organizationId: 'org-a' })),
        (tx) => tx.domains.insert(domain({ organizationId: 'org-b' })),
      );
    });

    it('accepts downgraded rows of other organizations next to the active holder', async () => {
      const holder = domain({ organizationId: 'org-a' });
      const old1 = domain({ organizationId: 'org-b', status: 'downgraded' });
      const old2 = domain({ organizationId: 'org-c', status: 'downgraded' });
      await commit(ctx.storage(), async (tx) => {
        await tx.domains.insert(old1);
        await tx.domains.insert(holder);
        await tx.domains.insert(old2);
      });
      expect(await ctx.inspect.domains()).toHaveLength(3);
    });

    it('takes over inside one transaction: downgrade the holder, then insert the new one', async () => {
      const holder = domain({ organizationId: 'org-a' });
      await commit(ctx.storage(), (tx) => tx.domains.insert(holder));
      const downgraded = {
        ...holder,
        status: 'downgraded' as const,
        downgradeReason: 'takeover' as const,
        downgradedAt: at(5),
        version: holder.version + 1,
      };
      const taker = domain({ organizationId: 'org-b', verifiedAt: at(5) });
      await commit(ctx.storage(), async (tx) => {
        expect(await tx.domains.update(downgraded, holder.version)).toBe(true);
        await tx.domains.insert(taker);
      });
      const read = await commit(ctx.storage(), (tx) => tx.domains.activeHolder('example.com'));
      expect(read).toStrictEqual(taker);
    });

    it('refuses an update that makes a second active holder', async () => {
      const holder = domain({ organizationId: 'org-a' });
      const other = domain({ organizationId: 'org-b', status: 'downgraded' });
      await expectConflict(
        ctx,
        async (tx) => {
          await tx.domains.insert(holder);
          await tx.domains.insert(other);
        },
        (tx) =>
          tx.domains.update(
            { ...other, status: 'active', downgradeReason: null, version: 2 },
            other.version,
          ),
      );
    });

    it('refuses an update onto another row’s (organization, subject)', async () => {
      const a = domain({ subject: 'a.example' });
      const b = domain({ subject: 'b.example' });
      await expectConflict(
        ctx,
        async (tx) => {
          await tx.domains.insert(a);
          await tx.domains.insert(b);
        },
        (tx) => tx.domains.update({ ...b, subject: 'a.example', version: 2 }, b.version),
      );
    });

    it('refuses a duplicate redirect pattern (domainId, host, pathPrefix)', async () => {
      const first = pattern({ domainId: 'dom-1', host: 'app.example.com', pathPrefix: '/cb' });
      await expectConflict(
        ctx,
        (tx) => tx.patterns.insert(first),
        (tx) =>
          tx.patterns.insert(
            pattern({ domainId: 'dom-1', host: 'app.example.com', pathPrefix: '/cb' }),
          ),
      );
      // Any other combination is a different pattern.
      await commit(ctx.storage(), async (tx) => {
        await tx.patterns.insert(
          pattern({ domainId: 'dom-2', host: 'app.example.com', pathPrefix: '/cb' }),
        );
        await tx.patterns.insert(
          pattern({ domainId: 'dom-1', host: 'www.example.com', pathPrefix: '/cb' }),
        );
        await tx.patterns.insert(
          pattern({ domainId: 'dom-1', host: 'app.example.com', pathPrefix: '/cb/' }),
        );
      });
      expect(await ctx.inspect.patterns()).toHaveLength(4);
    });

    it('answers exactly one ok and one conflict for two transactions racing to hold a subject', async () => {
      const results = await Promise.all(
        ['org-a', 'org-b'].map((organizationId) =>
          ctx.storage().transaction(async (tx) => {
            await tx.domains.insert(domain({ organizationId }));
            return organizationId;
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expectFailure(results.find((r) => !r.ok) ?? { ok: true, value: '' }, 'conflict');
      expect(await ctx.inspect.domains()).toHaveLength(1);
    });
  });
}
