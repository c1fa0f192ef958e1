// The shortcuts `authorize` takes for speed (issue #10 §3) decide exactly what the full checks
// decide. A plain lower-case LDH host skips the UTS #46 mapping; a host longer than every
// indexed host skips the exact-host lookup. Each shortcut is proved here against the long way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRedirectPolicy, normalizeHost } from '../../src/index.js';
import { findHostProblem, PLAIN_LDH } from '../../src/redirect/host-check.js';
import { outcome } from './helpers.js';

/** The label-by-label form the flat `PLAIN_LDH` replaced (same language, slower to match). */
const NESTED_LDH = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)*[a-z0-9]+(?:-[a-z0-9]+)*\.?$/;

/** Host-like text near the boundary of the LDH language: separators doubled, at the ends, … */
const hostText = fc
  .array(
    fc.constantFrom('a', 'z', '0', '9', '-', '.', 'x', 'n', '--', 'xn--', 'A', '_', 'ß', '。'),
    {
      maxLength: 24,
    },
  )
  .map((parts) => parts.join(''));

/** Only hosts `PLAIN_LDH` accepts: labels of letters and digits joined by single hyphens. */
const plainHost = fc
  .array(
    fc
      .array(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: 1, maxLength: 3 })
      .map((runs) => runs.join('-')),
    { minLength: 1, maxLength: 6 },
  )
  .chain((labels) => fc.constantFrom(labels.join('.'), `${labels.join('.')}.`));

describe('the plain-host shortcut', () => {
  it('accepts exactly the language of the label-by-label pattern', () => {
    fc.assert(
      fc.property(fc.oneof(hostText, plainHost), (text) => {
        expect(PLAIN_LDH.test(text)).toBe(NESTED_LDH.test(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('skips only hosts that the runtime and UTS #46 both read as written', () => {
    fc.assert(
      fc.property(plainHost, (host) => {
        expect(PLAIN_LDH.test(host)).toBe(true);
        const bare = host.endsWith('.') ? host.slice(0, -1) : host;
        // A last label that is a number (`a.0`, `0x1f`) makes the host an IPv4 address to the
        // runtime, which refuses it or serializes it as dotted decimal: an address, never a
        // subject of the index. Every other plain host is kept as written.
        if (/^(?:[0-9]+|0x[0-9a-f]*)$/.test(bare.slice(bare.lastIndexOf('.') + 1))) return;
        expect(new URL(`https://${host}/`).hostname).toBe(host);
        // …and so does the core's mapping, the long way taken for every other host.
        const mapped = normalizeHost(host, { idn: 'allow' });
        if (bare.length > 253) return;
        expect(mapped.isOk() && mapped.value.host).toBe(bare);
        expect(findHostProblem(`https://${host}/`, host, true)).toBeNull();
      }),
      { numRuns: 5_000 },
    );
  });

  it('leaves A-labels, upper case and other ASCII to the full mapping', () => {
    for (const host of ['xn--mnchen-3ya.de', 'a--b.de', 'a_b.de', '-a.de', 'a-.de', 'a..de']) {
      expect(PLAIN_LDH.test(host)).toBe(false);
    }
  });
});

describe('the exact-host lookup is skipped for hosts longer than every indexed host', () => {
  const policy = compileRedirectPolicy({
    domains: [{ id: 'acme', apex: 'acme.co' }],
    patterns: [{ id: 'cb', domainId: 'acme', host: 'app.acme.co', pathPrefix: '/cb' }],
  });

  it('still finds the indexed hosts and the governing domain of longer ones', () => {
    expect(outcome(policy, 'https://app.acme.co/cb')).toEqual({ ok: 'acme/cb' });
    expect(outcome(policy, 'https://acme.co/x')).toEqual({
      code: 'REDIRECT_URL_PATTERN_NOT_REGISTERED',
    });
    const long = `${'a.'.repeat(120)}acme.co`;
    expect(outcome(policy, `https://${long}/cb`)).toEqual({
      code: 'REDIRECT_URL_PATTERN_NOT_REGISTERED',
    });
    const open = compileRedirectPolicy({
      domains: [{ id: 'acme', apex: 'acme.co' }],
      patterns: [],
    });
    expect(outcome(open, `https://${long}/x`)).toEqual({ ok: 'acme/*' });
    expect(outcome(open, `https://${'a.'.repeat(120)}evil.co/x`)).toEqual({
      code: 'REDIRECT_URL_DOMAIN_NOT_VERIFIED',
    });
  });
});
