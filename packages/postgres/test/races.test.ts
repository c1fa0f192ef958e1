// Races on a real PostgreSQL server (a throw-away cluster on 127.0.0.1), through a pg Pool whose
// connections run transactions truly in parallel: 50 organizations verifying one apex at once,
// and 4 re-verification workers draining 2 000 due domains together.
import { type Actor, createApexproof, type DnsResolver } from '@apexproof/core';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  type MemoryOrganization,
} from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { createPostgresStorage, fromPgPool } from '../src/index.js';
import { inspector } from './support/inspect.js';
import { useRealServer } from './support/real-server.js';
import { domainRow } from './support/records.js';

const { missing, freshPool } = useRealServer('real-server race tests');

const T0 = new Date('2026-05-04T08:00:00.000Z');
const DAY = 86_400_000;

describe.skipIf(missing !== undefined)('postgres races on a real server', () => {
  it('50 organizations verifying one apex at once leave one holder; takeovers notify exactly once', async () => {
    const pool = await freshPool('apexproof_race_holder', 12);
    const read = inspector({ query: (text) => pool.query(text) });
    const organizations: MemoryOrganization[] = Array.from({ length: 50 }, (_, i) => ({
      id: `org_${i}`,
      name: `Org ${i}`,
      // Two owners each, so "one notice per owner per takeover" is more than a row count.
      members: [
        { userId: `owner_${i}`, role: 'owner', email: `first@org${i}.example` },
        { userId: `second_${i}`, role: 'owner', email: `second@org${i}.example` },
      ],
    }));
    const actors: Actor[] = organizations.map((o) => ({
      organizationId: o.id,
      userId: `owner_${o.id.slice(4)}`,
    }));
    const dns = createMemoryDns();
    const directory = createMemoryDirectory({ organizations });
    const clock = createManualClock(T0);
    // One instance per organization, as separate application servers would have; one pool.
    const apps = actors.map(() =>
      createApexproof({
        storage: createPostgresStorage({ client: fromPgPool(pool) }),
        dns,
        mailer: createMemoryMailer(),
        directory,
        clock,
      }),
    );

    const started = await Promise.all(
      actors.map(async (actor, i) =>
        (
          await (apps[i] as (typeof apps)[number]).startChallenge(actor, {
            domain: 'contested.co',
            method: 'dns-txt',
          })
        )._unsafeUnwrap(),
      ),
    );
    dns.setTxt(
      started[0]?.record?.name ?? '',
      started.map((c) => c.record?.value ?? ''),
    );
    dns.latencyMs = 5; // lookups overlap, so the commits arrive together
    const verifyAll = (acknowledgeTakeover: boolean) =>
      Promise.all(
        actors.map((actor, i) =>
          (apps[i] as (typeof apps)[number]).verifyChallenge(actor, {
            challengeId: (started[i] as (typeof started)[number]).id,
            acknowledgeTakeover,
          }),
        ),
      );
    const activeHolders = async () =>
      (await read.domains()).filter((d) => d.subject === 'contested.co' && d.status === 'active');

    const first = await verifyAll(false);
    const winners = first.flatMap((r, i) => (r.isOk() ? [actors[i]?.organizationId] : []));
    expect(winners).toHaveLength(1);
    expect(first.flatMap((r) => (r.isErr() ? [r.error.code] : [])).sort()).toEqual(
      Array(49).fill('APEX_TAKEOVER_REQUIRED'),
    );
    expect((await activeHolders()).map((d) => d.organizationId)).toEqual(winners);

    // With acknowledgement the 49 others take over one after another; the first winner's
    // challenge is spent. The losers' first checks were counted (verifyLimits): their retry
    // comes after the per-challenge window, as a user's would.
    clock.advance(60_000);
    const second = await verifyAll(true);
    const errors = second.flatMap((r, i) =>
      r.isErr() ? [[actors[i]?.organizationId, r.error.code]] : [],
    );
    expect(errors).toEqual([[winners[0], 'CHALLENGE_NOT_FOUND']]);
    const active = await activeHolders();
    expect(active).toHaveLength(1);
    const domains = (await read.domains()).filter((d) => d.subject === 'contested.co');
    expect(domains).toHaveLength(50);
    expect(domains.filter((d) => d.downgradeReason === 'takeover')).toHaveLength(49);

    // Every organization but the last holder was displaced exactly once, by exactly one commit.
    const displaced = second.flatMap((r) => (r.isOk() && r.value.takeoverFrom ? [r.value] : []));
    expect(displaced).toHaveLength(49);
    const from = displaced.map((v) => v.takeoverFrom?.organizationId).sort();
    expect(from).toEqual(
      actors
        .map((a) => a.organizationId)
        .filter((id) => id !== active[0]?.organizationId)
        .sort(),
    );

    // Notices: per organization, one takeover message per owner per `domain.taken_over` event.
    const outbox = await read.outbox();
    const audit = await read.audit();
    for (const org of organizations) {
      const events = audit.filter(
        (e) => e.type === 'domain.taken_over' && e.organizationId === org.id,
      ).length;
      const takenFromIt = displaced.filter((v) => v.takeoverFrom?.organizationId === org.id).length;
      expect(events).toBe(takenFromIt);
      const notices = outbox.filter((m) => m.kind === 'takeover' && m.organizationId === org.id);
      for (const owner of org.members)
        expect(notices.filter((m) => m.to === owner.email)).toHaveLength(events);
      expect(notices).toHaveLength(events * org.members.length);
    }
    expect(outbox.filter((m) => m.kind === 'takeover')).toHaveLength(49 * 2);
  }, 60_000);

  it('4 workers re-verify 2 000 due domains: each checked exactly once, then nothing is due', async () => {
    const pool = await freshPool('apexproof_race_reverify', 12);
    const clock = createManualClock(T0);
    const storage = createPostgresStorage({ client: fromPgPool(pool) });
    const COUNT = 2000;
    const name = (i: number) => `_kayle-id-verification.r${i}.co`;
    const dns = createMemoryDns({ latencyMs: 2 });
    // Seeded through the storage port, due at staggered times up to now.
    for (let batch = 0; batch < COUNT; batch += 250) {
      const seeded = await storage.transaction(async (tx) => {
        for (let i = batch; i < batch + 250; i++)
          await tx.domains.insert(
            domainRow(`dom_${i}`, {
              organizationId: `org_${i % 40}`,
              subject: `r${i}.co`,
              recordName: name(i),
              recordValue: `kayle-id-verification=token${i}`,
              verifiedAt: new Date(T0.getTime() - 2 * DAY),
              nextCheckAt: new Date(T0.getTime() - (i % 97) * 60_000),
              version: 0,
            }),
          );
      });
      expect(seeded.ok).toBe(true);
    }
    for (let i = 0; i < COUNT; i++) dns.setTxt(name(i), [`kayle-id-verification=token${i}`]);

    const lookups = new Map<string, number>();
    const counting: DnsResolver = {
      txt: (n) => {
        lookups.set(n, (lookups.get(n) ?? 0) + 1);
        return dns.txt(n);
      },
      ns: (n) => dns.ns(n),
    };
    const worker = () =>
      createApexproof({
        storage: createPostgresStorage({ client: fromPgPool(pool) }),
        dns: counting,
        mailer: createMemoryMailer(),
        directory: createMemoryDirectory({ organizations: [] }),
        clock,
      });
    const drain = async (app: ReturnType<typeof worker>) => {
      const reports = [];
      for (;;) {
        const report = (await app.reverifyDue({ limit: 100, concurrency: 8 }))._unsafeUnwrap();
        reports.push(report);
        if (report.checked === 0) return reports;
      }
    };

    const perWorker = await Promise.all([worker(), worker(), worker(), worker()].map(drain));
    const all = perWorker.flat();
    expect(all.reduce((n, r) => n + r.checked, 0)).toBe(COUNT);
    expect(all.reduce((n, r) => n + r.ok, 0)).toBe(COUNT);
    expect(all.every((r) => r.errored === 0 && r.missed === 0)).toBe(true);
    // The work was shared: the workers' first claims ran side by side.
    expect(perWorker.filter((reports) => (reports[0]?.checked ?? 0) > 0).length).toBeGreaterThan(1);
    expect(lookups.size).toBe(COUNT);
    expect([...lookups.values()].every((n) => n === 1)).toBe(true);

    const rows = await inspector({ query: (text) => pool.query(text) }).domains();
    expect(rows).toHaveLength(COUNT);
    for (const d of rows) {
      expect(d.lastCheckedAt).toEqual(T0);
      expect(d.nextCheckAt).toEqual(new Date(T0.getTime() + DAY));
      expect(d.leaseUntil).toBeNull();
      expect(d.version).toBe(2); // leased once, saved once
    }

    const again = (await worker().reverifyDue({ limit: 100, concurrency: 8 }))._unsafeUnwrap();
    expect(again.checked).toBe(0);
    expect([...lookups.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);
});
