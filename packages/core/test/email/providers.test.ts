// The free and disposable mail-provider list (issue #10 item 6): built from a union of
// maintained sources, every entry a normalized host name, with reviewed corrections.
import { describe, expect, it } from 'vitest';
import { EMAIL_PROVIDER_DOMAINS } from '../../src/email/providers.generated.js';
import { ALWAYS_PROVIDERS, NEVER_PROVIDERS } from '../../src/email/reviewed.js';
import { EMAIL_PROVIDERS_SOURCE, isFreeProvider, normalizeHost } from '../../src/index.js';
import { acme, createWorld } from '../lifecycle/world.js';

const REFUSED = [
  'fastmail.com',
  'tuta.io',
  'tutanota.com',
  'duck.com',
  'zohomail.com',
  '0-mail.com',
  'gmail.com',
  'outlook.com',
  'proton.me',
  'mailinator.com',
  'yopmail.com',
  'guerrillamail.com',
  'hey.com',
  'GMX.de',
];

const ACCEPTED = ['alibaba.com', 'ancestry.com', 'facebook.com', 'bt.com', 'acme.co', 'stripe.com'];

describe('the vendored provider list', () => {
  it.each(REFUSED)('refuses %s', async (domain) => {
    expect(await isFreeProvider(domain)).toBe(true);
  });

  it.each(ACCEPTED)('accepts the company domain %s', async (domain) => {
    expect(await isFreeProvider(domain)).toBe(false);
  });

  it('names its maintained sources', () => {
    for (const source of [
      'free-email-domains@',
      'disposable-email-domains-js@',
      'mailchecker@',
      'email-providers@',
    ]) {
      expect(EMAIL_PROVIDERS_SOURCE).toContain(source);
    }
  });

  it('holds only normalized host names, the reviewed additions and none of the reviewed companies', () => {
    const domains = EMAIL_PROVIDER_DOMAINS.split('\n');
    expect(domains.length).toBeGreaterThan(50_000);
    const bad = domains.filter((d) => {
      const host = normalizeHost(d, { idn: 'allow' });
      return host.isErr() || host.value.host !== d;
    });
    expect(bad).toEqual([]);
    const set = new Set(domains);
    for (const d of NEVER_PROVIDERS) expect(set.has(d), d).toBe(false);
    for (const d of ALWAYS_PROVIDERS) expect(set.has(d), d).toBe(true);
    expect(set.has('zzom.co.uk0-mail.com') && !set.has('0-mail.com')).toBe(false);
  });

  it('is adjusted by the policy both ways', async () => {
    expect(await isFreeProvider('fastmail.com', { remove: ['FASTMAIL.com'] })).toBe(false);
    expect(await isFreeProvider('acme.co', { add: ['acme.co'] })).toBe(true);
  });
});

describe('through startChallenge', () => {
  it('refuses fastmail.com and tutanota.com, starts alibaba.com', async () => {
    const w = createWorld();
    for (const domain of ['fastmail.com', 'tutanota.com']) {
      const r = await w.app.startChallenge(acme, {
        domain,
        method: 'email-otp',
        email: `admin@${domain}`,
      });
      expect(r._unsafeUnwrapErr(), domain).toMatchObject({
        code: 'EMAIL_PROVIDER_NOT_ALLOWED',
        details: { reason: 'free_provider' },
      });
    }
    const company = await w.app.startChallenge(acme, {
      domain: 'alibaba.com',
      method: 'email-otp',
      email: 'admin@alibaba.com',
    });
    expect(company.isOk()).toBe(true);
  });
});
