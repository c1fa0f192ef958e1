import { describe, expect, it } from 'vitest';
import { expectErr, expectOk } from '../support/expect.js';
import { acme, acmeMember, createWorld, DAY, rival, startAndPublish } from './world.js';

const start = async (w: ReturnType<typeof createWorld>, domain = 'acme.co') =>
  await expectOk(w.app.startChallenge(acme, { domain, method: 'dns-txt' }));

describe('verifyChallenge (dns-txt)', () => {
  it('validates, stores the domain, the evidence and the audit trail', async () => {
    const w = createWorld();
    const c = await startAndPublish(w, acme, 'acme.co');
    const r = await expectOk(w.app.verifyChallenge(acme, { challengeId: c.id }));
    expect(r).toEqual({ domainId: expect.any(String), apex: 'acme.co', takeoverFrom: null });
    const [domain] = await w.storage.inspect.domains();
    expect(domain).toMatchObject({
      id: r.domainId,
      organizationId: 'org_acme',
      subject: 'acme.co',
      status: 'active',
      method: 'dns-txt',
      consecutiveMisses: 0,
    });
    expect(domain?.nextCheckAt?.getTime()).toBe(w.clock.now().getTime() + DAY);
    const [evidence] = await w.storage.inspect.evidence();
    expect(evidence).toMatchObject({
      domainId: r.domainId,
      challengeId: c.id,
      recordName: c.record?.name,
      valuesSeen: [c.record?.value],
      resolvers: ['memory'],
    });
    expect((await expectOk(w.app.getChallenge(acme, c.id))).status).toBe('validated');
    expect((await w.storage.inspect.audit()).map((e) => e.type)).toContain('domain.verified');
    const again = await w.app.verifyChallenge(acme, { challengeId: c.id });
    expect(again._unsafeUnwrapErr().code).toBe('CHALLENGE_NOT_FOUND');
  });

  it('joins the character-strings of one record and accepts any record of the set', async () => {
    const w = createWorld();
    const c = await start(w);
    const value = c.record?.value ?? '';
    w.dns.setTxt(c.record?.name ?? '', ['v=spf1 -all', [value.slice(0, 10), value.slice(10)]]);
    expect((await w.app.verifyChallenge(acme, { challengeId: c.id })).isOk()).toBe(true);
  });

  it('never matches by substring or across records', async () => {
    const w = createWorld();
    const c = await start(w);
    const value = c.record?.value ?? '';
    w.dns.setTxt(c.record?.name ?? '', [
      `x${value}`,
      `${value}x`,
      value.slice(0, 10),
      value.slice(10),
    ]);
    const r = await w.app.verifyChallenge(acme, { challengeId: c.id });
    expect(r._unsafeUnwrapErr().code).toBe('DNS_NOT_PROPAGATED');
  });

  it('is for owners of the challenge organization only', async () => {
    const w = createWorld();
    const c = await startAndPublish(w, acme, 'acme.co');
    await expectErr(w.app.verifyChallenge(acmeMember, { challengeId: c.id }), 'FORBIDDEN');
    await expectErr(w.app.verifyChallenge(rival, { challengeId: c.id }), 'CHALLENGE_NOT_FOUND');
    await expectErr(w.app.verifyChallenge(acme, { challengeId: 'nope' }), 'CHALLENGE_NOT_FOUND');
    expect((await w.app.verifyChallenge(acme, { challengeId: c.id })).isOk()).toBe(true);
  });

  it('expires after seven days', async () => {
    const w = createWorld();
    const c = await startAndPublish(w, acme, 'acme.co');
    w.clock.advance(7 * DAY);
    const r = await w.app.verifyChallenge(acme, { challengeId: c.id });
    expect(r._unsafeUnwrapErr().code).toBe('CHALLENGE_EXPIRED');
    expect((await expectOk(w.app.getChallenge(acme, c.id))).status).toBe('expired');
    expect((await w.app.verifyChallenge(acme, { challengeId: c.id }))._unsafeUnwrapErr().code).toBe(
      'CHALLENGE_NOT_FOUND',
    );
    expect(await w.storage.inspect.domains()).toEqual([]);
  });

  it('refuses an organization scheduled for deletion', async () => {
    const w = createWorld();
    const c = await startAndPublish(w, acme, 'acme.co');
    w.directory.setScheduledForDeletion('org_acme', true);
    const r = await w.app.verifyChallenge(acme, { challengeId: c.id });
    expect(r._unsafeUnwrapErr().code).toBe('ORGANIZATION_SCHEDULED_FOR_DELETION');
  });

  it('counts nothing when every resolver failed, and stays verifiable', async () => {
    const w = createWorld();
    const c = await startAndPublish(w, acme, 'acme.co');
    w.dns.fail(c.record?.name ?? '', 'timeout');
    const r = await w.app.verifyChallenge(acme, { challengeId: c.id });
    const e = r._unsafeUnwrapErr();
    expect(e.code).toBe('DNS_LOOKUP_FAILED');
    expect(e.status).toBe(503);
    const view = await expectOk(w.app.getChallenge(acme, c.id));
    expect(view).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastFailure: 'DNS query timed out',
    });
    w.dns.heal(c.record?.name ?? '');
    expect((await w.app.verifyChallenge(acme, { challengeId: c.id })).isOk()).toBe(true);
  });

  it('a miss leaves the challenge failed but retryable, with a ScaiDNS-style reason', async () => {
    const w = createWorld();
    w.dns.setTxt('acme.co', ['v=spf1 -all']);
    const c = await start(w);
    const e = (await w.app.verifyChallenge(acme, { challengeId: c.id }))._unsafeUnwrapErr();
    expect(e.code).toBe('DNS_NOT_PROPAGATED');
    const view = await expectOk(w.app.getChallenge(acme, c.id));
    expect(view).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastFailure: `No DNS record found for ${c.record?.name}`,
    });
    w.dns.setTxt(c.record?.name ?? '', [c.record?.value ?? '']);
    expect((await w.app.verifyChallenge(acme, { challengeId: c.id })).isOk()).toBe(true);
  });
});

