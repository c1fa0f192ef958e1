// Generators of redirect URLs for the property tests: clean URLs the linear model can decide,
// URL-shaped attacks, and arbitrary UTF-16.
import fc from 'fast-check';

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
  // Look-alikes of the subject without patterns, where only the domain check stands guard.
  'evilopen.io',
  'open.io.evil.com',
  'xn--pen-rna.io', // öpen.io
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
export const cleanUrl = fc
  .tuple(cleanHost, cleanPath, cleanQuery)
  .map(([host, path, query]) => `https://${host}${path}${query}`);

/** Mostly `common`, sometimes one of `rare`: keeps generated URLs near the valid ones. */
const mostly = (common: fc.Arbitrary<string>, ...rare: string[]) =>
  fc.oneof({ arbitrary: common, weight: 4 }, { arbitrary: fc.constantFrom(...rare), weight: 1 });

/** URL-shaped text full of the syntax attacks use, plus random insertions. */
export const trickyUrl = fc
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
        // Double encoding, encoded controls, stray `%` and overlong UTF-8: a server that
        // decodes twice (or leniently) reads `.`, `/`, `\\` or a control out of these.
        '%252e%252e',
        '%252E',
        '..%252f',
        '%255c',
        '%25',
        '%2525252e',
        '%00',
        '%0d%0a',
        '%7F',
        '%%32%65%%32%65',
        '%2%65',
        '%c0%ae%c0%ae',
        '%e0%80%af',
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
export const anyText = fc.oneof(fc.string({ unit: 'binary' }), anyCodeUnits, trickyUrl, cleanUrl);
