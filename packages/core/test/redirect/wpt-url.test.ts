// The web-platform-tests URL corpus (vendored in ./vectors, see the README there) as hostile
// input: every input and canonical href goes through `authorize`, which must never throw, and
// whatever it accepts must be an https URL on a verified domain with none of the refused syntax.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRedirectPolicy } from '../../src/index.js';

interface UrlCase {
  input: string;
  base: string | null;
  href?: string;
  failure?: boolean;
}

const cases = (
  JSON.parse(
    readFileSync(new URL('./vectors/urltestdata.json', import.meta.url), 'utf8'),
  ) as unknown[]
).filter((entry): entry is UrlCase => typeof entry === 'object' && entry !== null);

/**
 * Subjects chosen so that many of the corpus' hosts are on a verified domain. Single labels
 * like `x` are public or unknown suffixes: the policy lists them in `ignored` and never uses
 * them (a subject `com` would cover every `.com` host).
 */
const verified = ['example.org', 'example.com', 'example.net', 'foo.bar', 'x', 'test', 'foo', 'ab'];
const policy = compileRedirectPolicy({
  domains: verified.map((apex) => ({ id: apex, apex })),
  patterns: [],
});

const texts = [...new Set(cases.flatMap((c) => (c.href ? [c.input, c.href] : [c.input])))];

describe('authorize on the WPT URL corpus', () => {
  it('reads the whole corpus', () => {
    expect(cases.length).toBe(891);
    expect(texts.length).toBeGreaterThan(1000);
  });

  it('leaves out the single-label subjects', () => {
    expect(policy.ignored.map((e) => `${e.id}:${e.reason}`)).toEqual([
      'x:unknown_suffix',
      'test:unknown_suffix',
      'foo:public_suffix',
      'ab:unknown_suffix',
    ]);
  });

  it('never throws, and accepts only clean https URLs on verified domains', () => {
    const accepted: string[] = [];
    for (const text of texts) {
      const result = policy.authorize(text);
      if (result.isErr()) continue;
      accepted.push(text);
      const url = new URL(text);
      expect(url.protocol, text).toBe('https:');
      expect(url.port, text).toBe('');
      expect(url.username + url.password, text).toBe('');
      const host = url.hostname;
      const apex = verified.find((v) => host === v || host.endsWith(`.${v}`));
      expect(apex, text).toBe(result.value.domainId);
      // The URL to redirect to is the parser's own serialization, never the raw text.
      expect(result.value.url, text).toBe(url.href);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the check
      expect(text, text).not.toMatch(/[\u0000-\u0020\u007f-\u009f#]/);
      expect((text.split('?')[0] ?? '').includes('\\'), text).toBe(false);
      expect(url.pathname, text).not.toMatch(/%25|%[01][0-9a-f]|%7f/i);
    }
    // The corpus is mostly relative, http or malformed; the accepted few must exist
    // (`https://x/%00y` is no longer among them: encoded controls are refused, and `x` is
    // not a usable subject).
    expect(accepted.length).toBeGreaterThanOrEqual(4);
    expect(policy.authorize('https://x/%00y').isErr()).toBe(true);
  });

  it('refuses every input the URL standard says must fail', () => {
    for (const c of cases) {
      if (c.failure) expect(policy.authorize(c.input).isErr(), c.input).toBe(true);
    }
  });
});
