// Property tests of redirect authorization and pattern parsing (fast-check). The policy under
// test is checked against a naive model: a linear scan over subjects and patterns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileRedirectPolicy,
  parseRedirectPattern,
  type RedirectPolicyDomain,
  type RedirectPolicyPattern,
} from '../../src/index.js';
import { normalizePercentEncoding } from '../../src/redirect/percent.js';

const domains: RedirectPolicyDomain[] = [
  { id: 'acme', apex: 'acme.co' },
  { id: 'shop', apex: 'shop.example.com', exact: true },
  { id: 'uk', apex: 'acme.co.uk' },
  { id: 'open', apex: 'open.io' },
];
const patterns: RedirectPolicyPattern[] = [
  { id: 'oauth', domainId: 'acme', host: 'acme.co', pathPrefix: '/oauth' },
  { id: 'cb', domainId: 'acme', host: 'app.acme.co', pathPrefix: '/cb' },
  { id: 'cb-deep', domainId: 'acme', host: 'app.acme.co', pathPrefix: '/cb/deep' },
  { id: 'caf', domainId: 'acme', host: 'app.acme.co', pathPrefix: '/caf%C3%A9' },
  { id: 'id-root', domainId: 'acme', host: 'id.acme.co', pathPrefix: '/' },
  { id: 'pay', domainId: 'shop', host: 'shop.example.com', pathPrefix: '/pay' },
  { id: 'uk-a', domainId: 'uk', host: 'www.acme.co.uk', pathPrefix: '/a' },
];
const policy = compileRedirectPolicy({ domains, patterns });

// ---- the model ---------------------------------------------------------------------------

/** The longest subject governing `host`, by a linear scan. */
function modelDomain(host: string): RedirectPolicyDomain | undefined {
  const covering = domains.filter((d) =>
    d.exact ? host === d.apex : host === d.apex || host.endsWith(`.${d.apex}`),
  );
  return covering.sort((a, b) => b.apex.length - a.apex.length)[0];
}

const continues = (path: string, prefix: string): boolean =>
  prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);

/** The decision on a URL the parser accepted and the raw checks passed. */
function modelDecision(url: URL): string {
  const domain = modelDomain(url.hostname);
  if (domain === undefined) return 'REDIRECT_URL_DOMAIN_NOT_VERIFIED';
  const own = patterns.filter((p) => p.domainId === domain.id);
  if (own.length === 0) return `${domain.id}/*`;
  const path = normalizePercentEncoding(url.pathname);
  const best = own
    .filter((p) => p.host === url.hostname && continues(path, p.pathPrefix))
    .sort((a, b) => b.pathPrefix.length - a.pathPrefix.length)[0];
  return best === undefined ? 'REDIRECT_URL_PATTERN_NOT_REGISTERED' : `${domain.id}/${best.id}`;
}

// ---- generators --------------------------------------------------------------------------

const hosts = [
  'acme.co',
  'app.acme.co',
  'id.acme.co',
  'x.app.acme.co',
  'evilacme.co',
  'acme.co.evil.com',
  'shop.example.com',
  'a.shop.example.com',
  'example.com',
  'open.io',
  'z.y.open.io',
  'acme.co.uk',
  'www.acme.co.uk',
  'co.uk',
];
const cleanHost = fc.constantFrom(...hosts);
const cleanSegment = fc.constantFrom('oauth', 'cb', 'deep', 'a', 'pay', 'OAUTH', 'oauthx', 'x', '');
const cleanPath = fc
  .array(cleanSegment, { maxLength: 4 })
  .map((segments) => segments.map((s) => `/${s}`).join(''));
const cleanQuery = fc.constantFrom('', '?x=1', '?next=/admin', '?a=b&c=%2F..');
/** Well-formed https URLs on the hosts above: the model decides every one of them. */
const cleanUrl = fc
  .tuple(cleanHost, cleanPath, cleanQuery)
  .map(([host, path, query]) => `https://${host}${path}${query}`);

/** Mostly `common`, sometimes one of `rare`: keeps generated URLs near the valid ones. */
const mostly = (common: fc.Arbitrary<string>, ...rare: string[]) =>
  fc.oneof({ arbitrary: common, weight: 4 }, { arbitrary: fc.constantFrom(...rare), weight: 1 });

