// The redirect adversarial table of issue 2 (DESIGN §7): every listed URL is refused, with the
// exact error code and reason; plus neighbours of each attack and the URLs that must pass.
import { describe, expect, it } from 'vitest';
import { compileRedirectPolicy, type RedirectUrlInvalidReason } from '../../src/index.js';
import { acme, invalid, NOT_REGISTERED, NOT_VERIFIED, type Outcome, outcome } from './helpers.js';

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
    ['https://acme.co/oauth\r', invalid('control_character')],
    ['https://acme.co/oauth%0d%0aSet-Cookie:x', invalid('control_character')],
    ['https://acme.co/oauth\n', invalid('control_character')],
    ['https://ac\tme.co/oauth', invalid('control_character')],
    ['//evil.com', invalid('malformed')],
    ['https://acme.co//evil.com', NOT_REGISTERED],
    ['/\\evil.com', invalid('backslash')],
    ['https://acme.co/oauth/\\evil.com', invalid('backslash')],
    ['https://acme.co/\\evil.com', invalid('backslash')],
    ['https://acme.co/oauth%2F..', invalid('encoded_separator')],
    ['https://acme.co/oauth%5C..%5Cadmin', invalid('encoded_separator')],
    // Double encoding: a server or proxy that decodes twice sees `/oauth/../admin`.
    ['https://acme.co/oauth/%252e%252e/admin', invalid('encoded_separator')],
    ['https://acme.co/oauth/%252E%252E/admin', invalid('encoded_separator')],
    ['https://acme.co/oauth/%252f..', invalid('encoded_separator')],
    ['https://acme.co/oauth/%255cadmin', invalid('encoded_separator')],
    ['https://acme.co/oauth/..%252fadmin', invalid('encoded_separator')],
    ['https://acme.co/oauth/%25252e%25252e/admin', invalid('encoded_separator')],
    ['https://acme.co/oauth/%00', invalid('control_character')],
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
    // Any encoded `%` is refused: no second decoding can then create a new escape.
    ['https://acme.co/oauth/%25', invalid('encoded_separator')],
    ['https://acme.co/oauth/50%25off', invalid('encoded_separator')],
    ['https://acme.co/oauth/%2541', invalid('encoded_separator')],
    ['https://acme.co/oauth;%252e', invalid('encoded_separator')],
    // Encoded C0 controls and DEL, in any case.
    ['https://acme.co/oauth/%0a', invalid('control_character')],
    ['https://acme.co/oauth/a%0Db', invalid('control_character')],
    ['https://acme.co/oauth/%1f', invalid('control_character')],
    ['https://acme.co/oauth/%7F', invalid('control_character')],
    ['https://acme.co/oauth;%00', invalid('control_character')],
    // A stray `%` that a lenient first decoding leaves in place, so a second one reads `%2e`.
    ['https://acme.co/oauth/%%32%65%%32%65/admin', invalid('malformed')],
    ['https://acme.co/oauth/%2%65%2%65/admin', invalid('malformed')],
    ['https://acme.co/oauth/%zz', invalid('malformed')],
    ['https://acme.co/oauth/%', invalid('malformed')],
    ['https://acme.co/oauth%2', invalid('malformed')],
    // Overlong UTF-8 spellings of `.`, `/` and `\` (never valid UTF-8; lenient decoders
    // read them as the ASCII character).
    ['https://acme.co/oauth/%c0%ae%c0%ae/admin', invalid('encoded_separator')],
    // Compatibility forms of the separators, which NFKC-folding servers turn into `..` and `/`.
    ['https://acme.co/oauth/%ef%bc%8e%ef%bc%8e/admin', invalid('encoded_separator')],
    ['https://acme.co/oauth/\uff0e\uff0e/admin', invalid('encoded_separator')],
    ['https://acme.co/oauth%ef%bc%8fadmin', invalid('encoded_separator')],
    ['https://acme.co/oauth/%80', invalid('encoded_separator')],
    ['https://acme.co/oauth/%c2%85Set-Cookie', invalid('control_character')],
    ['https://acme.co/oauth/%e2%80%a8', invalid('control_character')],
    ['https://acme.co/oauth/%C0%AF', invalid('encoded_separator')],
    ['https://acme.co/oauth/%c1%9c', invalid('encoded_separator')],
    ['https://acme.co/oauth/%e0%80%ae', invalid('encoded_separator')],
    ['https://acme.co/oauth/%f0%80%80%af', invalid('encoded_separator')],
    ['https://acme.co/oauth/%f8%80%80%80%ae', invalid('encoded_separator')],
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
    // Valid UTF-8 escapes, including leads that are only overlong with some continuations.
    'https://acme.co/oauth/%E0%A4%85',
    'https://acme.co/oauth/%f0%9f%98%80',
    'https://acme.co/oauth/%e2%82%ac%C3%A9',
    'https://acme.co/oauth/%20',
    // The query string is not inspected: it cannot change where the browser goes.
    'https://acme.co/oauth?x=%252e%252e&y=%00&z=%',
  ];
  it.each(accepted)('accepts %s', (url) => {
    expect(outcome(policy, url)).toEqual({ ok: 'acme/oauth' });
  });

  it('refuses the double-encoded paths of the review on a pattern of a subdomain', () => {
    const policy = compileRedirectPolicy({
      domains: [{ id: 'acme', apex: 'acme.co' }],
      patterns: [{ id: 'oauth', domainId: 'acme', host: 'app.acme.co', pathPrefix: '/oauth' }],
    });
    expect(outcome(policy, 'https://app.acme.co/oauth/%252e%252e/admin')).toEqual(
      invalid('encoded_separator'),
    );
    expect(outcome(policy, 'https://app.acme.co/oauth/%252f..')).toEqual(
      invalid('encoded_separator'),
    );
    expect(outcome(policy, 'https://app.acme.co/oauth/%00')).toEqual(invalid('control_character'));
    expect(outcome(policy, 'https://app.acme.co/oauth/cb')).toEqual({ ok: 'acme/oauth' });
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

describe('REDIRECT_URL_INVALID reasons', () => {
  // `satisfies` makes a new reason in error-details.ts fail to compile until it has an example here.
  const examples = {
    malformed: 'https:///acme.co/oauth',
    scheme: 'http://acme.co/oauth',
    userinfo: 'https://acme.co@evil.com/oauth',
    port: 'https://acme.co:8443/oauth',
    fragment: 'https://acme.co/oauth#@evil.com',
    backslash: 'https://evil.com\\@acme.co/oauth',
    control_character: 'https://acme.co/oauth\r\n',
    dot_segment: 'https://acme.co/oauth/../admin',
    encoded_separator: 'https://acme.co/oauth/..%2fadmin',
    too_long: `https://${'a.'.repeat(130)}acme.co/oauth`,
    // Node 20's parser maps U+1E9E to `ss`, UTS #46 to `ß`: the runtime would judge `strasse`.
    host_mismatch: 'https://STRA\u1e9eE.acme.co/oauth',
  } as const satisfies Record<RedirectUrlInvalidReason, string>;

  // Runtimes whose URL parser follows current UTS #46 (Deno, Bun, workerd) read `ẞ` as `ß`
  // themselves: there the two readings agree and the URL is judged on `xn--strae-oqa`.
  const runtimeFoldsSharpS = new URL('https://\u1e9e.test/').hostname === 'ss.test';
  const expectedHere = Object.entries(examples).filter(
    ([reason]) => reason !== 'host_mismatch' || runtimeFoldsSharpS,
  );

  it.each(expectedHere)('%s', (reason, url) => {
    const result = acme().authorize(url);
    expect(result.isErr() && result.error).toMatchObject({
      code: 'REDIRECT_URL_INVALID',
      status: 400,
      details: { reason, url },
    });
  });

  it.skipIf(runtimeFoldsSharpS)('ẞ where the runtime agrees with UTS #46: judged as ß', () => {
    // Only https://acme.co/oauth is registered, so the ß subdomain is judged and not found.
    const result = acme().authorize(examples.host_mismatch);
    expect(result.isErr() && result.error).toMatchObject({
      code: 'REDIRECT_URL_PATTERN_NOT_REGISTERED',
      details: { host: 'xn--strae-oqa.acme.co' },
    });
  });
});
