// Storage contract: atomicity and compare-and-set.
import { StorageConflictError, type StorageTx, StorageUnavailableError } from '@apexproof/core';
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
  outboxEvent,
  outboxMessage,
  pattern,
  snapshot,
} from './fixtures.js';

/** One write in each table, for "all or nothing" checks. */
async function writeEverywhere(tx: StorageTx): Promise<void> {
  await tx.challenges.insert(challenge());
  const d = domain();
  await tx.domains.insert(d);
  await tx.patterns.insert(pattern({ domainId: d.id }));
  await tx.evidence.append(evidence());
  await tx.outbox.append(outboxMessage());
  await tx.audit.append(auditEvent());
  await tx.events.append(outboxEvent());
}

export function ruleCases(ctx: ContractContext): void {
  describe('atomicity', () => {
    it('commits every write and answers the value of fn', async () => {
      const result = await ctx.storage().transaction(async (tx) => {
        await writeEverywhere(tx);
        return { answer: 42 };
      });
      expect(result).toStrictEqual({ ok: true, value: { answer: 42 } });
      const rows = await snapshot(ctx.inspect);
      expect(Object.values(rows).map((table) => table.length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    });

    it('sees its own writes before commit', async () => {
      const d = domain();
      const seen = await commit(ctx.storage(), async (tx) => {
        await tx.domains.insert(d);
        return tx.domains.activeHolder(d.subject);
      });
      expect(seen).toStrictEqual(d);
    });

    it.each([
      ['an Error', new Error('boom')],
      ['a string', 'just a string'],
      ['a plain object', { code: 'NOT_AN_ERROR' }],
      ['undefined', undefined],
    ])('rejects with the same value when fn rejects with %s, storing nothing', async (_, value) => {
      const outcome = await ctx
        .storage()
        .transaction(async (tx) => {
          await writeEverywhere(tx);
          throw value;
        })
        .then(
          (result) => ({ resolved: result }),
          (error: unknown) => ({ rejected: error }),
        );
      expect(outcome).toHaveProperty('rejected');
      expect((outcome as { rejected: unknown }).rejected).toBe(value);
      const rows = await snapshot(ctx.inspect);
      expect(Object.values(rows).every((table) => table.length === 0)).toBe(true);
    });

    it('answers conflict and stores nothing when fn throws a StorageConflictError', async () => {
      const result = await ctx.storage().transaction(async (tx) => {
        await writeEverywhere(tx);
        throw new StorageConflictError('lost a race');
      });
      expectFailure(result, 'conflict');
      const rows = await snapshot(ctx.inspect);
      expect(Object.values(rows).every((table) => table.length === 0)).toBe(true);
    });

    it('answers unavailable and stores nothing when fn throws a StorageUnavailableError', async () => {
      const result = await ctx.storage().transaction(async (tx) => {
        await writeEverywhere(tx);
        throw new StorageUnavailableError('gone');
      });
      expectFailure(result, 'unavailable');
      const rows = await snapshot(ctx.inspect);
      expect(Object.values(rows).every((table) => table.length === 0)).toBe(true);
    });

    it('lets a later transaction work after a rejected or conflicting one', async () => {
      await expect(
        ctx.storage().transaction(async () => {
          throw new Error('first');
        }),
      ).rejects.toThrow('first');
      const d = domain();
      await commit(ctx.storage(), (tx) => tx.domains.insert(d));
      expect(await ctx.inspect.domains()).toStrictEqual([d]);
    });
  });

  describe('compare-and-set', () => {
    it('writes a challenge only at the expected version, storing next.version as given', async () => {
      const c = challenge({ version: 3 });
      await commit(ctx.storage(), (tx) => tx.challenges.insert(c));
      const stale = { ...c, status: 'cancelled' as const, version: 4 };
      const next = { ...c, status: 'verifying' as const, attempts: 1, version: 7 };
      const answers = await commit(ctx.storage(), async (tx) => [
        await tx.challenges.update(stale, 2),
        await tx.challenges.update(next, 3),
        await tx.challenges.update(stale, 3),
        await tx.challenges.update({ ...c, id: 'missing' }, 3),
      ]);
      expect(answers).toEqual([false, true, false, false]);
      expect(await ctx.inspect.challenges()).toStrictEqual([next]);
    });

    it('writes a verified domain only at the expected version; a missing row answers false', async () => {
      const d = domain({ version: 1 });
      await commit(ctx.storage(), (tx) => tx.domains.insert(d));
      const next = { ...d, consecutiveMisses: 1, lastAttemptAt: at(9), version: 2 };
      const answers = await commit(ctx.storage(), async (tx) => [
        await tx.domains.update({ ...d, consecutiveMisses: 5, version: 2 }, 0),
        await tx.domains.update(next, 1),
        await tx.domains.update({ ...d, id: 'missing' }, 1),
      ]);
      expect(answers).toEqual([false, true, false]);
      expect(await ctx.inspect.domains()).toStrictEqual([next]);
    });

    it('writes an outbox message only at the expected version', async () => {
      const m = outboxMessage();
      await commit(ctx.storage(), (tx) => tx.outbox.append(m));
      const sent = { ...m, status: 'sent' as const, sentAt: at(1), attempts: 1, version: 2 };
      const answers = await commit(ctx.storage(), async (tx) => [
        await tx.outbox.update({ ...m, status: 'parked', version: 2 }, 5),
        await tx.outbox.update(sent, 1),
        await tx.outbox.update({ ...m, id: 'missing' }, 1),
      ]);
      expect(answers).toEqual([false, true, false]);
      expect(await ctx.inspect.outbox()).toStrictEqual([sent]);
    });

    it('lets only one of two sequential writers holding the same version win', async () => {
      const c = challenge();
      await commit(ctx.storage(), (tx) => tx.challenges.insert(c));
      const first = await commit(ctx.storage(), (tx) =>
        tx.challenges.update({ ...c, status: 'verifying', version: 2 }, 1),
      );
      const second = await commit(ctx.storage(), (tx) =>
        tx.challenges.update({ ...c, status: 'cancelled', version: 2 }, 1),
      );
      expect([first, second]).toEqual([true, false]);
      expect((await ctx.inspect.challenges())[0]?.status).toBe('verifying');
    });

    it('rolls a successful compare-and-set back with its transaction', async () => {
      const c = challenge();
      await commit(ctx.storage(), (tx) => tx.challenges.insert(c));
      await expect(
        ctx.storage().transaction(async (tx) => {
          expect(await tx.challenges.update({ ...c, status: 'verifying', version: 2 }, 1)).toBe(
            true,
          );
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await ctx.inspect.challenges()).toStrictEqual([c]);
    });
  });
}