/** URL-shaped text full of the syntax attacks use, plus random insertions. */
const trickyUrl = fc
  .tuple(
    mostly(
      fc.constant('https://'),
      'http://',
      'HTTPS://',
      'https:',
      'https:/',
      'https:///',
      '//',
      '/\\',
      'https:\\\\',
      'javascript:',
      '',
    ),
    fc.option(fc.constantFrom('user', 'acme.co', ':', 'evil.com\\', 'a:b', ''), {
      nil: undefined,
      freq: 6,
    }),
    mostly(
      cleanHost,
      'ACME.CO',
      'acme.co.',
      '.acme.co',
      'acme\u3002co',
      '\uff41cme.co',
      'acme%2eco',
      '127.0.0.1',
      '[::1]',
      'localhost',
      '',
    ),
    mostly(fc.constant(''), ':443', ':8443', ':', ':0'),
    fc.array(
      mostly(
        cleanSegment,
        '.',
        '..',
        '%2e',
        '%2E%2e',
        '..;',
        '%2f',
        '%5C',
        '%6Fauth',
        'caf\u00e9',
        'caf%c3%a9',
        '@evil.com',
        '\\',
        ' ',
        '\t',
        '\n',
        '%',
        '%zz',
        ';x',
      ),
      { maxLength: 5 },
    ),
    mostly(cleanQuery, '?a=../b', '#f', '?q#', '?\\', '#', '?@evil.com'),
    fc.nat(),
    fc.string({ unit: 'binary', maxLength: 2 }),
  )
  .map(([scheme, userinfo, host, port, segments, tail, at, noise]) => {
    const url = `${scheme}${userinfo === undefined ? '' : `${userinfo}@`}${host}${port}${segments.map((s) => `/${s}`).join('')}${tail}`;
    const i = at % (url.length + 1);
    return noise.length > 0 && at % 5 === 0 ? url.slice(0, i) + noise + url.slice(i) : url;
  });

/** Every UTF-16 code unit, lone surrogates included. */
const anyCodeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
});
const anyText = fc.oneof(fc.string({ unit: 'binary' }), anyCodeUnits, trickyUrl, cleanUrl);

// ---- authorize ---------------------------------------------------------------------------

describe('authorize (properties)', () => {
  it('never throws, on any string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = policy.authorize(text);
        expect(result.isOk() || result.isErr()).toBe(true);
      }),
      { numRuns: 4000 },
    );
  });

  it('never accepts a host outside the verified subjects, and names the governing one', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = policy.authorize(text);
        if (result.isErr()) return;
        const url = new URL(text);
        const governing = modelDomain(url.hostname);
        expect(governing?.id).toBe(result.value.domainId);
        expect(url.protocol).toBe('https:');
        expect(url.username + url.password + url.hash).toBe('');
      }),
      { numRuns: 4000 },
    );
  });

  it('never accepts a path that neither equals the matched prefix nor continues it after /', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = policy.authorize(text);
        if (result.isErr() || result.value.patternId === null) return;
        const pattern = patterns.find((p) => p.id === result.value.patternId);
        const url = new URL(text);
        expect(pattern?.host).toBe(url.hostname);
        const path = normalizePercentEncoding(url.pathname);
        expect(continues(path, pattern?.pathPrefix ?? '\u0000')).toBe(true);
      }),
      { numRuns: 4000 },
    );
  });

  it('accepts nothing whose raw text has a dot segment, a control character or a backslash', () => {
    fc.assert(
      fc.property(trickyUrl, (text) => {
        if (policy.authorize(text).isErr()) return;
        const beforeQuery = text.split('?')[0] ?? '';
        expect(beforeQuery).not.toMatch(/\\|\/(\.|%2e){1,2}(\/|;|$)/i);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the check
        expect(text).not.toMatch(/[\u0000-\u0020\u007f-\u009f#]/);
      }),
      { numRuns: 4000 },
    );
  });

  it('decides every well-formed URL exactly as the linear model does', () => {
    fc.assert(
      fc.property(cleanUrl, (text) => {
        const result = policy.authorize(text);
        const decision = result.isOk()
          ? `${result.value.domainId}/${result.value.patternId ?? '*'}`
          : result.error.code;
        expect(decision).toBe(modelDecision(new URL(text)));
      }),
      { numRuns: 2000 },
    );
  });
});

