// The plain-URL shortcut of `authorize` (issue #10 §3) skips `new URL()` for URLs it recognises.
// Proved here: (1) every URL it accepts is a fixed point of the WHATWG parser, read exactly as the
// parser reads it; (2) `authorize` answers the same with and without the shortcut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileRedirectPolicy,
  type RedirectPolicy,
  type RedirectPolicyPattern,
} from '../../src/index.js';
import { findHostProblem } from '../../src/redirect/host-check.js';
import { readPlainUrl } from '../../src/redirect/plain-url.js';
import { plainFastPath } from '../../src/redirect/policy.js';
import { cleanUrl, trickyUrl } from './arbitraries.js';

/** Labels at the edges of the host grammar: numbers, hex, A-labels, case, hyphens, lengths. */
const label = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('acme', 'app', 'co', 'a', 'www', 'a-b', 'a1', 'z9') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      ...['0', '123', '0x1f', '0X1F', '1e3', 'xn--bcher-kva', 'xn--a', 'a--b', '-a', 'a-'],
      ...['A', 'Acme', '', 'localhost', 'é', '_', 'a_b', 'x'.repeat(63), 'x'.repeat(64), '09'],
    ),
  },
);
const host = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.')),
  fc.constantFrom('acme.co', 'app.acme.co', 'acme.co.', '1.2.3.4', 'a.0x1f', 'bücher.de'),
  fc.constantFrom(`${'abcdefghi.'.repeat(25)}cox`, `${'abcdefghi.'.repeat(25)}coxy`),
  fc.constantFrom('acme.co:443', 'acme.co:8443', 'u@acme.co', 'acme.co\\', '[::1]', 'a%2eco'),
);
/** Path segments at the edges: dot segments written and encoded, reserved characters. */
const segment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('oauth', 'cb', 'A', 'a.b', '...', '~x', '', 'a-_') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ...['.', '..', '%2e', '%2E', '.%2e', '%41', ';p', 'a;b', '!$&()*+,=', ':', '@', "'", '"'],
      ...['^', '`', '{', '}', '|', '[', ']', '\\', '\t', ' ', '\n', 'é', '#', '<', '>', '\u0000'],
    ),
  },
);
const path = fc
  .tuple(fc.constantFrom('/', '/', '/', '', '\\', '?'), fc.array(segment, { maxLength: 5 }))
  .map(([lead, segments]) => lead + segments.join('/'));
const query = fc.option(
  fc
    .array(
      fc.constantFrom(...['a=b', '&', '/', '?', '@', ':', ';', '.', '..', "'", '%20', ' ', 'A']),
      { maxLength: 4 },
    )
    .map((parts) => `?${parts.join('')}`),
  { nil: '' },
);
const scheme = fc.oneof(
  { weight: 8, arbitrary: fc.constant('https://') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('http://', 'HTTPS://', 'https:/', 'https:', 'https:\\\\'),
  },
);
const fragment = fc.oneof(
  { weight: 8, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('#', '#x', '\t', ' ') },
);
/** URL-shaped text biased to the edges of the plain-URL grammar. */
const edgeUrl = fc.tuple(scheme, host, path, query, fragment).map((parts) => parts.join(''));

