// Storage contract: lookups, list filters and orders, deletes, and lockSubject.
import { describe, expect, it } from 'vitest';
import {
  at,
  auditEvent,
  type ContractContext,
  challenge,
  commit,
  domain,
  evidence,
  pattern,
} from './fixtures.js';

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

export function queryCases(ctx: ContractContext): void {
  describe('lookups and lists', () => {
    it('lists an organization’s challenges for a subject, any status, newest first', async () => {
      const old = challenge({ createdAt: at(1), status: 'superseded' });
      const newest = challenge({ createdAt: at(30), status: 'pending', method: 'email-otp' });
      const middle = challenge({ createdAt: at(10), status: 'validated' });
      const otherOrg = challenge({ organizationId: 'org-b', createdAt: at(20) });
      const otherSubject = challenge({ subject: 'example.org', createdAt: at(25) });
      await commit(ctx.storage(), async (tx) => {
        for (const c of [old, newest, middle, otherOrg, otherSubject])
          await tx.challenges.insert(c);
      });
      const listed = await commit(ctx.storage(), (tx) =>
        tx.challenges.listForSubject('org-a', 'example.com'),
      );
      expect(ids(listed)).toEqual([newest.id, middle.id, old.id]);
      expect(listed[0]).toStrictEqual(newest);
    });

    it('finds an organization’s row for a subject, active or downgraded', async () => {
      const mine = domain({
        status: 'downgraded',
        downgradeReason: 'takeover',
        downgradedAt: at(3),
      });
      const holder = domain({ organizationId: 'org-b' });
      await commit(ctx.storage(), async (tx) => {
        await tx.domains.insert(mine);
        await tx.domains.insert(holder);
      });
      const read = await commit(ctx.storage(), async (tx) => ({
        mine: await tx.domains.find('org-a', 'example.com'),
        theirs: await tx.domains.find('org-b', 'example.com'),
        nobody: await tx.domains.find('org-c', 'example.com'),
        otherSubject: await tx.domains.find('org-a', 'example.org'),
      }));
      expect(read).toStrictEqual({ mine, theirs: holder, nobody: null, otherSubject: null });
    });

    it('answers the active holder of a subject and never a downgraded row', async () => {
      const downgraded = domain({ status: 'downgraded', downgradeReason: 'takeover' });
      const holder = domain({ organizationId: 'org-b' });
      const lonelyDowngraded = domain({
        subject: 'example.org',
        status: 'downgraded',
        downgradeReason: 'reverification',
      });
      await commit(ctx.storage(), async (tx) => {
        for (const d of [downgraded, holder, lonelyDowngraded]) await tx.domains.insert(d);
      });
      const read = await commit(ctx.storage(), async (tx) => ({
        holder: await tx.domains.activeHolder('example.com'),
        none: await tx.domains.activeHolder('example.org'),
      }));
      expect(read).toStrictEqual({ holder, none: null });
    });

    it('lists an organization’s domains, oldest verifiedAt first', async () => {
      const late = domain({ subject: 'c.example', verifiedAt: at(300) });
      const early = domain({ subject: 'a.example', verifiedAt: at(-300) });
      const middle = domain({ subject: 'b.example', verifiedAt: at(0), status: 'downgraded' });
      const foreign = domain({ organizationId: 'org-b', subject: 'd.example', verifiedAt: at(1) });
      await commit(ctx.storage(), async (tx) => {
        for (const d of [late, early, middle, foreign]) await tx.domains.insert(d);
      });
      const listed = await commit(ctx.storage(), (tx) => tx.domains.listByOrganization('org-a'));
      expect(ids(listed)).toEqual([early.id, middle.id, late.id]);
      expect(listed[1]).toStrictEqual(middle);
    });

    it('finds redirect patterns and lists them oldest first, by domain and by organization', async () => {
      const p3 = pattern({ domainId: 'dom-1', pathPrefix: '/c', createdAt: at(3) });
      const p1 = pattern({ domainId: 'dom-1', pathPrefix: '/a', createdAt: at(1) });
      const p2 = pattern({ domainId: 'dom-2', host: 'example.org', createdAt: at(2) });
      const foreign = pattern({ organizationId: 'org-b', domainId: 'dom-9', createdAt: at(0) });
      await commit(ctx.storage(), async (tx) => {
        for (const p of [p3, p1, p2, foreign]) await tx.patterns.insert(p);
      });
      const read = await commit(ctx.storage(), async (tx) => ({
        byDomain: ids(await tx.patterns.listByDomain('dom-1')),
        byOrg: ids(await tx.patterns.listByOrganization('org-a')),
        found: await tx.patterns.find('dom-1', 'app.example.com', '/a'),
        otherHost: await tx.patterns.find('dom-1', 'www.example.com', '/a'),
        otherPrefix: await tx.patterns.find('dom-1', 'app.example.com', '/a/'),
      }));
      expect(read).toStrictEqual({
        byDomain: [p1.id, p3.id],
        byOrg: [p1.id, p2.id, p3.id],
        found: p1,
        otherHost: null,
        otherPrefix: null,
      });
    });

    it('lists evidence by domain and audit by organization, oldest first', async () => {
      const e2 = evidence({ domainId: 'dom-1', at: at(2) });
      const e1 = evidence({ domainId: 'dom-1', at: at(1), kind: 'restore' });
      const eOther = evidence({ domainId: 'dom-2', at: at(0) });
      const a2 = auditEvent({ at: at(2), type: 'domain.removed' });
      const a1 = auditEvent({ at: at(1), type: 'challenge.started' });
      const aOther = auditEvent({ organizationId: 'org-b', at: at(0) });
      await commit(ctx.storage(), async (tx) => {
        for (const e of [e2, e1, eOther]) await tx.evidence.append(e);
        for (const a of [a2, a1, aOther]) await tx.audit.append(a);
      });
      const read = await commit(ctx.storage(), async (tx) => ({
        evidence: await tx.evidence.listByDomain('dom-1'),
        audit: await tx.audit.listByOrganization('org-a'),
      }));
      expect(read).toStrictEqual({ evidence: [e1, e2], audit: [a1, a2] });
    });
  });

  describe('deletes', () => {
    it('deletes a domain, answering whether it existed, without touching its patterns', async () => {
      const d = domain();
      const p = pattern({ domainId: d.id });
      await commit(ctx.storage(), async (tx) => {
        await tx.domains.insert(d);
        await tx.patterns.insert(p);
      });
      const answers = await commit(ctx.storage(), async (tx) => [
        await tx.domains.delete(d.id),
        await tx.domains.delete(d.id),
        await tx.domains.delete('missing'),
      ]);
      expect(answers).toEqual([true, false, false]);
      expect(await ctx.inspect.domains()).toEqual([]);
      expect(await ctx.inspect.patterns()).toStrictEqual([p]);
      // The subject is free again: another organization may hold it now.
      await commit(ctx.storage(), (tx) => tx.domains.insert(domain({ organizationId: 'org-b' })));
    });

    it('deletes a pattern by id and all patterns of a domain, answering counts', async () => {
      const a = pattern({ domainId: 'dom-1', pathPrefix: '/a' });
      const b = pattern({ domainId: 'dom-1', pathPrefix: '/b' });
      const c = pattern({ domainId: 'dom-1', pathPrefix: '/c' });
      const keep = pattern({ domainId: 'dom-2' });
      await commit(ctx.storage(), async (tx) => {
        for (const p of [a, b, c, keep]) await tx.patterns.insert(p);
      });
      const answers = await commit(ctx.storage(), async (tx) => ({
        one: await tx.patterns.delete(a.id),
        again: await tx.patterns.delete(a.id),
        rest: await tx.patterns.deleteByDomain('dom-1'),
        none: await tx.patterns.deleteByDomain('dom-1'),
        unknown: await tx.patterns.deleteByDomain('missing'),
      }));
      expect(answers).toEqual({ one: true, again: false, rest: 2, none: 0, unknown: 0 });
      expect(await ctx.inspect.patterns()).toStrictEqual([keep]);
    });

    it('keeps deletes inside the transaction: a rejected transaction deletes nothing', async () => {
      const d = domain();
      const p = pattern({ domainId: d.id });
      await commit(ctx.storage(), async (tx) => {
        await tx.domains.insert(d);
        await tx.patterns.insert(p);
      });
      const boom = new Error('stop');
      await expect(
        ctx.storage().transaction(async (tx) => {
          await tx.patterns.deleteByDomain(d.id);
          await tx.domains.delete(d.id);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await ctx.inspect.domains()).toStrictEqual([d]);
      expect(await ctx.inspect.patterns()).toStrictEqual([p]);
    });
  });

  describe('lockSubject', () => {
    it('can be called, again for the same subject, and for other subjects, in one transaction', async () => {
      const value = await commit(ctx.storage(), async (tx) => {
        await tx.domains.lockSubject('example.com');
        await tx.domains.lockSubject('example.com');
        await tx.domains.lockSubject('example.org');
        await tx.domains.insert(domain());
        return 'done';
      });
      expect(value).toBe('done');
      // The lock ends with the transaction: a later one takes it again.
      await commit(ctx.storage(), (tx) => tx.domains.lockSubject('example.com'));
      expect(await ctx.inspect.domains()).toHaveLength(1);
    });
  });
}