// ---- parseRedirectPattern ----------------------------------------------------------------

// No `--` in positions 3-4: such labels are reserved (like `xn--`) and refused as hosts.
const label = fc.stringMatching(/^[a-z0-9]{1,4}(?:-[a-z0-9]{1,4})?$/);
const apexes = fc.constantFrom(
  'acme.co',
  'acme.co.uk',
  'example.com',
  'foo.github.io',
  'b\u00fccher.de',
);
const pathSegment = fc.oneof(
  label,
  fc.constantFrom(
    'caf\u00e9',
    'a"b',
    '%7e',
    '%C3%a9',
    '~x',
    'v1.0',
    'a;b',
    '@',
    '...',
    '%41B',
    '%25',
  ),
);
const patternPath = fc.option(
  fc
    .tuple(fc.array(pathSegment, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([segments, slash]) => `/${segments.join('/')}${slash ? '/' : ''}`),
  { nil: undefined },
);
const patternParts = fc.record({
  subdomain: fc.option(
    fc.array(label, { maxLength: 2 }).map((l) => l.join('.')),
    { nil: undefined },
  ),
  apex: apexes,
  path: patternPath,
});

describe('parseRedirectPattern (properties)', () => {
  it('never throws, on any string or object', () => {
    const anyInput = fc.oneof(
      anyText,
      fc.record({ subdomain: fc.option(anyText), apex: anyText, path: fc.option(anyText) }),
      fc.anything(),
    );
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = parseRedirectPattern(input as string);
        expect(result.isOk() || result.isErr()).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts generated patterns, and its output re-parses to itself in both forms', () => {
    fc.assert(
      fc.property(patternParts, (parts) => {
        const result = parseRedirectPattern(parts);
        if (result.isErr()) throw new Error(`${JSON.stringify(parts)}: ${result.error.message}`);
        const value = result.value;
        const asUrl = `https://${value.host}${value.pathPrefix === '/' ? '' : value.pathPrefix}`;
        expect(parseRedirectPattern(asUrl)._unsafeUnwrap()).toEqual(value);
        const subdomain =
          value.host === value.apex ? undefined : value.host.slice(0, -value.apex.length - 1);
        const again = parseRedirectPattern({ subdomain, apex: value.apex, path: value.pathPrefix });
        expect(again._unsafeUnwrap()).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the URL and object forms of one pattern the same result', () => {
    fc.assert(
      fc.property(patternParts, (parts) => {
        const host = parts.subdomain ? `${parts.subdomain}.${parts.apex}` : parts.apex;
        const url = `https://${host}${parts.path ?? ''}`;
        expect(parseRedirectPattern(url)._unsafeUnwrap()).toEqual(
          parseRedirectPattern(parts)._unsafeUnwrap(),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('compiles into a policy that admits the prefix and its continuations, nothing beside', () => {
    fc.assert(
      fc.property(patternParts, (parts) => {
        const pattern = parseRedirectPattern(parts)._unsafeUnwrap();
        const compiled = compileRedirectPolicy({
          domains: [{ id: 'd', apex: pattern.apex }],
          patterns: [
            { id: 'p', domainId: 'd', host: pattern.host, pathPrefix: pattern.pathPrefix },
          ],
        });
        const base = `https://${pattern.host}${pattern.pathPrefix === '/' ? '' : pattern.pathPrefix}`;
        for (const url of [base, `${base}/`, `${base}/next?x=1`]) {
          expect(compiled.authorize(url)._unsafeUnwrap().patternId, url).toBe('p');
        }
        if (pattern.pathPrefix !== '/') {
          expect(compiled.authorize(`${base}x`).isErr()).toBe(true);
        }
        expect(
          compiled.authorize(`https://other.${pattern.host}${pattern.pathPrefix}`).isErr(),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