describe('DNS_NOT_PROPAGATED diagnosis', () => {
  const diagnose = async (
    setup: (
      w: ReturnType<typeof createWorld>,
      c: Awaited<ReturnType<typeof start>>,
    ) => void | Promise<void>,
  ) => {
    const w = createWorld();
    const c = await start(w);
    await setup(w, c);
    const e = (await w.app.verifyChallenge(acme, { challengeId: c.id }))._unsafeUnwrapErr();
    if (e.code !== 'DNS_NOT_PROPAGATED')
      throw new Error(`expected DNS_NOT_PROPAGATED, got ${e.code}`);
    return {
      diagnosis: (e.details as { diagnosis: import('../../src/index.js').DnsDiagnosis }).diagnosis,
      c,
      w,
    };
  };

  it('no record at all', async () => {
    const { diagnosis } = await diagnose((w) => w.dns.setTxt('acme.co', ['v=spf1 -all']));
    expect(diagnosis.found).toEqual([]);
    expect(diagnosis.hints).toEqual([{ kind: 'no_record' }]);
  });

  it('value quoted or padded', async () => {
    const { diagnosis, c } = await diagnose((w, c) =>
      w.dns.setTxt(c.record?.name ?? '', [`"${c.record?.value}" `]),
    );
    expect(diagnosis.found).toEqual([`"${c.record?.value}" `]);
    expect(diagnosis.hints).toContainEqual({
      kind: 'value_quoted_or_padded',
      value: `"${c.record?.value}" `,
    });
  });

  it('token of an older challenge', async () => {
    const w = createWorld();
    const old = await start(w);
    const fresh = await start(w);
    w.dns.setTxt(old.record?.name ?? '', [old.record?.value ?? '']);
    const e = (await w.app.verifyChallenge(acme, { challengeId: fresh.id }))._unsafeUnwrapErr();
    expect((e.details as { diagnosis: { hints: unknown[] } }).diagnosis.hints).toContainEqual({
      kind: 'old_challenge_token',
      challengeId: old.id,
    });
  });

  it('record at <name>.<apex>.<apex> because the panel appended the zone', async () => {
    const { diagnosis, c } = await diagnose((w, c) =>
      w.dns.setTxt(`${c.record?.name}.acme.co`, [c.record?.value ?? '']),
    );
    expect(diagnosis.hints).toContainEqual({
      kind: 'zone_appended_twice',
      name: `${c.record?.name}.acme.co`,
    });
  });

  it('record at the apex instead of the prefixed name', async () => {
    const { diagnosis } = await diagnose((w, c) =>
      w.dns.setTxt('acme.co', [c.record?.value ?? '']),
    );
    expect(diagnosis.hints).toContainEqual({ kind: 'record_at_apex', name: 'acme.co' });
  });

  it('CNAME at the name pointing elsewhere', async () => {
    const { diagnosis } = await diagnose((w, c) => {
      w.dns.setCname(c.record?.name ?? '', 'verify.dns-provider.example');
      w.dns.setTxt('verify.dns-provider.example', ['something-else']);
    });
    expect(diagnosis.cnameChain).toEqual(['verify.dns-provider.example']);
    expect(diagnosis.hints).toContainEqual({
      kind: 'cname_elsewhere',
      target: 'verify.dns-provider.example',
    });
  });

  it('a different value is a mismatch, and the domain that does not exist says so', async () => {
    const { diagnosis, w, c } = await diagnose((w, c) =>
      w.dns.setTxt(c.record?.name ?? '', ['kayle-id-verification=wrong']),
    );
    expect(diagnosis.hints).toEqual([{ kind: 'value_mismatch' }]);
    expect((await expectOk(w.app.getChallenge(acme, c.id))).lastFailure).toBe(
      `TXT record found but value doesn't match. Expected: ${c.record?.value}`,
    );
    const gone = await diagnose(() => {});
    expect(gone.diagnosis.hints).toContainEqual({ kind: 'domain_does_not_exist' });
  });
});
