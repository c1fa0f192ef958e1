// findHolder (issue #14 §3): host, URL or e-mail → the active holder of its subject, or null.
import { describe, expect, it } from 'vitest';
import { acme, createWorld, rival, verifyDomain } from '../lifecycle/world.js';
import { expectErr, expectOk } from '../support/expect.js';

describe('findHolder', () => {
  it('answers the active holder for a host, a subdomain, a URL and an e-mail address', async () => {
    const w = createWorld();
    const { domainId } = await verifyDomain(w, acme, 'acme.co');
    const holder = { organizationId: 'org_acme', domainId, subject: 'acme.co' };
    for (const input of [
      'acme.co',
      'APP.Acme.co.',
      'https://app.acme.co/login?x=1',
      'bob@acme.co',
      ' Bob@Mail.ACME.co ',
    ])
      expect(await expectOk(w.app.findHolder(input)), input).toEqual(holder);
    expect(await expectOk(w.app.findHolder('other.co'))).toBeNull();
  });

  it('follows takeovers, downgrades and removals', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    const taken = await verifyDomain(w, rival, 'acme.co', true);
    expect((await expectOk(w.app.findHolder('acme.co')))?.organizationId).toBe('org_rival');
    await expectOk(w.app.removeDomain(rival, { domainId: taken.domainId }));
    // acme's row is downgraded by the takeover: nobody holds acme.co now.
    expect(await expectOk(w.app.findHolder('acme.co'))).toBeNull();
  });

  it('hostname mode looks up the exact host', async () => {
    const w = createWorld({ subject: 'hostname' });
    await verifyDomain(w, acme, 'app.acme.co');
    expect((await expectOk(w.app.findHolder('https://app.acme.co/')))?.subject).toBe('app.acme.co');
    expect(await expectOk(w.app.findHolder('acme.co'))).toBeNull();
    expect(await expectOk(w.app.findHolder('x.app.acme.co'))).toBeNull();
  });

  it('invalid input answers APEX_INVALID and never reads storage', async () => {
    const w = createWorld();
    w.storage.failNext(100);
    for (const input of [
      '',
      'not a domain',
      'co.uk',
      '@',
      'a'.repeat(1_000_000),
      42,
      null,
      { toString: () => 'acme.co' },
    ])
      await expectErr(w.app.findHolder(input as string), 'APEX_INVALID');
  });
});
