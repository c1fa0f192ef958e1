import { describe, expect, it } from 'vitest';
import { expectOk } from '../support/expect.js';
import { acme, createWorld, DAY, rival, verifyDomain } from './world.js';

const RECORD = '_kayle-id-verification.acme.co';

async function day(w: ReturnType<typeof createWorld>) {
  w.clock.advance(DAY);
  return await expectOk(w.app.reverifyDue({ limit: 100 }));
}

describe('reverifyDue', () => {
  it('checks only what is due, once per interval', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    expect((await expectOk(w.app.reverifyDue())).checked).toBe(0);
    expect(await day(w)).toEqual({
      checked: 1,
      ok: 1,
      missed: 0,
      errored: 0,
      downgraded: 0,
      restored: 0,
    });
    expect((await expectOk(w.app.reverifyDue())).checked).toBe(0);
  });

  it('downgrades after three consecutive misses, notifies owners, and restores when the record is back', async () => {
    const w = createWorld();
    const { domainId } = await verifyDomain(w, acme, 'acme.co');
    await w.app.addRedirectPattern(acme, 'https://app.acme.co/oauth');
    const value = (await w.storage.inspect.domains())[0]?.recordValue ?? '';
    w.dns.remove(RECORD);

    expect(await day(w)).toMatchObject({ missed: 1, downgraded: 0 });
    expect(await day(w)).toMatchObject({ missed: 1, downgraded: 0 });
    expect((await w.app.authorizeRedirect('org_acme', 'https://app.acme.co/oauth')).isOk()).toBe(
      true,
    );
    expect(await day(w)).toMatchObject({ missed: 1, downgraded: 1 });

    const [row] = await w.storage.inspect.domains();
    expect(row).toMatchObject({
      id: domainId,
      status: 'downgraded',
      downgradeReason: 'reverification',
      consecutiveMisses: 3,
    });
    const down = (await w.storage.inspect.outbox()).filter((m) => m.kind === 'downgrade');
    expect(down.map((m) => m.to).sort()).toEqual(['alice@acme.co', 'anna@acme.co']);
    // A downgraded domain stops authorizing at once.
    expect(
      (await w.app.authorizeRedirect('org_acme', 'https://app.acme.co/oauth'))._unsafeUnwrapErr()
        .code,
    ).toBe('REDIRECT_URL_DOMAIN_NOT_VERIFIED');

    w.dns.setTxt(RECORD, [value]);
    expect(await day(w)).toMatchObject({ ok: 1, restored: 1 });
    expect((await w.storage.inspect.domains())[0]).toMatchObject({
      status: 'active',
      downgradeReason: null,
      consecutiveMisses: 0,
    });
    expect((await w.storage.inspect.outbox()).filter((m) => m.kind === 'restore')).toHaveLength(2);
    expect((await w.app.authorizeRedirect('org_acme', 'https://app.acme.co/oauth/cb')).isOk()).toBe(
      true,
    );
    const types = (await w.storage.inspect.audit()).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['domain.downgraded', 'domain.restored']));
  });

  it('a found record resets the miss counter', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    const value = (await w.storage.inspect.domains())[0]?.recordValue ?? '';
    w.dns.remove(RECORD);
    await day(w);
    await day(w);
    w.dns.setTxt(RECORD, [value]);
    await day(w);
    w.dns.remove(RECORD);
    await day(w);
    await day(w);
    expect((await w.storage.inspect.domains())[0]).toMatchObject({
      status: 'active',
      consecutiveMisses: 2,
    });
  });

  it('never strikes for our own resolver outage', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    w.dns.fail(RECORD, 'servfail');
    for (let i = 0; i < 10; i++)
      expect(await day(w)).toMatchObject({ errored: 1, missed: 0, downgraded: 0 });
    const [row] = await w.storage.inspect.domains();
    expect(row).toMatchObject({ status: 'active', consecutiveMisses: 0 });
    expect(row?.lastAttemptAt?.getTime()).toBe(w.clock.now().getTime());
    // Retried after policy.reverification.errorRetryMs (15 min), not at once by every run.
    w.dns.heal(RECORD);
    expect((await expectOk(w.app.reverifyDue())).checked).toBe(0);
    w.clock.advance(15 * 60_000);
    expect(await expectOk(w.app.reverifyDue())).toMatchObject({ checked: 1, ok: 1 });
  });

  it('never restores a domain lost to a takeover, and does not restore over another holder', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    await verifyDomain(w, rival, 'acme.co', true);
    for (let i = 0; i < 3; i++) await day(w);
    const rows = await w.storage.inspect.domains();
    expect(rows.find((d) => d.organizationId === 'org_acme')).toMatchObject({
      status: 'downgraded',
      downgradeReason: 'takeover',
    });
    expect(rows.find((d) => d.organizationId === 'org_rival')).toMatchObject({ status: 'active' });
  });

  it('restores a re-verification downgrade only while nobody else holds the subject', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    const value = (await w.storage.inspect.domains())[0]?.recordValue ?? '';
    w.dns.remove(RECORD);
    for (let i = 0; i < 3; i++) await day(w);
    // The subject is free: Rival verifies without any takeover.
    expect((await verifyDomain(w, rival, 'acme.co')).takeoverFrom).toBeNull();
    w.dns.setTxt(RECORD, [value, (await w.storage.inspect.domains())[1]?.recordValue ?? '']);
    expect(await day(w)).toMatchObject({ restored: 0 });
    const holder = async () =>
      (await w.storage.inspect.domains())
        .filter((d) => d.status === 'active')
        .map((d) => d.organizationId);
    expect(await holder()).toEqual(['org_rival']);
    expect((await w.storage.inspect.outbox()).filter((m) => m.kind === 'restore')).toEqual([]);
    // Once Rival removes it, Acme's standing proof restores Acme on the next check.
    const rivalDomain = (await expectOk(w.app.listDomains(rival)))[0]?.id ?? '';
    expect((await w.app.removeDomain(rival, { domainId: rivalDomain })).isOk()).toBe(true);
    expect(await day(w)).toMatchObject({ restored: 1 });
    expect(await holder()).toEqual(['org_acme']);
  });

  it('a lookup failure on a downgraded domain changes nothing and is retried', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    w.dns.remove(RECORD);
    for (let i = 0; i < 3; i++) await day(w);
    w.dns.fail(RECORD, 'timeout');
    expect(await day(w)).toMatchObject({ errored: 1, restored: 0, missed: 0 });
    expect((await w.storage.inspect.domains())[0]).toMatchObject({
      status: 'downgraded',
      consecutiveMisses: 3,
    });
  });

  it('is safe to run from several workers at once: each due domain checked exactly once', async () => {
    const w = createWorld();
    for (let i = 0; i < 30; i++) await verifyDomain(w, acme, `d${i}.co`);
    w.clock.advance(DAY);
    w.dns.latencyMs = 1;
    const reports = await Promise.all(
      Array.from({ length: 4 }, () => w.app.reverifyDue({ limit: 10, concurrency: 3 })),
    );
    const checked = reports.reduce((n, r) => n + r._unsafeUnwrap().checked, 0);
    expect(checked).toBe(30);
    expect((await expectOk(w.app.reverifyDue())).checked).toBe(0);
  });

  it('a domain whose lookups keep failing never crowds the others out of a batch', async () => {
    const w = createWorld();
    const broken = ['a-broken.co', 'b-broken.co', 'c-broken.co'];
    for (const domain of broken) await verifyDomain(w, acme, domain);
    w.clock.advance(1_000); // the healthy domain falls due last
    await verifyDomain(w, acme, 'healthy.co');
    for (const domain of broken) w.dns.fail(`_kayle-id-verification.${domain}`, 'servfail');

    w.clock.advance(DAY);
    expect(await expectOk(w.app.reverifyDue({ limit: 3 }))).toMatchObject({
      checked: 3,
      errored: 3,
    });
    const checkedHealthy = async () =>
      (await w.storage.inspect.domains()).find((d) => d.subject === 'healthy.co')?.lastCheckedAt;
    const before = await checkedHealthy();
    // The host's scheduler runs every 5 minutes with a batch of 3; the resolver for the broken
    // zones stays down. The healthy domain must still be checked within the hour.
    for (let run = 0; run < 12; run++) {
      w.clock.advance(5 * 60_000);
      await w.app.reverifyDue({ limit: 3 });
    }
    expect(await checkedHealthy()).not.toEqual(before);
    // And the broken ones are still retried, without a strike.
    const rows = await w.storage.inspect.domains();
    for (const domain of broken)
      expect(rows.find((d) => d.subject === domain)).toMatchObject({
        status: 'active',
        consecutiveMisses: 0,
      });
  });
});
