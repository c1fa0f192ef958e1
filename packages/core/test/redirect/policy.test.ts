import { describe, expect, it } from 'vitest';
import {
  compileRedirectPolicy,
  LOOPBACK_DOMAIN_ID,
  type RedirectPolicy,
  type RedirectPolicyOptions,
} from '../../src/index.js';

type Outcome =
  | { ok: string }
  | { code: 'REDIRECT_URL_INVALID'; reason: string }
  | { code: 'REDIRECT_URL_DOMAIN_NOT_VERIFIED' | 'REDIRECT_URL_PATTERN_NOT_REGISTERED' };

/** The decision in one comparable value: `{ ok: 'domainId/patternId' }` or the error code. */
function outcome(policy: RedirectPolicy, url: string): Outcome {
  const result = policy.authorize(url);
  if (result.isOk()) return { ok: `${result.value.domainId}/${result.value.patternId ?? '*'}` };
  const error = result.error;
  if (error.code === 'REDIRECT_URL_INVALID') {
    return { code: error.code, reason: (error.details as { reason: string }).reason };
  }
  return { code: error.code };
}

const invalid = (reason: string): Outcome => ({ code: 'REDIRECT_URL_INVALID', reason });
const NOT_VERIFIED: Outcome = { code: 'REDIRECT_URL_DOMAIN_NOT_VERIFIED' };
const NOT_REGISTERED: Outcome = { code: 'REDIRECT_URL_PATTERN_NOT_REGISTERED' };

/** `acme.co` verified with the single pattern `https://acme.co/oauth`. */
const acme = (options?: RedirectPolicyOptions) =>
  compileRedirectPolicy(
    {
      domains: [{ id: 'acme', apex: 'acme.co' }],
      patterns: [{ id: 'oauth', domainId: 'acme', host: 'acme.co', pathPrefix: '/oauth' }],
    },
    options,
  );

