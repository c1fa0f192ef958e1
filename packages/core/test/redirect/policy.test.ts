// compileRedirectPolicy and authorize (DESIGN §7): domains, subdomains, hostname mode, options,
// and how stored rows are compiled. The adversarial table lives in adversarial.test.ts.
import { describe, expect, it } from 'vitest';
import { compileRedirectPolicy, LOOPBACK_DOMAIN_ID } from '../../src/index.js';
import { acme, invalid, NOT_REGISTERED, NOT_VERIFIED, outcome } from './helpers.js';

describe('authorize: domains and subdomains', () => {
  const policy = compileRedirectPolicy({
    domains: [
      { id: 'acme', apex: 'acme.co' },
      { id: 'open', apex: 'open.io' },
      { id: 'uk', apex: 'acme.co.uk' },
    ],
    patterns: [
      { id: 'app-cb', domainId: 'acme', host: 'app.acme.co', pathPrefix: '/oauth/callback' },
      { id: 'app-oauth', domainId: 'acme', host: 'app.acme.co', pathPrefix: '/oauth' },
      { id: 'id-root', domainId: 'acme', host: 'id.acme.co', pathPrefix: '/' },
    ],
  });

  it.each([
    ['https://app.acme.co/oauth', 'acme/app-oauth'],
    ['https://app.acme.co/oauth/callback', 'acme/app-cb'],
    ['https://app.acme.co/oauth/callback/', 'acme/app-cb'],
    ['https://app.acme.co/oauth/callback/deep?x', 'acme/app-cb'],
    ['https://app.acme.co/oauth/callbackx', 'acme/app-oauth'],
    ['https://app.acme.co/oauth/other', 'acme/app-oauth'],
    ['https://id.acme.co/', 'acme/id-root'],
    ['https://id.acme.co', 'acme/id-root'],
    ['https://id.acme.co/anything/at/all', 'acme/id-root'],
    ['https://x.y.open.io/any/path?q', 'open/*'],
    ['https://open.io', 'open/*'],
    ['https://acme.co.uk/x', 'uk/*'],
    ['https://a.b.acme.co.uk/x', 'uk/*'],
  ])('accepts %s as %s (longest prefix wins)', (url, expected) => {
    expect(outcome(policy, url)).toEqual({ ok: expected });
  });

  it.each([
    ['https://acme.co/oauth', NOT_REGISTERED],
    ['https://www.app.acme.co/oauth', NOT_REGISTERED],
    ['https://app.acme.co/', NOT_REGISTERED],
    ['https://app.acme.co/oauthcallback', NOT_REGISTERED],
    ['https://notopen.io/', NOT_VERIFIED],
    ['https://open.io.evil.com/', NOT_VERIFIED],
    ['https://co.uk/', NOT_VERIFIED],
    ['https://evil.co.uk/', NOT_VERIFIED],
  ])('refuses %s', (url, expected) => {
    expect(outcome(policy, url)).toEqual(expected);
  });
});

describe('authorize: hostname-mode (exact) subjects', () => {
  const policy = compileRedirectPolicy({
    domains: [
      { id: 'shop', apex: 'shop.acme.co', exact: true },
      { id: 'plain', apex: 'plain.example.com', exact: true },
      { id: 'acme', apex: 'acme.co' },
    ],
    patterns: [{ id: 'shop-cb', domainId: 'shop', host: 'shop.acme.co', pathPrefix: '/cb' }],
  });

  it('matches only the exact host of an exact subject', () => {
    expect(outcome(policy, 'https://plain.example.com/x')).toEqual({ ok: 'plain/*' });
    expect(outcome(policy, 'https://a.plain.example.com/x')).toEqual(NOT_VERIFIED);
    expect(outcome(policy, 'https://example.com/x')).toEqual(NOT_VERIFIED);
  });

  it('lets the more specific subject govern its host, the parent the rest', () => {
    expect(outcome(policy, 'https://shop.acme.co/cb/x')).toEqual({ ok: 'shop/shop-cb' });
    expect(outcome(policy, 'https://shop.acme.co/other')).toEqual(NOT_REGISTERED);
    // Subdomains of the exact subject fall back to the apex-mode parent, which has no patterns.
    expect(outcome(policy, 'https://a.shop.acme.co/other')).toEqual({ ok: 'acme/*' });
    expect(outcome(policy, 'https://www.acme.co/')).toEqual({ ok: 'acme/*' });
  });
});

