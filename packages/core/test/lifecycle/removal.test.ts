import { describe, expect, it } from 'vitest';
import { expectErr, expectOk } from '../support/expect.js';
import { acme, acmeMember, createWorld, rival, verifyDomain } from './world.js';

describe('removeDomain', () => {
  it('deletes the domain and its patterns, cancels open challenges, frees the subject', async () => {
    const w = createWorld();
    const { domainId } = await verifyDomain(w, acme, 'acme.co');
    await w.app.addRedirectPattern(acme, 'https://app.acme.co/oauth');
    const open = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );

    expect((await w.app.removeDomain(rival, { domainId }))._unsafeUnwrapErr().code).toBe(
      'DOMAIN_NOT_FOUND',
    );
    expect((await w.app.removeDomain(acmeMember, { domainId }))._unsafeUnwrapErr().code).toBe(
      'FORBIDDEN',
    );
    const removed = await expectOk(w.app.removeDomain(acme, { domainId }));
    expect(removed).toEqual({ domainId, domain: 'acme.co', patternsRemoved: 1 });

    expect(await w.storage.inspect.domains()).toEqual([]);
    expect(await w.storage.inspect.patterns()).toEqual([]);
    expect((await expectOk(w.app.getChallenge(acme, open.id))).status).toBe('cancelled');
    expect(
      (await w.app.authorizeRedirect('org_acme', 'https://app.acme.co/oauth'))._unsafeUnwrapErr()
        .code,
    ).toBe('REDIRECT_URL_DOMAIN_NOT_VERIFIED');
    // Free: another organization verifies without any takeover.
    expect((await verifyDomain(w, rival, 'acme.co')).takeoverFrom).toBeNull();
  });
});

describe('redirect patterns', () => {
  it('accepts any subdomain and path until a pattern narrows it', async () => {
    const w = createWorld();
    const { domainId } = await verifyDomain(w, acme, 'acme.co');
    expect(
      await expectOk(w.app.authorizeRedirect('org_acme', 'https://id.acme.co/anything')),
    ).toEqual({ domainId, patternId: null, url: 'https://id.acme.co/anything' });
    const p = await expectOk(
      w.app.addRedirectPattern(acme, { subdomain: 'app', apex: 'acme.co', path: '/oauth' }),
    );
    expect(p).toMatchObject({
      host: 'app.acme.co',
      pathPrefix: '/oauth',
      url: 'https://app.acme.co/oauth',
    });
    const again = await expectOk(w.app.addRedirectPattern(acme, 'https://app.acme.co/oauth'));
    expect(again.id).toBe(p.id);
    expect(
      await expectOk(w.app.authorizeRedirect('org_acme', 'https://app.acme.co/oauth/callback?x=1')),
    ).toEqual({ domainId, patternId: p.id, url: 'https://app.acme.co/oauth/callback?x=1' });
    for (const url of [
      'https://id.acme.co/oauth',
      'https://app.acme.co/oauthx',
      'https://app.acme.co/',
    ])
      expect((await w.app.authorizeRedirect('org_acme', url))._unsafeUnwrapErr().code, url).toBe(
        'REDIRECT_URL_PATTERN_NOT_REGISTERED',
      );
    expect(
      (await w.app.authorizeRedirect('org_rival', 'https://app.acme.co/oauth'))._unsafeUnwrapErr()
        .code,
    ).toBe('REDIRECT_URL_DOMAIN_NOT_VERIFIED');
    await expectErr(w.app.removeRedirectPattern(rival, { patternId: p.id }), 'DOMAIN_NOT_FOUND');
    expect(await expectOk(w.app.removeRedirectPattern(acme, { patternId: p.id }))).toEqual({
      patternId: p.id,
    });
    expect((await w.app.authorizeRedirect('org_acme', 'https://id.acme.co/x')).isOk()).toBe(true);
  });

  it('needs an active verified domain of the organization', async () => {
    const w = createWorld();
    await verifyDomain(w, rival, 'rival.co');
    await expectErr(w.app.addRedirectPattern(acme, 'https://rival.co/cb'), 'DOMAIN_NOT_FOUND');
    await expectErr(
      w.app.addRedirectPattern(acme, 'https://acme.co/cb?x=1'),
      'REDIRECT_PATTERN_INVALID',
    );
    await expectErr(w.app.addRedirectPattern(acmeMember, 'https://acme.co/cb'), 'FORBIDDEN');
  });

  it('lists domains with their patterns for any member', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    await w.app.addRedirectPattern(acme, 'https://acme.co/done');
    const [d] = await expectOk(w.app.listDomains(acmeMember));
    expect(d).toMatchObject({
      domain: 'acme.co',
      status: 'active',
      redirectPatterns: [{ pathPrefix: '/done' }],
    });
    await expectErr(
      w.app.listDomains({ organizationId: 'org_acme', userId: 'stranger' }),
      'FORBIDDEN',
    );
  });
});
