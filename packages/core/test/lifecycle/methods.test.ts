import { describe, expect, it } from 'vitest';
import { expectErr, expectOk } from '../support/expect.js';
import { acme, acmeMember, createWorld, DAY, rival, verifyDomain } from './world.js';

const support = { organizationId: 'org_staff', userId: 'u_support' } as const;
const NS = { expected: ['ns1.scaidns.example', 'NS2.scaidns.example.'] };

describe('ns-delegation', () => {
  it('passes when the NS set holds every configured nameserver (case and trailing dot ignored)', async () => {
    const w = createWorld({ nameservers: NS, record: 'scaidns' });
    const c = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'ns-delegation' }),
    );
    expect(c.nameservers).toEqual(['ns1.scaidns.example', 'ns2.scaidns.example']);
    expect(c.record).toBeNull();
    w.dns.setNs('acme.co', ['NS1.SCAIDNS.EXAMPLE.', 'ns2.scaidns.example', 'ns3.other.example']);
    const r = await expectOk(w.app.verifyChallenge(acme, { challengeId: c.id }));
    expect((await w.storage.inspect.domains())[0]).toMatchObject({
      id: r.domainId,
      method: 'ns-delegation',
    });
    expect((await w.storage.inspect.evidence())[0]?.valuesSeen).toEqual([
      'ns1.scaidns.example',
      'ns2.scaidns.example',
      'ns3.other.example',
    ]);
  });

  it('policy all vs any', async () => {
    const all = createWorld({ nameservers: NS });
    const any = createWorld({ nameservers: { ...NS, match: 'any' } });
    for (const w of [all, any])
      w.dns.setNs('acme.co', ['ns1.scaidns.example', 'ns9.elsewhere.example']);
    const run = async (w: typeof all) => {
      const c = await expectOk(
        w.app.startChallenge(acme, { domain: 'acme.co', method: 'ns-delegation' }),
      );
      return w.app.verifyChallenge(acme, { challengeId: c.id });
    };
    const refused = (await run(all))._unsafeUnwrapErr();
    expect(refused.code).toBe('DNS_NOT_PROPAGATED');
    expect(refused.message).toBe(
      "Nameservers found but they don't match. Expected: ns1.scaidns.example, ns2.scaidns.example",
    );
    expect((await run(any)).isOk()).toBe(true);
  });

  it('fails with ScaiDNS messages and stays retryable', async () => {
    const w = createWorld({ nameservers: NS });
    const c = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'ns-delegation' }),
    );
    const lastFailure = async () => (await expectOk(w.app.getChallenge(acme, c.id))).lastFailure;

    expect((await w.app.verifyChallenge(acme, { challengeId: c.id }))._unsafeUnwrapErr().code).toBe(
      'DNS_NOT_PROPAGATED',
    );
    expect(await lastFailure()).toBe('Domain acme.co does not exist in DNS');

    w.dns.setTxt('acme.co', ['v=spf1 -all']);
    await w.app.verifyChallenge(acme, { challengeId: c.id });
    expect(await lastFailure()).toBe('No nameservers found for acme.co');

    w.dns.fail('acme.co', 'timeout');
    expect((await w.app.verifyChallenge(acme, { challengeId: c.id }))._unsafeUnwrapErr().code).toBe(
      'DNS_LOOKUP_FAILED',
    );
    expect(await lastFailure()).toBe('DNS query timed out');
    w.dns.fail('acme.co', 'servfail');
    await w.app.verifyChallenge(acme, { challengeId: c.id });
    expect(await lastFailure()).toBe('No nameservers available for query');
    expect(await expectOk(w.app.getChallenge(acme, c.id))).toMatchObject({
      status: 'failed',
      attempts: 2,
    });
  });

  it('is re-verified like TXT', async () => {
    const w = createWorld({ nameservers: NS });
    w.dns.setNs('acme.co', NS.expected);
    const c = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'ns-delegation' }),
    );
    await w.app.verifyChallenge(acme, { challengeId: c.id });
    w.dns.setNs('acme.co', ['ns1.moved.example']);
    for (let i = 0; i < 3; i++) {
      w.clock.advance(DAY);
      await w.app.reverifyDue();
    }
    expect((await w.storage.inspect.domains())[0]).toMatchObject({
      status: 'downgraded',
      downgradeReason: 'reverification',
    });
  });

  it('needs configured nameservers', async () => {
    const w = createWorld();
    const r = await w.app.startChallenge(acme, { domain: 'acme.co', method: 'ns-delegation' });
    expect(r._unsafeUnwrapErr().code).toBe('INVALID_INPUT');
  });
});

