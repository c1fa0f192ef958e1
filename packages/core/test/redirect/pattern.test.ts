import { describe, expect, it } from 'vitest';
import {
  parseRedirectPattern,
  type RedirectPatternInvalidReason,
  type RedirectPatternParts,
} from '../../src/index.js';

type Input = string | RedirectPatternParts;

/** `host pathPrefix apex` of an accepted pattern, or the refusal reason. */
function parsed(input: Input, policy?: Parameters<typeof parseRedirectPattern>[1]): string {
  const result = parseRedirectPattern(input, policy);
  if (result.isErr()) return `refused:${result.error.details.reason}`;
  const { host, pathPrefix, apex } = result.value;
  return `${host} ${pathPrefix} ${apex}`;
}

describe('parseRedirectPattern: accepted forms', () => {
  it.each<[Input, string]>([
    ['https://acme.co', 'acme.co / acme.co'],
    ['https://acme.co/', 'acme.co / acme.co'],
    ['https://app.acme.co/oauth/callback', 'app.acme.co /oauth/callback acme.co'],
    ['HTTPS://App.ACME.co/oauth', 'app.acme.co /oauth acme.co'],
    ['https://acme.co./oauth', 'acme.co /oauth acme.co'],
    ['https://a.b.acme.co.uk/x', 'a.b.acme.co.uk /x acme.co.uk'],
    ['https://b\u00fccher.de/', 'xn--bcher-kva.de / xn--bcher-kva.de'],
    // A trailing slash is dropped: `/oauth/` and `/oauth` are one pattern.
    ['https://acme.co/oauth/', 'acme.co /oauth acme.co'],
    // Percent-encoding normalized: uppercase hex, unreserved characters decoded.
    ['https://acme.co/caf%c3%a9/%7e%41-%5F', 'acme.co /caf%C3%A9/~A-_ acme.co'],
    // Characters the URL parser encodes are encoded the same way.
    ['https://acme.co/caf\u00e9', 'acme.co /caf%C3%A9 acme.co'],
    ['https://acme.co/a"b<c>`{}', 'acme.co /a%22b%3Cc%3E%60%7B%7D acme.co'],
    ['https://acme.co/a;b=c/@x/~y/v1.0/...', 'acme.co /a;b=c/@x/~y/v1.0/... acme.co'],
    ['https://acme.co/%20x', 'acme.co /%20x acme.co'],
    [{ apex: 'acme.co' }, 'acme.co / acme.co'],
    [{ subdomain: 'app', apex: 'acme.co' }, 'app.acme.co / acme.co'],
    [{ subdomain: 'app.id', apex: 'acme.co', path: '/oauth/' }, 'app.id.acme.co /oauth acme.co'],
    [{ subdomain: '', apex: 'acme.co', path: '' }, 'acme.co / acme.co'],
    [{ subdomain: 'APP', apex: 'Acme.Co', path: '/x' }, 'app.acme.co /x acme.co'],
    // The object form's apex may be a subject in hostname mode: the apex is derived.
    [{ apex: 'app.acme.co' }, 'app.acme.co / acme.co'],
    [{ subdomain: 'x', apex: 'app.acme.co' }, 'x.app.acme.co / acme.co'],
  ])('%j → %s', (input, expected) => {
    expect(parsed(input)).toBe(expected);
  });

  it('returns frozen values', () => {
    const result = parseRedirectPattern('https://acme.co/x');
    expect(result.isOk() && Object.isFrozen(result.value)).toBe(true);
  });

  it('applies the apex policy to the host', () => {
    expect(parsed('https://app.acme.test/x')).toBe('refused:host');
    expect(parsed('https://app.acme.test/x', { extraSuffixes: ['test'] })).toBe(
      'app.acme.test /x acme.test',
    );
    expect(parsed('https://b\u00fccher.de/', { idn: 'reject' })).toBe('refused:host');
  });
});

