// Trust at the edges (issue #10): the host a browser visits, the URL handed back, bounded
// cost, `%3B`, public-suffix subjects and one rule for broken text. Each case failed before.
import { describe, expect, it } from 'vitest';
import {
  compileRedirectPolicy,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SEGMENTS,
  MAX_REDIRECT_URL_LENGTH,
  normalizeHost,
  parseRedirectPattern,
} from '../../src/index.js';
import { acme, invalid, NOT_REGISTERED, NOT_VERIFIED, outcome } from './helpers.js';

const anyPath = (apex: string, id = 'd') =>
  compileRedirectPolicy({ domains: [{ id, apex }], patterns: [] });

describe('the host is judged with the core UTS #46 mapping', () => {
  it('never accepts STRAẞE.de for a verified strasse.de', () => {
    const result = anyPath('strasse.de').authorize('https://STRA\u1e9eE.de/login');
    expect(result.isOk()).toBe(false);
    // Where the runtime maps U+1E9E to `ss` (Node 20), the disagreement has its own reason.
    if (new URL('https://\u1e9e.com/').hostname === 'ss.com') {
      expect(outcome(anyPath('strasse.de'), 'https://STRA\u1e9eE.de/login')).toEqual(
        invalid('host_mismatch'),
      );
    }
  });

  it('judges xn--strae-oqa.de as the domain it is', () => {
    const owner = anyPath('xn--strae-oqa.de', 'sharp-s');
    expect(outcome(owner, 'https://xn--strae-oqa.de/')).toEqual({ ok: 'sharp-s/*' });
    expect(outcome(anyPath('strasse.de'), 'https://xn--strae-oqa.de/')).toEqual(NOT_VERIFIED);
  });

  it('refuses hosts the parser takes but UTS #46 does not (underscore, empty label)', () => {
    const policy = anyPath('acme.co');
    expect(outcome(policy, 'https://a_b.acme.co/')).toEqual(invalid('malformed'));
    expect(outcome(policy, 'https://a..acme.co/')).toEqual(invalid('malformed'));
  });

  it('scans every code point in a host label: no accepted URL has another host under UTS #46', () => {
    const policy = anyPath('acme.co');
    let accepted = 0;
    const disagreements: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const host = `a${String.fromCodePoint(cp)}b.acme.co`;
      const result = policy.authorize(`https://${host}/`);
      if (result.isErr()) continue;
      accepted++;
      const mapped = normalizeHost(host, { idn: 'allow' });
      const judged = new URL(result.value.url).hostname;
      if (
        !mapped.isOk() ||
        mapped.value.host !== judged ||
        new URL(`https://${host}/`).hostname !== judged
      ) {
        disagreements.push(cp.toString(16));
      }
    }
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThan(100_000);
  }, 300_000);
});

describe('the accepted URL comes back canonical', () => {
  it.each([
    ['https://ACME.co/oauth', 'https://acme.co/oauth'],
    ['https://acme.co:443/oauth', 'https://acme.co/oauth'],
    ['https://acme.co:00000443/oauth', 'https://acme.co/oauth'],
    ['https://acme\u3002co/oauth', 'https://acme.co/oauth'],
    ['https://acme\uff0eco/oauth', 'https://acme.co/oauth'],
    ['https://\uff41\uff43\uff4d\uff45.co/oauth', 'https://acme.co/oauth'],
    ['https://ac\u00adme.co/oauth', 'https://acme.co/oauth'],
    ['https://acme.co/oauth/cb?state=x&code=y', 'https://acme.co/oauth/cb?state=x&code=y'],
    ['https://acme.co/oauth/caf\u00e9', 'https://acme.co/oauth/caf%C3%A9'],
  ])('%s → %s', (input, url) => {
    const result = acme().authorize(input);
    expect(result.isOk() && result.value).toEqual({ domainId: 'acme', patternId: 'oauth', url });
  });

  it('gives IDN hosts as A-labels', () => {
    const result = anyPath('münchen.de').authorize('https://M\u00dcNCHEN.de/x');
    expect(result.isOk() && result.value.url).toBe('https://xn--mnchen-3ya.de/x');
  });

  it('keeps an allowed port and the loopback URL as parsed', () => {
    const ports = compileRedirectPolicy(
      { domains: [{ id: 'acme', apex: 'acme.co' }], patterns: [] },
      { allowedPorts: [8443], allowHttpLocalhost: true },
    );
    expect(ports.authorize('https://acme.co:08443/a')._unsafeUnwrap().url).toBe(
      'https://acme.co:8443/a',
    );
    expect(ports.authorize('http://LOCALHOST:3000/cb')._unsafeUnwrap().url).toBe(
      'http://localhost:3000/cb',
    );
  });
});

