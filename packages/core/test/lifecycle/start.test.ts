import { describe, expect, it } from 'vitest';
import { recordPresets, resolvePolicy } from '../../src/index.js';
import { expectOk } from '../support/expect.js';
import { acme, acmeMember, createWorld, DAY, doomed, rival, verifyDomain } from './world.js';

describe('startChallenge (dns-txt)', () => {
  it('gives the record name, relative label, value and expiry (Kayle preset)', async () => {
    const w = createWorld();
    const started = await expectOk(
      w.app.startChallenge(acme, { domain: 'App.Acme.CO', method: 'dns-txt' }),
    );
    expect(started.domain).toBe('acme.co');
    expect(started.status).toBe('pending');
    expect(started.record?.name).toBe('_kayle-id-verification.acme.co');
    expect(started.record?.host).toBe('_kayle-id-verification');
    expect(started.record?.value).toMatch(/^kayle-id-verification=[a-z2-7]{32}$/);
    expect(started.expiresAt.getTime() - w.clock.now().getTime()).toBe(7 * DAY);
    expect(started.conflict).toBeNull();
  });

  it("defaults to apexproof's own record, naming no product; the seeds' records are presets", async () => {
    expect(resolvePolicy().record).toEqual(recordPresets.apexproof);
    const w = createWorld({ record: undefined });
    const started = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    expect(started.record?.name).toBe('_apexproof-verification.acme.co');
    expect(started.record?.host).toBe('_apexproof-verification');
    expect(started.record?.value).toMatch(/^apexproof-verification=[a-z2-7]{32}$/);
    expect(Object.keys(recordPresets).sort()).toEqual(['acme', 'apexproof', 'kayle', 'scaidns']);
  });

  it('uses ≥128-bit tokens that differ every time', async () => {
    const w = createWorld();
    const values = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const s = await expectOk(
        w.app.startChallenge(acme, { domain: `d${i}.acme.co`, method: 'dns-txt' }),
      );
      values.add(s.record?.value ?? '');
    }
    expect(values.size).toBe(20);
  });

  it('is for owners only', async () => {
    const w = createWorld();
    const r = await w.app.startChallenge(acmeMember, { domain: 'acme.co', method: 'dns-txt' });
    expect(r._unsafeUnwrapErr().code).toBe('FORBIDDEN');
    const stranger = await w.app.startChallenge(
      { organizationId: 'org_acme', userId: 'nobody' },
      { domain: 'acme.co', method: 'dns-txt' },
    );
    expect(stranger._unsafeUnwrapErr().code).toBe('FORBIDDEN');
    expect(await w.storage.inspect.challenges()).toEqual([]);
  });

  it('refuses what is not a registrable domain', async () => {
    const w = createWorld();
    for (const domain of ['co.uk', 'github.io', '127.0.0.1', '', 'acme..co']) {
      const r = await w.app.startChallenge(acme, { domain, method: 'dns-txt' });
      expect(r._unsafeUnwrapErr().code, domain).toBe('APEX_INVALID');
    }
    expect(await w.storage.inspect.challenges()).toEqual([]);
  });

  it('answers clear errors for malformed calls, never throws', async () => {
    const w = createWorld();
    const bad = [
      () => w.app.startChallenge(null as never, { domain: 'acme.co', method: 'dns-txt' }),
      () => w.app.startChallenge(acme, null as never),
      () => w.app.startChallenge(acme, { domain: 42 as never, method: 'dns-txt' }),
      () => w.app.startChallenge(acme, { domain: 'acme.co', method: 'carrier-pigeon' as never }),
      () =>
        w.app.startChallenge(
          { organizationId: 'org_nope', userId: 'x' },
          { domain: 'acme.co', method: 'dns-txt' },
        ),
    ];
    const codes = [];
    for (const call of bad) codes.push((await call())._unsafeUnwrapErr().code);
    expect(codes).toEqual([
      'INVALID_INPUT',
      'INVALID_INPUT',
      'INVALID_INPUT',
      'INVALID_INPUT',
      'ORGANIZATION_NOT_FOUND',
    ]);
  });

  it('refuses an organization scheduled for deletion', async () => {
    const w = createWorld();
    const r = await w.app.startChallenge(doomed, { domain: 'doomed.co', method: 'dns-txt' });
    expect(r._unsafeUnwrapErr().code).toBe('ORGANIZATION_SCHEDULED_FOR_DELETION');
  });

  it('supersedes the previous open challenge for the same subject and method', async () => {
    const w = createWorld();
    const first = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    const second = await expectOk(
      w.app.startChallenge(acme, { domain: 'www.acme.co', method: 'dns-txt' }),
    );
    expect((await expectOk(w.app.getChallenge(acme, first.id))).status).toBe('superseded');
    expect((await expectOk(w.app.getChallenge(acme, second.id))).status).toBe('pending');
    const verify = await w.app.verifyChallenge(acme, { challengeId: first.id });
    expect(verify._unsafeUnwrapErr().code).toBe('CHALLENGE_NOT_FOUND');
    const audit = (await w.storage.inspect.audit()).map((e) => e.type);
    expect(audit).toEqual(['challenge.started', 'challenge.superseded', 'challenge.started']);
  });

  it('warns of another holder with its name', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    const started = await expectOk(
      w.app.startChallenge(rival, { domain: 'acme.co', method: 'dns-txt' }),
    );
    expect(started.conflict).toEqual({ organizationId: 'org_acme', organizationName: 'Acme Inc' });
  });

  it('refuses at once under takeover policy forbid', async () => {
    const w = createWorld({ takeover: 'forbid' });
    await verifyDomain(w, acme, 'acme.co');
    const r = await w.app.startChallenge(rival, { domain: 'acme.co', method: 'dns-txt' });
    expect(r._unsafeUnwrapErr().code).toBe('DOMAIN_VERIFIED_ELSEWHERE');
  });

  it('supports the other record presets and a custom prefix', async () => {
    const scai = createWorld({ record: 'scaidns' });
    const s = await expectOk(
      scai.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    expect(s.record?.name).toBe('_scaidns-verify.acme.co');
    expect(s.record?.value).toMatch(/^scaidns-verify=[a-z2-7]+$/);
    const custom = createWorld({ record: { prefix: '_myapp-verify' } });
    const c = await expectOk(
      custom.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    expect(c.record).toMatchObject({ name: '_myapp-verify.acme.co', host: '_myapp-verify' });
    expect(c.record?.value).toMatch(/^myapp-verify=/);
    const acmePreset = createWorld({ record: 'acme', subject: 'hostname', idFormat: 'hex32' });
    const a = await expectOk(
      acmePreset.app.startChallenge(acme, { domain: 'app.acme.co', method: 'dns-txt' }),
    );
    expect(a.record).toMatchObject({
      name: '_acme-challenge.app.acme.co',
      host: '_acme-challenge.app',
    });
    expect(a.record?.value).toMatch(/^[a-z2-7]{32}$/);
    expect(a.id).toMatch(/^[0-9a-f]{32}$/);
  });
});