describe('authorize: the adversarial table (acme.co verified, https://acme.co/oauth registered)', () => {
  const policy = acme();
  const refused: [string, Outcome][] = [
    ['https://acme.co@evil.com/oauth', invalid('userinfo')],
    ['https://evil.com\\@acme.co/oauth', invalid('backslash')],
    ['https://acme.co.evil.com/oauth', NOT_VERIFIED],
    ['https://evilacme.co/oauth', NOT_VERIFIED],
    ['http://acme.co/oauth', invalid('scheme')],
    ['https://acme.co:8443/oauth', invalid('port')],
    ['https://acme.co/oauthx', NOT_REGISTERED],
    ['https://acme.co/OAUTH', NOT_REGISTERED],
    ['https://acme.co/oauth/../admin', invalid('dot_segment')],
    ['https://acme.co/oauth/%2e%2e/admin', invalid('dot_segment')],
    ['https://acme.co/oauth/..%2fadmin', invalid('encoded_separator')],
    ['https://acme.co/oauth%2f..', invalid('encoded_separator')],
    ['https://acme.co/oauth%5cevil', invalid('encoded_separator')],
    ['https://acme.co/oauth#@evil.com', invalid('fragment')],
    ['https://acme.co/oa\r\nuth', invalid('control_character')],
    ['https://acme.co/oauth\n', invalid('control_character')],
    ['https://ac\tme.co/oauth', invalid('control_character')],
    ['//evil.com', invalid('malformed')],
    ['/\\evil.com', invalid('backslash')],
    ['https://acme.co/oauth/\\evil.com', invalid('backslash')],
  ];
  it.each(refused)('refuses %s', (url, expected) => {
    expect(outcome(policy, url)).toEqual(expected);
  });

  const more: [string, Outcome][] = [
    ['https://@acme.co/oauth', invalid('userinfo')],
    ['https://:@acme.co/oauth', invalid('userinfo')],
    ['https://user:pw@acme.co/oauth', invalid('userinfo')],
    ['https://acme.co/oauth#', invalid('fragment')],
    ['https://acme.co/oauth?x#y', invalid('fragment')],
    ['https://acme.co/oauth/./cb', invalid('dot_segment')],
    ['https://acme.co/oauth/.%2E/admin', invalid('dot_segment')],
    ['https://acme.co/oauth/%2E./admin', invalid('dot_segment')],
    ['https://acme.co/oauth/..;/admin', invalid('dot_segment')],
    ['https://acme.co/oauth/..', invalid('dot_segment')],
    ['https://acme.co/oauth/a%2Eb', invalid('encoded_separator')],
    ['https://acme.co/oauth/%5C', invalid('encoded_separator')],
    ['https://acme.co/oauth/%2F', invalid('encoded_separator')],
    ['https://acme.co/oauth;x', NOT_REGISTERED],
    // `%20` is an encoded space, not a separator: it is simply not the registered path.
    ['https://acme.co/oauth%20', NOT_REGISTERED],
    ['https://acme.co/oauth x', invalid('malformed')],
    ['https://acme.co/oauth\u00a0', invalid('malformed')],
    ['https://acme.co/oauth\u0085', invalid('control_character')],
    ['https://acme.co/oauth\u007f', invalid('control_character')],
    [' https://acme.co/oauth', invalid('malformed')],
    ['https:acme.co/oauth', invalid('malformed')],
    ['https:/acme.co/oauth', invalid('malformed')],
    ['https:///acme.co/oauth', invalid('malformed')],
    ['https://acme%2eco/oauth', invalid('malformed')],
    ['javascript:alert(1)//acme.co/oauth', invalid('scheme')],
    ['data:text/html,acme.co', invalid('scheme')],
    ['ftp://acme.co/oauth', invalid('scheme')],
    ['acme.co/oauth', invalid('malformed')],
    ['', invalid('malformed')],
    ['https://', invalid('malformed')],
    ['https://acme.co./oauth', invalid('malformed')],
    ['https://.acme.co/oauth', invalid('malformed')],
    ['https://app..acme.co/oauth', invalid('malformed')],
    ['https://co/oauth', NOT_VERIFIED],
    ['https://127.0.0.1/oauth', NOT_VERIFIED],
    ['https://[::1]/oauth', NOT_VERIFIED],
    ['https://localhost/oauth', NOT_VERIFIED],
    ['http://localhost/oauth', invalid('scheme')],
    ['https://www.acme.co/oauth', NOT_REGISTERED],
    ['https://acme.co/', NOT_REGISTERED],
    ['https://acme.co', NOT_REGISTERED],
    ['https://acme.co/oaut', NOT_REGISTERED],
  ];
  it.each(more)('also refuses %s', (url, expected) => {
    expect(outcome(policy, url)).toEqual(expected);
  });

  const accepted = [
    'https://acme.co/oauth',
    'https://acme.co/oauth/',
    'https://acme.co/oauth/cb?x=1',
    'https://acme.co/oauth?next=/admin&x=..%2f',
    'https://acme.co/oauth/cb?path=a\\b',
    'https://ACME.CO/oauth',
    'HTTPS://acme.co/oauth',
    'https://acme.co:443/oauth',
    'https://acme.co/%6Fauth/cb',
    'https://acme.co/oauth//cb',
    'https://acme.co/oauth/caf\u00e9',
    'https://acme.co/oauth/@evil.com',
  ];
  it.each(accepted)('accepts %s', (url) => {
    expect(outcome(policy, url)).toEqual({ ok: 'acme/oauth' });
  });

  it('never throws on a value that is not a string', () => {
    for (const value of [undefined, null, 42, {}, Symbol('x'), ['https://acme.co/oauth']]) {
      expect(outcome(policy, value as unknown as string)).toEqual(invalid('malformed'));
    }
  });

  it('echoes the URL in the error details, cut to 2048 characters', () => {
    const long = `https://acme.co/oauth#${'x'.repeat(5000)}`;
    const result = policy.authorize(long);
    expect(result.isErr() && result.error.details).toEqual({
      reason: 'fragment',
      url: long.slice(0, 2048),
    });
  });

  it('reports the parsed host and path of a URL that matches no pattern', () => {
    const result = policy.authorize('https://ACME.co/OAUTH?x=1');
    expect(result.isErr() && result.error).toMatchObject({
      code: 'REDIRECT_URL_PATTERN_NOT_REGISTERED',
      status: 400,
      details: { host: 'acme.co', path: '/OAUTH' },
    });
    const other = policy.authorize('https://evil.com/');
    expect(other.isErr() && other.error.details).toEqual({ host: 'evil.com' });
  });
});

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
      'javascript://localhost/%0aalert(1)',
      'ftp://localhost/',
      'ws://127.0.0.1/',
      'file://localhost/etc/passwd',
      'JAVASCRIPT://localhost/%0aalert(1)',
    ]) {
      expect(outcome(dev, url), url).toEqual(invalid('scheme'));
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
    const result = authorize('https://acme.co/oauth');
    expect(result.isOk() && Object.isFrozen(result.value)).toBe(true);
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