describe('cost is bounded by the input', () => {
  it('refuses URLs over the cap before parsing, and hosts over 253 octets', () => {
    const policy = compileRedirectPolicy({ domains: [], patterns: [] });
    expect(outcome(policy, `https://${'a.'.repeat(8000)}evil.com/`)).toEqual(invalid('too_long'));
    expect(outcome(anyPath('acme.co'), `https://${'a.'.repeat(2000)}acme.co/`)).toEqual(
      invalid('too_long'),
    );
    const long = `https://acme.co/${'a'.repeat(MAX_REDIRECT_URL_LENGTH)}`;
    expect(outcome(anyPath('acme.co'), long)).toEqual(invalid('too_long'));
    expect(outcome(anyPath('acme.co'), long.slice(0, MAX_REDIRECT_URL_LENGTH))).toEqual({
      ok: 'd/*',
    });
    const error = anyPath('acme.co').authorize(long)._unsafeUnwrapErr();
    expect((error.details as { url: string }).url.length).toBeLessThanOrEqual(2048);
  });

  it('refuses pattern paths over the cap, in both forms and in stored patterns', () => {
    const path = `/${'a'.repeat(1_000_000)}`;
    const asUrl = parseRedirectPattern(`https://acme.co${path}`)._unsafeUnwrapErr();
    expect(asUrl.details.reason).toBe('too_long');
    expect(asUrl.details.input.length).toBeLessThanOrEqual(MAX_PATTERN_LENGTH);
    expect(parseRedirectPattern({ apex: 'acme.co', path })._unsafeUnwrapErr().details.reason).toBe(
      'too_long',
    );
    const policy = compileRedirectPolicy({
      domains: [{ id: 'acme', apex: 'acme.co' }],
      patterns: [{ id: 'p', domainId: 'acme', host: 'acme.co', pathPrefix: path }],
    });
    expect(policy.ignored).toEqual([{ kind: 'pattern', id: 'p', reason: 'invalid_path' }]);
  });

  it('finds the longest of 10 000 prefixes under a deep path, walking at most 32 segments', () => {
    const patterns = Array.from({ length: 10_000 }, (_, i) => ({
      id: `p${i}`,
      domainId: 'acme',
      host: 'acme.co',
      pathPrefix: `/${'a/'.repeat(i % 31)}${'b'.repeat(1 + Math.floor(i / 31))}`,
    }));
    const policy = compileRedirectPolicy({ domains: [{ id: 'acme', apex: 'acme.co' }], patterns });
    expect(policy.ignored).toEqual([]);
    expect(outcome(policy, `https://acme.co/${'a/'.repeat(30)}bbbbb/x/y`)).toEqual({
      ok: 'acme/p154',
    });
    expect(outcome(policy, `https://acme.co/${'a/'.repeat(2000)}c`)).toEqual(NOT_REGISTERED);
    expect(outcome(policy, 'https://acme.co/a/a/bb')).toEqual({ ok: 'acme/p33' });
  });

  it(`refuses patterns of more than ${MAX_PATTERN_SEGMENTS} segments`, () => {
    const deep = `https://acme.co/${'a/'.repeat(MAX_PATTERN_SEGMENTS)}b`;
    expect(parseRedirectPattern(deep)._unsafeUnwrapErr().details.reason).toBe('too_long');
    const ok = `https://acme.co/${'a/'.repeat(MAX_PATTERN_SEGMENTS - 1)}b`;
    expect(parseRedirectPattern(ok).isOk()).toBe(true);
  });
});

describe('%3B is a parameter separator', () => {
  it.each([
    'https://acme.co/oauth/..%3Badmin',
    'https://acme.co/oauth/..%3badmin',
    'https://acme.co/oauth/.%3B/x',
    'https://acme.co/oauth/%2e%2e%3Bx/admin',
  ])('refuses %s', (url) => {
    expect(outcome(acme(), url)).toEqual(invalid('dot_segment'));
  });

  it('refuses it in patterns too', () => {
    const result = parseRedirectPattern('https://acme.co/oauth/..%3Bx');
    expect(result.isErr() && result.error.details.reason).toBe('dot_segment');
  });

  it('still accepts %3B inside a segment', () => {
    expect(outcome(acme(), 'https://acme.co/oauth/a%3Bb')).toEqual({ ok: 'acme/oauth' });
  });
});

describe('subjects that are public or unknown suffixes', () => {
  it('lists them in ignored and never uses them', () => {
    const policy = compileRedirectPolicy({
      domains: [
        { id: 'x', apex: 'com' },
        { id: 'gh', apex: 'github.io' },
        { id: 'uk', apex: 'co.uk', exact: true },
        { id: 'odd', apex: 'example.notatld' },
      ],
      patterns: [],
    });
    expect(policy.ignored).toEqual([
      { kind: 'domain', id: 'x', reason: 'public_suffix' },
      { kind: 'domain', id: 'gh', reason: 'public_suffix' },
      { kind: 'domain', id: 'uk', reason: 'public_suffix' },
      { kind: 'domain', id: 'odd', reason: 'unknown_suffix' },
    ]);
    for (const url of ['https://evil.com/', 'https://a.github.io/', 'https://co.uk/']) {
      expect(outcome(policy, url)).toEqual(NOT_VERIFIED);
    }
  });

  it('uses the suffix policy the subjects were verified under', () => {
    const policy = compileRedirectPolicy(
      { domains: [{ id: 't', apex: 'acme.test' }], patterns: [] },
      { suffixes: { extraSuffixes: ['test'] } },
    );
    expect(policy.ignored).toEqual([]);
    expect(outcome(policy, 'https://app.acme.test/')).toEqual({ ok: 't/*' });
  });
});

describe('one rule for broken text and line separators', () => {
  it.each([
    ['https://acme.co/oauth/\ud800', 'malformed'],
    ['https://acme.co/oauth/\udc00x', 'malformed'],
    ['https://acme.co/oauth/x?\ud800', 'malformed'],
    ['https://acme.co/oauth/\u2028', 'control_character'],
    ['https://acme.co/oauth/\u2029', 'control_character'],
    ['https://acme.co/oauth/%E2%80%A8', 'control_character'],
  ])('%j → %s', (url, reason) => {
    expect(outcome(acme(), url)).toEqual(invalid(reason));
  });

  it('accepts a surrogate pair (an emoji) in the path', () => {
    expect(outcome(acme(), 'https://acme.co/oauth/\u{1f600}')).toEqual({ ok: 'acme/oauth' });
  });
});