describe('readPlainUrl', () => {
  it('accepts only fixed points of the WHATWG parser, read as the parser reads them', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(edgeUrl, cleanUrl, trickyUrl), (text) => {
        const plain = readPlainUrl(text);
        if (plain === null) return;
        accepted++;
        const parsed = new URL(text);
        expect(parsed.href).toBe(text);
        expect(parsed.hostname).toBe(plain.host);
        expect(parsed.pathname).toBe(plain.pathname);
        // `search` is '' for an empty query, which `href` still ends with `?`.
        const rest = text.slice(8 + plain.host.length + plain.pathname.length);
        expect(parsed.search).toBe(rest === '?' ? '' : rest);
        expect(parsed.port).toBe('');
        // The full path finds no problem with the host either (it maps to itself).
        expect(findHostProblem(text, plain.host, true)).toBeNull();
      }),
      { numRuns: 20_000 },
    );
    // Not vacuous: a good share of the generated text is plain.
    expect(accepted).toBeGreaterThan(2_000);
  });

  it('refuses the edges it must leave to the parser', () => {
    for (const text of [
      'https://acme.co',
      'https://acme.co./',
      'https://ACME.co/',
      'https://1.2.3.4/',
      'https://a.0x1f/',
      'https://xn--bcher-kva.de/',
      'https://acme.co:443/',
      'https://u@acme.co/',
      'https://acme.co/a/../b',
      'https://acme.co/.',
      'https://acme.co/..?x',
      'https://acme.co/%2e',
      'https://acme.co/a;b',
      'https://acme.co/a#b',
      'https://acme.co/a\\b',
      'https://acme.co/a\tb',
      "https://acme.co/?a'b",
      `https://${'abcdefghi.'.repeat(25)}coxy/`,
      `https://acme.co/${'a'.repeat(1024)}`, // plain, but longer than MAX_PLAIN_URL_LENGTH
    ]) {
      expect(readPlainUrl(text), text).toBeNull();
    }
    // The URL Standard does not verify DNS lengths: a 64-octet label maps to itself.
    expect(readPlainUrl(`https://${'x'.repeat(64)}.co/`)?.host).toBe(`${'x'.repeat(64)}.co`);
    expect(readPlainUrl('https://app.acme.co/oauth/cb?state=1&x=/a:b@c;d')).toEqual({
      host: 'app.acme.co',
      pathname: '/oauth/cb',
    });
  });
});

/** One answer in full: the authorization or the error's code and details. */
function answer(policy: RedirectPolicy, url: string): unknown {
  const result = policy.authorize(url);
  return result.isOk()
    ? { ok: result.value }
    : { code: result.error.code, details: result.error.details };
}

const apexes = ['acme.co', 'a.co', 'bücher.de', 'co', 'localhost'];
const patternHosts = [
  'acme.co',
  'app.acme.co',
  'www.acme.co',
  'a.co',
  'xn--bcher-kva.de',
  'x.a.co',
];
const prefixes = ['/', '/oauth', '/oauth/cb', '/a.b', '/A', '/oauth/cb/deep'];
const policyInput = fc.record({
  domains: fc.subarray(apexes.map((apex, i) => ({ id: `d${i}`, apex }))),
  patterns: fc
    .array(
      fc.tuple(
        fc.nat(apexes.length - 1),
        fc.constantFrom(...patternHosts),
        fc.constantFrom(...prefixes),
      ),
      {
        maxLength: 6,
      },
    )
    .map((rows) =>
      rows.map(
        ([d, host, pathPrefix], i): RedirectPolicyPattern => ({
          id: `p${i}`,
          domainId: `d${d}`,
          host,
          pathPrefix,
        }),
      ),
    ),
  allowHttpLocalhost: fc.boolean(),
  allowedPorts: fc.constantFrom([], [8443]),
});

describe('authorize with and without the plain-URL shortcut', () => {
  it('answers exactly what the full parse answers', () => {
    let plain = 0;
    fc.assert(
      fc.property(
        policyInput,
        fc.array(fc.oneof(edgeUrl, cleanUrl, trickyUrl), { minLength: 1, maxLength: 4 }),
        ({ domains, patterns, allowHttpLocalhost, allowedPorts }, urls) => {
          const policy = compileRedirectPolicy(
            { domains, patterns },
            { allowHttpLocalhost, allowedPorts },
          );
          for (const url of urls) {
            if (readPlainUrl(url) !== null) plain++;
            plainFastPath.enabled = false;
            let slow: unknown;
            try {
              slow = answer(policy, url);
            } finally {
              plainFastPath.enabled = true;
            }
            expect(answer(policy, url)).toEqual(slow);
          }
        },
      ),
      { numRuns: 20_000 },
    );
    expect(plain).toBeGreaterThan(2_000); // the shortcut was taken often enough to matter
  });
});