describe('parseRedirectPattern: every refusal reason', () => {
  const table: [Input, RedirectPatternInvalidReason][] = [
    // malformed
    ['https:acme.co/x', 'malformed'],
    ['https:///x', 'malformed'],
    ['https://', 'malformed'],
    ['https://acme.co/a b', 'malformed'],
    ['https://acme.co/a\tb', 'malformed'],
    ['https://acme.co/x\n', 'malformed'],
    [' https://acme.co/', 'malformed'],
    [{ apex: 42 } as unknown as RedirectPatternParts, 'malformed'],
    [{ apex: 'acme.co', path: 7 } as unknown as RedirectPatternParts, 'malformed'],
    [null as unknown as string, 'malformed'],
    [undefined as unknown as string, 'malformed'],
    // scheme
    ['http://acme.co/x', 'scheme'],
    ['ftp://acme.co/x', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['acme.co/x', 'scheme'],
    ['//acme.co/x', 'scheme'],
    ['', 'scheme'],
    // userinfo
    ['https://user@acme.co/x', 'userinfo'],
    ['https://user:pw@acme.co/x', 'userinfo'],
    ['https://@acme.co/x', 'userinfo'],
    // port
    ['https://acme.co:8443/x', 'port'],
    ['https://acme.co:443/x', 'port'],
    ['https://acme.co:/x', 'port'],
    // query
    ['https://acme.co/x?y=1', 'query'],
    ['https://acme.co?x', 'query'],
    [{ apex: 'acme.co', path: '/x?y' }, 'query'],
    // fragment
    ['https://acme.co/x#y', 'fragment'],
    ['https://acme.co#', 'fragment'],
    [{ apex: 'acme.co', path: '/x#' }, 'fragment'],
    // backslash
    ['https://acme.co/x\\y', 'backslash'],
    ['https://acme.co\\@evil.com/', 'backslash'],
    [{ apex: 'acme.co', path: '/\\evil.com' }, 'backslash'],
    // dot_segment
    ['https://acme.co/a/../b', 'dot_segment'],
    ['https://acme.co/a/./b', 'dot_segment'],
    ['https://acme.co/..', 'dot_segment'],
    ['https://acme.co/a/%2e%2e/b', 'dot_segment'],
    ['https://acme.co/a/.%2E', 'dot_segment'],
    ['https://acme.co/a/..;x/b', 'dot_segment'],
    [{ apex: 'acme.co', path: '/.' }, 'dot_segment'],
    // encoded_separator
    ['https://acme.co/a%2fb', 'encoded_separator'],
    ['https://acme.co/a%2Fb', 'encoded_separator'],
    ['https://acme.co/a%5cb', 'encoded_separator'],
    ['https://acme.co/a%5Cb', 'encoded_separator'],
    ['https://acme.co/a%2eb', 'encoded_separator'],
    ['https://acme.co/..%2fb', 'encoded_separator'],
    ['https://acme.co/a/%252e%252e/b', 'encoded_separator'],
    ['https://acme.co/a/%252F', 'encoded_separator'],
    ['https://acme.co/a%255c', 'encoded_separator'],
    ['https://acme.co/50%25', 'encoded_separator'],
    ['https://acme.co/a/%c0%ae', 'encoded_separator'],
    [{ apex: 'acme.co', path: '/x/%252e' }, 'encoded_separator'],
    // path
    [{ apex: 'acme.co', path: 'oauth' }, 'path'],
    [{ apex: 'acme.co', path: '/a b' }, 'path'],
    ['https://acme.co//x', 'path'],
    ['https://acme.co/a//b', 'path'],
    ['https://acme.co/a//', 'path'],
    ['https://acme.co/a%zz', 'path'],
    ['https://acme.co/a%2', 'path'],
    ['https://acme.co/a%', 'path'],
    ['https://acme.co/a/%00', 'path'],
    ['https://acme.co/a%0A', 'path'],
    ['https://acme.co/a%1f', 'path'],
    ['https://acme.co/a%7F', 'path'],
    [{ apex: 'acme.co', path: '/x%0d%0a' }, 'path'],
    // host
    ['https://co.uk/x', 'host'],
    ['https://localhost/x', 'host'],
    ['https://127.0.0.1/x', 'host'],
    ['https://[::1]/x', 'host'],
    ['https://a_b.acme.co/x', 'host'],
    ['https://*.acme.co/x', 'host'],
    ['https://acme%2eco/x', 'host'],
    ['https://\u0430pple.com/x', 'host'],
    [{ apex: '' }, 'host'],
    [{ subdomain: '*', apex: 'acme.co' }, 'host'],
    [{ subdomain: 'app.', apex: 'acme.co' }, 'host'],
    [{ subdomain: 'evil.com/', apex: 'acme.co' }, 'host'],
    [{ subdomain: 'evil.com#', apex: 'acme.co' }, 'host'],
    [{ subdomain: 'x', apex: 'https://acme.co' }, 'host'],
    [{ subdomain: 'x', apex: 'acme.co:443' }, 'host'],
    [{ subdomain: 'a@b', apex: 'acme.co' }, 'host'],
    [{ apex: 'co.uk' }, 'host'],
  ];
  it.each(table)('%j is refused: %s', (input, reason) => {
    expect(parsed(input)).toBe(`refused:${reason}`);
  });

  it('covers every reason of the catalog', () => {
    const all: RedirectPatternInvalidReason[] = [
      'malformed',
      'scheme',
      'userinfo',
      'port',
      'query',
      'fragment',
      'backslash',
      'dot_segment',
      'encoded_separator',
      'path',
      'host',
    ];
    expect(new Set(table.map(([, reason]) => reason))).toEqual(new Set(all));
  });

  it('returns a catalog error with the input, a specific message and the 422 status', () => {
    const result = parseRedirectPattern('https://acme.co//x');
    expect(result.isErr() && result.error).toMatchObject({
      code: 'REDIRECT_PATTERN_INVALID',
      status: 422,
      docs: 'errors/redirect-pattern-invalid',
      details: { reason: 'path', input: 'https://acme.co//x' },
      message: 'The path must not contain an empty segment (//).',
    });
    const host = parseRedirectPattern({ subdomain: 'app', apex: 'co.uk' });
    expect(host.isErr() && host.error.details.input).toBe('https://app.co.uk');
    expect(host.isErr() && host.error.message).toContain('public_suffix');
  });
});