describe('authorize: options', () => {
  it('accepts loopback URLs over http and https on any port only with allowHttpLocalhost', () => {
    const dev = acme({ allowHttpLocalhost: true });
    const loopback = { ok: `${LOOPBACK_DOMAIN_ID}/*` };
    for (const url of [
      'http://localhost/cb',
      'http://localhost:3000/any/path?x=1',
      'https://localhost:8443/',
      'http://127.0.0.1:5173/cb',
      'http://[::1]:8080/cb',
    ]) {
      expect(outcome(dev, url), url).toEqual(loopback);
      expect(outcome(acme(), url), url).not.toEqual(loopback);
    }
    expect(outcome(dev, 'http://app.localhost/cb')).toEqual(invalid('scheme'));
    expect(outcome(dev, 'http://localhost.evil.com/cb')).toEqual(invalid('scheme'));
    expect(outcome(dev, 'http://127.0.0.2/cb')).toEqual(invalid('scheme'));
    expect(outcome(dev, 'http://acme.co/oauth')).toEqual(invalid('scheme'));
    // Other schemes on a loopback host stay refused, canonical or not.
    for (const url of [
      'javascript://localhost/alert(1)',
      'ftp://localhost/',
      'ws://127.0.0.1/',
      'file://localhost/etc/passwd',
      'JAVASCRIPT://localhost/alert(1)',
    ]) {
      expect(outcome(dev, url), url).toEqual(invalid('scheme'));
    }
    // With an encoded line feed too: refused for its scheme or for the %0a, whichever is seen first.
    for (const url of [
      'javascript://localhost/%0aalert(1)',
      'JAVASCRIPT://localhost/%0aalert(1)',
    ]) {
      expect([invalid('scheme'), invalid('control_character')], url).toContainEqual(
        outcome(dev, url),
      );
    }
    // The raw checks still apply to loopback URLs.
    expect(outcome(dev, 'http://localhost/a/../b')).toEqual(invalid('dot_segment'));
    expect(outcome(dev, 'http://user@localhost/')).toEqual(invalid('userinfo'));
    expect(outcome(dev, 'http://localhost/#x')).toEqual(invalid('fragment'));
  });

  it('accepts a non-default port only when it is listed', () => {
    const ports = acme({ allowedPorts: [8443, 0, 70000, 1.5] });
    expect(outcome(ports, 'https://acme.co:8443/oauth')).toEqual({ ok: 'acme/oauth' });
    expect(outcome(ports, 'https://acme.co:8444/oauth')).toEqual(invalid('port'));
    expect(outcome(ports, 'https://acme.co:443/oauth')).toEqual({ ok: 'acme/oauth' });
    expect(outcome(ports, 'https://acme.co:0/oauth')).toEqual(invalid('port'));
  });
});