describe('bypassVerification', () => {
  it('only for actors the directory allows, with a reason; audited and evidenced', async () => {
    const w = createWorld();
    const input = {
      organizationId: 'org_acme',
      domain: 'internal-acme.co',
      reason: 'migration from the old system',
    };
    await expectErr(w.app.bypassVerification(acme, input), 'FORBIDDEN');
    // Without the permission, nothing about the input is judged (or revealed).
    for (const bad of [
      { ...input, reason: '' },
      { ...input, domain: 'co.uk' },
      { ...input, organizationId: '' },
    ])
      await expectErr(w.app.bypassVerification(acme, bad), 'FORBIDDEN');
    await expectErr(w.app.bypassVerification(support, { ...input, reason: '  ' }), 'INVALID_INPUT');
    await expectErr(
      w.app.bypassVerification(support, { ...input, organizationId: 'org_nope' }),
      'ORGANIZATION_NOT_FOUND',
    );
    const r = await expectOk(w.app.bypassVerification(support, input));
    expect(r).toMatchObject({ apex: 'internal-acme.co', takeoverFrom: null });
    expect((await w.storage.inspect.domains())[0]).toMatchObject({
      organizationId: 'org_acme',
      method: 'bypass',
      nextCheckAt: null,
    });
    expect((await w.storage.inspect.evidence())[0]).toMatchObject({
      kind: 'bypass',
      reason: 'migration from the old system',
      actorUserId: 'u_support',
    });
    const audit = (await w.storage.inspect.audit()).find((e) => e.type === 'domain.bypassed');
    expect(audit).toMatchObject({
      organizationId: 'org_acme',
      actorUserId: 'u_support',
      details: { reason: 'migration from the old system', actorOrganizationId: 'org_staff' },
    });
  });

  it('respects the takeover policy', async () => {
    const w = createWorld();
    await verifyDomain(w, rival, 'acme.co');
    const input = { organizationId: 'org_acme', domain: 'acme.co', reason: 'support ticket 42' };
    expect((await w.app.bypassVerification(support, input))._unsafeUnwrapErr().code).toBe(
      'APEX_TAKEOVER_REQUIRED',
    );
    expect(
      (await w.app.bypassVerification(support, { ...input, acknowledgeTakeover: true })).isOk(),
    ).toBe(true);
    const forbid = createWorld({ takeover: 'forbid' });
    await verifyDomain(forbid, rival, 'acme.co');
    await expectErr(
      forbid.app.bypassVerification(support, { ...input, acknowledgeTakeover: true }),
      'DOMAIN_VERIFIED_ELSEWHERE',
    );
  });

  it('cannot be started as a challenge method', async () => {
    const w = createWorld();
    expect(
      (await w.app.startChallenge(acme, { domain: 'acme.co', method: 'bypass' }))._unsafeUnwrapErr()
        .code,
    ).toBe('INVALID_INPUT');
  });
});

describe('exact-hostname subjects (Plutoploy)', () => {
  const plutoploy = { subject: 'hostname', record: 'acme', idFormat: 'hex32' } as const;

  it('verifies exact hosts with _acme-challenge.{host} and the raw token; one holder per host', async () => {
    const w = createWorld(plutoploy);
    const c = await expectOk(
      w.app.startChallenge(acme, { domain: 'App.Example.com.', method: 'dns-txt' }),
    );
    expect(c).toMatchObject({ domain: 'app.example.com', subjectKind: 'hostname' });
    expect(c.id).toMatch(/^[0-9a-f]{32}$/);
    expect(c.record).toMatchObject({
      name: '_acme-challenge.app.example.com',
      host: '_acme-challenge.app',
    });
    expect(c.record?.value).toMatch(/^[a-z2-7]{32}$/);
    w.dns.setTxt(c.record?.name ?? '', [c.record?.value ?? '']);
    const r = await expectOk(w.app.verifyChallenge(acme, { challengeId: c.id }));
    expect(r.apex).toBe('app.example.com');
    expect(r.domainId).toMatch(/^[0-9a-f]{32}$/);
    // Another host of the same apex is a different subject: no conflict.
    const other = await expectOk(
      w.app.startChallenge(rival, { domain: 'www.example.com', method: 'dns-txt' }),
    );
    expect(other.conflict).toBeNull();
    const same = await expectOk(
      w.app.startChallenge(rival, { domain: 'app.example.com', method: 'dns-txt' }),
    );
    expect(same.conflict?.organizationId).toBe('org_acme');
  });

  it('authorizes redirects on the exact host only', async () => {
    const w = createWorld(plutoploy);
    await verifyDomain(w, acme, 'app.example.com');
    expect((await w.app.authorizeRedirect('org_acme', 'https://app.example.com/cb')).isOk()).toBe(
      true,
    );
    for (const url of [
      'https://example.com/cb',
      'https://sub.app.example.com/cb',
      'https://www.example.com/cb',
    ])
      expect((await w.app.authorizeRedirect('org_acme', url))._unsafeUnwrapErr().code, url).toBe(
        'REDIRECT_URL_DOMAIN_NOT_VERIFIED',
      );
    expect(
      (await w.app.addRedirectPattern(acmeMember, 'https://app.example.com/cb'))._unsafeUnwrapErr()
        .code,
    ).toBe('FORBIDDEN');
    expect((await w.app.addRedirectPattern(acme, 'https://app.example.com/cb')).isOk()).toBe(true);
    await expectErr(
      w.app.addRedirectPattern(acme, 'https://www.example.com/cb'),
      'DOMAIN_NOT_FOUND',
    );
  });
});
