import { describe, expect, it } from 'vitest';
import { expectOk } from '../support/expect.js';
import { acme, createWorld, rival, startAndPublish, third, verifyDomain } from './world.js';

describe('takeover', () => {
  it('needs acknowledgement, keeps the challenge usable, then transfers atomically', async () => {
    const w = createWorld();
    const original = await verifyDomain(w, acme, 'acme.co');
    const c = await startAndPublish(w, rival, 'acme.co');

    const refused = (await w.app.verifyChallenge(rival, { challengeId: c.id }))._unsafeUnwrapErr();
    expect(refused.code).toBe('APEX_TAKEOVER_REQUIRED');
    expect(refused.status).toBe(409);
    expect(refused.details).toEqual({
      conflictingOrganizationId: 'org_acme',
      conflictingOrganizationName: 'Acme Inc',
    });
    expect(await expectOk(w.app.getChallenge(rival, c.id))).toMatchObject({
      status: 'pending',
      attempts: 0,
    });

    const taken = await expectOk(
      w.app.verifyChallenge(rival, { challengeId: c.id, acknowledgeTakeover: true }),
    );
    expect(taken.takeoverFrom).toEqual({
      organizationId: 'org_acme',
      organizationName: 'Acme Inc',
    });

    const domains = await w.storage.inspect.domains();
    expect(domains.filter((d) => d.status === 'active').map((d) => d.organizationId)).toEqual([
      'org_rival',
    ]);
    const previous = domains.find((d) => d.id === original.domainId);
    expect(previous).toMatchObject({
      status: 'downgraded',
      downgradeReason: 'takeover',
      nextCheckAt: null,
    });

    const notices = (await w.storage.inspect.outbox()).filter((m) => m.kind === 'takeover');
    expect(notices.map((m) => m.to).sort()).toEqual(['alice@acme.co', 'anna@acme.co']);
    expect(notices[0]?.text).toContain('Rival LLC');
    expect((await w.storage.inspect.audit()).map((e) => e.type)).toContain('domain.taken_over');
  });

  it('under policy forbid refuses at verification too', async () => {
    const w = createWorld({ takeover: 'forbid' });
    const c = await startAndPublish(w, rival, 'acme.co');
    await verifyDomain(w, acme, 'acme.co');
    const r = await w.app.verifyChallenge(rival, { challengeId: c.id, acknowledgeTakeover: true });
    expect(r._unsafeUnwrapErr().code).toBe('DOMAIN_VERIFIED_ELSEWHERE');
    expect((await w.storage.inspect.domains()).map((d) => [d.organizationId, d.status])).toEqual([
      ['org_acme', 'active'],
    ]);
  });

  it('re-checks the holder at commit: a holder appearing during the lookup needs acknowledgement', async () => {
    const w = createWorld();
    const c = await startAndPublish(w, rival, 'acme.co');
    const mine = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    w.dns.setTxt(mine.record?.name ?? '', [c.record?.value ?? '', mine.record?.value ?? '']);
    // Acme verifies while Rival's lookup is held in flight (a gate, not a timer race, so the
    // order is the same on a loaded machine and in every runtime).
    const lookup = w.dns.txt.bind(w.dns);
    let held!: () => void;
    const inFlight = new Promise<void>((r) => {
      held = r;
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    w.dns.txt = async (name) => {
      w.dns.txt = lookup;
      held();
      await gate;
      return lookup(name);
    };
    const racing = w.app.verifyChallenge(rival, { challengeId: c.id });
    await inFlight;
    expect((await w.app.verifyChallenge(acme, { challengeId: mine.id })).isOk()).toBe(true);
    release();
    const r = await racing;
    expect(r._unsafeUnwrapErr().code).toBe('APEX_TAKEOVER_REQUIRED');
    expect(
      (await w.storage.inspect.domains())
        .filter((d) => d.status === 'active')
        .map((d) => d.organizationId),
    ).toEqual(['org_acme']);
    expect((await expectOk(w.app.getChallenge(rival, c.id))).status).toBe('pending');
  });

  it('the previous owner can win it back: its row is restored, not duplicated', async () => {
    const w = createWorld();
    const first = await verifyDomain(w, acme, 'acme.co');
    await verifyDomain(w, rival, 'acme.co', true);
    const back = await verifyDomain(w, acme, 'acme.co', true);
    expect(back.domainId).toBe(first.domainId);
    expect(back.takeoverFrom?.organizationId).toBe('org_rival');
    const rows = await w.storage.inspect.domains();
    expect(rows).toHaveLength(2);
    expect(rows.find((d) => d.organizationId === 'org_acme')).toMatchObject({
      status: 'active',
      downgradeReason: null,
    });
    const outbox = await w.storage.inspect.outbox();
    expect(outbox.filter((m) => m.to === 'bob@rival.example')).toHaveLength(1);
  });

  it('50 organizations verifying one apex at once leave exactly one holder', async () => {
    const w = createWorld();
    const orgs = Array.from({ length: 50 }, (_, i) => ({
      organizationId: `org_${i}`,
      userId: `owner_${i}`,
    }));
    for (const o of orgs)
      w.directory.addOrganization({
        id: o.organizationId,
        name: `Org ${o.organizationId}`,
        members: [{ userId: o.userId, role: 'owner', email: `${o.userId}@x.example` }],
      });
    const challenges: Awaited<ReturnType<typeof startAndPublish>>[] = [];
    for (const o of orgs) challenges.push(await startAndPublish(w, o, 'contested.co'));
    // Every record is published (a TXT set with 50 values), then all verify at once.
    w.dns.setTxt(
      '_kayle-id-verification.contested.co',
      challenges.map((c) => c.record?.value ?? ''),
    );
    w.dns.latencyMs = 2;
    const results = await Promise.all(
      orgs.map((o, i) => w.app.verifyChallenge(o, { challengeId: challenges[i]?.id ?? '' })),
    );
    const winners = results.filter((r) => r.isOk());
    expect(winners).toHaveLength(1);
    expect(
      results
        .filter((r) => r.isErr())
        .every((r) => r._unsafeUnwrapErr().code === 'APEX_TAKEOVER_REQUIRED'),
    ).toBe(true);
    expect(
      (await w.storage.inspect.domains()).filter(
        (d) => d.subject === 'contested.co' && d.status === 'active',
      ),
    ).toHaveLength(1);

    // With acknowledgement every one of them takes over in turn; still one holder, and each
    // displaced holder's owner is told exactly once.
    const acked = await Promise.all(
      orgs.map((o, i) =>
        w.app.verifyChallenge(o, {
          challengeId: challenges[i]?.id ?? '',
          acknowledgeTakeover: true,
        }),
      ),
    );
    const rows = (await w.storage.inspect.domains()).filter((d) => d.subject === 'contested.co');
    expect(rows.filter((d) => d.status === 'active')).toHaveLength(1);
    const takeovers = acked.filter((r) => r.isOk() && r.value.takeoverFrom).length;
    const notices = (await w.storage.inspect.outbox()).filter((m) => m.kind === 'takeover');
    expect(notices).toHaveLength(takeovers);
    expect(new Set(notices.map((n) => n.id)).size).toBe(notices.length);
  });

  it('a third organization taking over notifies the current holder only', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    await verifyDomain(w, rival, 'acme.co', true);
    await verifyDomain(w, third, 'acme.co', true);
    const notices = (await w.storage.inspect.outbox()).filter((m) => m.kind === 'takeover');
    expect(notices.map((n) => n.to).sort()).toEqual([
      'alice@acme.co',
      'anna@acme.co',
      'bob@rival.example',
    ]);
  });
});