describe('compileRedirectPolicy', () => {
  it('returns a frozen policy whose authorize works detached', () => {
    const policy = acme();
    expect(Object.isFrozen(policy)).toBe(true);
    const { authorize } = policy;
    expect(authorize('https://acme.co/oauth').isOk()).toBe(true);
    // Each decision is a fresh object: changing one answer cannot change the next.
    const first = authorize('https://acme.co/oauth')._unsafeUnwrap() as { url: string };
    first.url = 'https://evil.com/';
    expect(authorize('https://acme.co/oauth')._unsafeUnwrap().url).toBe('https://acme.co/oauth');
  });

  it('does not change when its input is mutated afterwards', () => {
    const domains = [{ id: 'acme', apex: 'acme.co' }];
    const patterns = [{ id: 'oauth', domainId: 'acme', host: 'acme.co', pathPrefix: '/oauth' }];
    const policy = compileRedirectPolicy({ domains, patterns });
    domains.push({ id: 'evil', apex: 'evil.com' });
    patterns.length = 0;
    expect(outcome(policy, 'https://evil.com/')).toEqual(NOT_VERIFIED);
    expect(outcome(policy, 'https://acme.co/admin')).toEqual(NOT_REGISTERED);
  });

  it('canonicalizes stored prefixes and hosts the way patterns are parsed', () => {
    const policy = compileRedirectPolicy({
      domains: [{ id: 'acme', apex: 'ACME.co.' }],
      patterns: [
        { id: 'a', domainId: 'acme', host: 'App.Acme.co', pathPrefix: '/oauth/' },
        { id: 'b', domainId: 'acme', host: 'app.acme.co', pathPrefix: '/caf\u00e9' },
        { id: 'c', domainId: 'acme', host: 'app.acme.co', pathPrefix: '/%7euser' },
      ],
    });
    expect(outcome(policy, 'https://app.acme.co/oauth/x')).toEqual({ ok: 'acme/a' });
    expect(outcome(policy, 'https://app.acme.co/caf%c3%a9/x')).toEqual({ ok: 'acme/b' });
    expect(outcome(policy, 'https://app.acme.co/caf%C3%A9')).toEqual({ ok: 'acme/b' });
    expect(outcome(policy, 'https://app.acme.co/~user')).toEqual({ ok: 'acme/c' });
    expect(outcome(policy, 'https://app.acme.co/%7Euser/x')).toEqual({ ok: 'acme/c' });
  });

  it('fails closed on rows that cannot be honoured', () => {
    const policy = compileRedirectPolicy({
      domains: [
        { id: 'acme', apex: 'acme.co' },
        { id: 'dup', apex: 'acme.co' },
        { id: 'broken', apex: '' },
        { id: 'open', apex: 'open.io' },
        { id: 'exact', apex: 'x.example.com', exact: true },
      ],
      patterns: [
        // Host outside its domain, bad prefixes: never match, but the domain has patterns.
        { id: 'outside', domainId: 'open', host: 'evil.com', pathPrefix: '/' },
        { id: 'relative', domainId: 'open', host: 'open.io', pathPrefix: 'cb' },
        { id: 'dots', domainId: 'open', host: 'open.io', pathPrefix: '/a/../b' },
        { id: 'sub-of-exact', domainId: 'exact', host: 'a.x.example.com', pathPrefix: '/' },
        // Unknown domain and the shadowed duplicate: ignored.
        { id: 'ghost', domainId: 'nope', host: 'ghost.com', pathPrefix: '/' },
        { id: 'shadow', domainId: 'dup', host: 'acme.co', pathPrefix: '/x' },
      ],
    });
    expect(outcome(policy, 'https://open.io/cb')).toEqual(NOT_REGISTERED);
    expect(outcome(policy, 'https://open.io/b')).toEqual(NOT_REGISTERED);
    expect(outcome(policy, 'https://evil.com/')).toEqual(NOT_VERIFIED);
    expect(outcome(policy, 'https://ghost.com/')).toEqual(NOT_VERIFIED);
    expect(outcome(policy, 'https://x.example.com/')).toEqual(NOT_REGISTERED);
    expect(outcome(policy, 'https://a.x.example.com/')).toEqual(NOT_VERIFIED);
    // The first `acme.co` row wins; it has no patterns, so anything on it is accepted.
    expect(outcome(policy, 'https://acme.co/y')).toEqual({ ok: 'acme/*' });
  });

  it('lets the first of duplicate patterns answer', () => {
    const policy = compileRedirectPolicy({
      domains: [{ id: 'acme', apex: 'acme.co' }],
      patterns: [
        { id: 'first', domainId: 'acme', host: 'acme.co', pathPrefix: '/cb' },
        { id: 'second', domainId: 'acme', host: 'acme.co', pathPrefix: '/cb/' },
      ],
    });
    expect(outcome(policy, 'https://acme.co/cb')).toEqual({ ok: 'acme/first' });
  });

  it('accepts nothing when there are no domains', () => {
    const policy = compileRedirectPolicy({ domains: [], patterns: [] });
    expect(outcome(policy, 'https://acme.co/')).toEqual(NOT_VERIFIED);
  });

  it('answers the same with 10 000 patterns as with one (index, not scan)', () => {
    const patterns = Array.from({ length: 10_000 }, (_, i) => ({
      id: `p${i}`,
      domainId: 'acme',
      host: `t${i % 500}.acme.co`,
      pathPrefix: `/cb/${i}`,
    }));
    patterns.push({ id: 'oauth', domainId: 'acme', host: 'acme.co', pathPrefix: '/oauth' });
    const policy = compileRedirectPolicy({ domains: [{ id: 'acme', apex: 'acme.co' }], patterns });
    expect(outcome(policy, 'https://acme.co/oauth/x')).toEqual({ ok: 'acme/oauth' });
    expect(outcome(policy, 'https://t7.acme.co/cb/507/x')).toEqual({ ok: 'acme/p507' });
    expect(outcome(policy, 'https://t7.acme.co/cb/508')).toEqual(NOT_REGISTERED);
    expect(outcome(policy, 'https://t7.acme.co/cb/5070')).toEqual(NOT_REGISTERED);
  });
});
