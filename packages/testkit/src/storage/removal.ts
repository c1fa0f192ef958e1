// Storage contract: a redirect pattern never outlives its verified domain (DESIGN §6). Deleting
// a domain takes its patterns with it, inserting a pattern for a domain that is gone is a
// conflict, and a removal racing a pattern insert never leaves an orphan, whichever wins.
import { describe, expect, it } from 'vitest';
import { type ContractContext, commit, domain, expectFailure, pattern } from './fixtures.js';

const CASE_TIMEOUT_MS = 20_000;

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

export function removalCases(ctx: ContractContext): void {
  describe('removal cascades', () => {
    it('refuses a pattern whose domain does not exist, as a conflict', async () => {
      const result = await ctx
        .storage()
        .transaction((tx) => tx.patterns.insert(pattern({ domainId: 'dom-gone' })));
      expectFailure(result, 'conflict');
      expect(await ctx.inspect.patterns()).toEqual([]);
    });

    it('deletes every pattern of a deleted domain, and only those', async () => {
      const d = domain();
      const other = domain({ subject: 'other.example' });
      const mine = [pattern({ domainId: d.id, pathPrefix: '/a' }), pattern({ domainId: d.id })];
      const kept = pattern({ domainId: other.id });
      await commit(ctx.storage(), async (tx) => {
        await tx.domains.insert(d);
        await tx.domains.insert(other);
        for (const p of [...mine, kept]) await tx.patterns.insert(p);
      });
      expect(await commit(ctx.storage(), (tx) => tx.domains.delete(d.id))).toBe(true);
      expect(await ctx.inspect.patterns()).toStrictEqual([kept]);
    });

    it('rolls a cascade back with its transaction', async () => {
      const d = domain();
      const p = pattern({ domainId: d.id });
      await commit(ctx.storage(), async (tx) => {
        await tx.domains.insert(d);
        await tx.patterns.insert(p);
      });
      const result = await ctx
        .storage()
        .transaction(async (tx) => {
          await tx.domains.delete(d.id);
          throw new Error('stop');
        })
        .catch(() => 'rejected');
      expect(result).toBe('rejected');
      expect(await ctx.inspect.patterns()).toStrictEqual([p]);
    });

    if (!ctx.parallel) return;

    it(
      'leaves no orphan when a removal commits between reading the domain and inserting a pattern',
      async () => {
        for (let round = 0; round < 5; round++) {
          const d = domain({ subject: `race-${round}.example` });
          await commit(ctx.storage(), (tx) => tx.domains.insert(d));
          const read = gate();
          const removed = gate();
          const [added, removal] = await Promise.all([
            ctx.storage().transaction(async (tx) => {
              expect(await tx.domains.get(d.id)).not.toBeNull();
              read.open();
              await removed.opened;
              await tx.patterns.insert(pattern({ domainId: d.id }));
              return 'added';
            }),
            (async () => {
              await read.opened;
              const result = await ctx.storage().transaction(async (tx) => {
                await tx.patterns.deleteByDomain(d.id);
                return tx.domains.delete(d.id);
              });
              removed.open();
              return result;
            })(),
          ]);
          expect(removal).toEqual({ ok: true, value: true });
          expectFailure(added, 'conflict');
          const domains = new Set((await ctx.inspect.domains()).map((row) => row.id));
          expect((await ctx.inspect.patterns()).filter((p) => !domains.has(p.domainId))).toEqual(
            [],
          );
        }
      },
      CASE_TIMEOUT_MS,
    );

    it(
      'serializes an insert and a removal that both lock the subject: no orphan either way',
      async () => {
        for (let round = 0; round < 10; round++) {
          const d = domain({ subject: `locked-${round}.example` });
          await commit(ctx.storage(), (tx) => tx.domains.insert(d));
          const results = await Promise.all([
            ctx.storage().transaction(async (tx) => {
              await tx.domains.lockSubject(d.subject);
              if (!(await tx.domains.get(d.id))) return 'domain gone';
              await tx.patterns.insert(pattern({ domainId: d.id }));
              return 'added';
            }),
            ctx.storage().transaction(async (tx) => {
              await tx.domains.lockSubject(d.subject);
              await tx.patterns.deleteByDomain(d.id);
              return tx.domains.delete(d.id);
            }),
          ]);
          expect(results.every((r) => r.ok)).toBe(true);
          expect(await ctx.inspect.patterns()).toEqual([]);
        }
      },
      CASE_TIMEOUT_MS,
    );
  });
}
