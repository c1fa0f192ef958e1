// Property tests of redirect authorization (fast-check). The policy under test is checked
// against a naive model: a linear scan over subjects and patterns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileRedirectPolicy,
  type RedirectPolicyDomain,
  type RedirectPolicyPattern,
} from '../../src/index.js';
import { normalizePercentEncoding } from '../../src/redirect/percent.js';
import { anyText, cleanUrl, trickyUrl } from './arbitraries.js';

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

/** Replaces every `%XX` by the code unit XX: what a server decoding the path once would see. */
const decodeEscapes = (text: string): string =>
  text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );

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

  it('accepts no path that a second (or lenient) decoding would turn into another path', () => {
    fc.assert(
      fc.property(trickyUrl, (text) => {
        if (policy.authorize(text).isErr()) return;
        const path = new URL(text).pathname;
        // Every `%` starts an escape, and none spells `%`, a control, or an overlong lead.
        expect(path).not.toMatch(
          /%(?![0-9a-f]{2})|%25|%[01][0-9a-f]|%7f|%c[01]|%e0%[89]|%f0%8|%f[5-9a-f]/i,
        );
        const once = decodeEscapes(path);
        expect(decodeEscapes(once)).toBe(once);
        expect(once).not.toMatch(/\\|\/\.{1,2}(\/|;|$)/);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the check
        expect(once).not.toMatch(/[\u0000-\u001f\u007f]/);
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
