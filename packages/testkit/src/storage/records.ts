// Storage contract: rows come back exactly as written (through the port and in the
// backend), reads are copies, unknown ids read as null or [], and lists keep their order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryRecords } from './arbitraries.js';
import {
  at,
  auditEvent,
  type ContractContext,
  challenge,
  commit,
  domain,
  evidence,
  findById,
  insertPattern,
  outboxMessage,
  pattern,
  snapshot,
  uid,
} from './fixtures.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const mutable = <T>(value: T) => value as Mutable<T>;

export function recordCases(ctx: ContractContext): void {
  const { inspect } = ctx;

  describe('round trip', () => {
    it('keeps every challenge field, null and non-null', async () => {
      const full = challenge({
        method: 'email-otp',
        status: 'failed',
        email: 'hostmaster@example.com',
        codeHash: 'a1b2:c3d4',
        codeIssuedAt: at(1.001),
        attempts: 3,
        lastAttemptAt: at(2.999),
        lastFailure: 'TXT "x" found at example.com — wrong place',
        nextCheckAt: at(30.001),
        leaseUntil: at(35.5),
        awaitingAcknowledgementAt: at(29.999),
        version: 4,
      });
      const bare = challenge({ token: null, recordName: null, recordValue: null });
      await commit(ctx.storage(), async (tx) => {
        await tx.challenges.insert(full);
        await tx.challenges.insert(bare);
      });
      for (const row of [full, bare]) {
        const read = await commit(ctx.storage(), (tx) => tx.challenges.get(row.id));
        expect(read).toStrictEqual(row);
        expect(findById(await inspect.challenges(), row.id)).toStrictEqual(row);
      }
    });

    it('keeps every verified-domain field, null and non-null', async () => {
      const full = domain({
        subjectKind: 'hostname',
        subject: 'shop.example.com',
        status: 'downgraded',
        downgradeReason: 'reverification',
        downgradedAt: at(10.5),
        lastCheckedAt: at(9),
        lastAttemptAt: at(10.25),
        consecutiveMisses: 3,
        nextCheckAt: at(1440),
        leaseUntil: at(11),
        version: 9,
      });
      const bare = domain({ method: 'bypass', recordName: null, recordValue: null });
      await commit(ctx.storage(), async (tx) => {
        await tx.domains.insert(full);
        await tx.domains.insert(bare);
      });
      for (const row of [full, bare]) {
        const read = await commit(ctx.storage(), (tx) => tx.domains.get(row.id));
        expect(read).toStrictEqual(row);
        expect(findById(await inspect.domains(), row.id)).toStrictEqual(row);
      }
    });

    it('keeps every redirect-pattern, evidence, outbox and audit field', async () => {
      const p = pattern({ pathPrefix: '/callback/ünïcode/%20' });
      const e1 = evidence();
      const e2 = evidence({
        challengeId: null,
        kind: 'bypass',
        method: 'bypass',
        recordName: null,
        valuesSeen: [],
        resolvers: [],
        authenticated: false,
        actorUserId: null,
        reason: 'support ticket #42',
      });
      const m1 = outboxMessage();
      const m2 = outboxMessage({
        status: 'sent',
        attempts: 2,
        leaseUntil: at(5),
        lastError: '421 try later',
        sentAt: at(6.007),
        version: 3,
      });
      const a1 = auditEvent();
      const a2 = auditEvent({
        actorUserId: null,
        subject: null,
        domainId: null,
        challengeId: null,
        details: {},
      });
      await commit(ctx.storage(), async (tx) => {
        await insertPattern(tx, p);
        await tx.evidence.append(e1);
        await tx.evidence.append(e2);
        await tx.outbox.append(m1);
        await tx.outbox.append(m2);
        await tx.audit.append(a1);
        await tx.audit.append(a2);
      });
      const rows = await snapshot(inspect);
      expect(rows.patterns).toStrictEqual([p]);
      expect(findById(rows.evidence, e1.id)).toStrictEqual(e1);
      expect(findById(rows.evidence, e2.id)).toStrictEqual(e2);
      expect(findById(rows.outbox, m1.id)).toStrictEqual(m1);
      expect(findById(rows.outbox, m2.id)).toStrictEqual(m2);
      expect(findById(rows.audit, a1.id)).toStrictEqual(a1);
      expect(findById(rows.audit, a2.id)).toStrictEqual(a2);
      const read = await commit(ctx.storage(), async (tx) => ({
        pattern: await tx.patterns.get(p.id),
        evidence: await tx.evidence.listByDomain('dom-x'),
        m2: await tx.outbox.get(m2.id),
        audit: await tx.audit.listByOrganization('org-a'),
      }));
      expect(read.pattern).toStrictEqual(p);
      expect(read.m2).toStrictEqual(m2);
      expect(read.evidence).toHaveLength(2);
      expect(read.audit).toHaveLength(2);
      for (const row of [...read.evidence, ...read.audit]) {
        expect(row.at).toBeInstanceOf(Date);
      }
    });

    it('keeps any text, instant, counter and JSON exactly (property)', async () => {
      const records = fc.record({
        c: arbitraryRecords.challenge,
        d: arbitraryRecords.domain,
        p: arbitraryRecords.pattern,
        e: arbitraryRecords.evidence,
        m: arbitraryRecords.outbox,
        a: arbitraryRecords.audit,
      });
      await fc.assert(
        fc.asyncProperty(records, async (r) => {
          // Unique ids and subjects, so runs never collide on a uniqueness rule.
          const tag = uid('p');
          const c = { ...r.c, id: `${tag}${r.c.id}` };
          const d = { ...r.d, id: `${tag}${r.d.id}`, subject: `${tag}${r.d.subject}` };
          const p = { ...r.p, id: `${tag}${r.p.id}`, domainId: `${tag}${r.p.domainId}` };
          const e = { ...r.e, id: `${tag}${r.e.id}`, domainId: tag };
          const m = { ...r.m, id: `${tag}${r.m.id}` };
          const a = { ...r.a, id: `${tag}${r.a.id}`, organizationId: tag };
          await commit(ctx.storage(), async (tx) => {
            await tx.challenges.insert(c);
            await tx.domains.insert(d);
            await insertPattern(tx, p);
            await tx.evidence.append(e);
            await tx.outbox.append(m);
            await tx.audit.append(a);
          });
          const read = await commit(ctx.storage(), async (tx) => ({
            c: await tx.challenges.get(c.id),
            d: await tx.domains.get(d.id),
            p: await tx.patterns.get(p.id),
            e: await tx.evidence.listByDomain(tag),
            m: await tx.outbox.get(m.id),
            a: await tx.audit.listByOrganization(tag),
          }));
          expect(read).toStrictEqual({ c, d, p, e: [e], m, a: [a] });
          expect(findById(await inspect.challenges(), c.id)).toStrictEqual(c);
          expect(findById(await inspect.domains(), d.id)).toStrictEqual(d);
          expect(findById(await inspect.patterns(), p.id)).toStrictEqual(p);
          expect(findById(await inspect.evidence(), e.id)).toStrictEqual(e);
          expect(findById(await inspect.outbox(), m.id)).toStrictEqual(m);
          expect(findById(await inspect.audit(), a.id)).toStrictEqual(a);
        }),
        { numRuns: ctx.propertyRuns },
      );
    });
  });

  describe('copies, not references', () => {
    it('is not changed by mutating a record after writing it', async () => {
      const c = challenge();
      const e = evidence();
      const a = auditEvent();
      const before = structuredClone({ c, e, a });
      await commit(ctx.storage(), async (tx) => {
        await tx.challenges.insert(c);
        await tx.evidence.append(e);
        await tx.audit.append(a);
      });
      mutable(c).status = 'cancelled';
      c.createdAt.setTime(0);
      (e.valuesSeen as string[]).push('injected');
      (a.details.nested as { n: number }).n = 99;
      const rows = await snapshot(inspect);
      expect(rows.challenges).toStrictEqual([before.c]);
      expect(rows.evidence).toStrictEqual([before.e]);
      expect(rows.audit).toStrictEqual([before.a]);
    });

    it('is not changed by mutating what a read returned', async () => {
      const d = domain({ nextCheckAt: at(5) });
      const e = evidence({ domainId: d.id });
      const a = auditEvent();
      await commit(ctx.storage(), async (tx) => {
        await tx.domains.insert(d);
        await tx.evidence.append(e);
        await tx.audit.append(a);
      });
      await commit(ctx.storage(), async (tx) => {
        const read = await tx.domains.get(d.id);
        if (read === null) expect.fail('domain not found');
        mutable(read).status = 'downgraded';
        read.verifiedAt.setTime(0);
        read.nextCheckAt?.setTime(0);
        const [ev] = await tx.evidence.listByDomain(d.id);
        (ev?.valuesSeen as string[] | undefined)?.push('injected');
        const [au] = await tx.audit.listByOrganization('org-a');
        if (au) (au.details as Record<string, unknown>).method = 'changed';
      });
      const read = await commit(ctx.storage(), async (tx) => ({
        d: await tx.domains.get(d.id),
        e: await tx.evidence.listByDomain(d.id),
        a: await tx.audit.listByOrganization('org-a'),
      }));
      expect(read).toStrictEqual({ d, e: [e], a: [a] });
    });
  });

  describe('unknown ids and empty lists', () => {
    it('reads unknown rows as null and empty lists as []', async () => {
      await commit(ctx.storage(), async (tx) => {
        await tx.domains.insert(domain({ organizationId: 'org-other', subject: 'other.com' }));
      });
      const read = await commit(ctx.storage(), async (tx) => ({
        challenge: await tx.challenges.get('missing'),
        domain: await tx.domains.get('missing'),
        found: await tx.domains.find('org-a', 'other.com'),
        holder: await tx.domains.activeHolder('nobody.example'),
        pattern: await tx.patterns.get('missing'),
        patternFound: await tx.patterns.find('missing', 'a.example.com', '/'),
        message: await tx.outbox.get('missing'),
        challenges: await tx.challenges.listForSubject('org-a', 'other.com'),
        domains: await tx.domains.listByOrganization('org-a'),
        patternsByDomain: await tx.patterns.listByDomain('missing'),
        patternsByOrg: await tx.patterns.listByOrganization('org-a'),
        evidence: await tx.evidence.listByDomain('missing'),
        audit: await tx.audit.listByOrganization('org-a'),
        due: await tx.domains.claimDue({ now: at(0), limit: 10, leaseUntil: at(1) }),
        pendingDue: await tx.challenges.claimDue({ now: at(0), limit: 10, leaseUntil: at(1) }),
        claimed: await tx.outbox.claim({ now: at(0), limit: 10, leaseUntil: at(1) }),
      }));
      expect(read).toStrictEqual({
        challenge: null,
        domain: null,
        found: null,
        holder: null,
        pattern: null,
        patternFound: null,
        message: null,
        challenges: [],
        domains: [],
        patternsByDomain: [],
        patternsByOrg: [],
        evidence: [],
        audit: [],
        due: [],
        pendingDue: [],
        claimed: [],
      });
    });
  });
}
