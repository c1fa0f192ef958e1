import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isWellFormedPercentEncoding,
  normalizePercentEncoding,
} from '../../src/redirect/percent.js';
import { findPathProblem, findRawUrlProblem } from '../../src/redirect/url-checks.js';

const pathProblem = (path: string) => findPathProblem(path, 0, path.length);

describe('findPathProblem', () => {
  it.each([
    ['/', null],
    ['', null],
    ['/oauth/cb', null],
    ['/v1.0/a.b/...', null],
    ['/a;b/c;d=e', null],
    ['/.well-known/x', null],
    ['/.', 'dot_segment'],
    ['/..', 'dot_segment'],
    ['/a/./b', 'dot_segment'],
    ['/a/../b', 'dot_segment'],
    ['/a/%2e/b', 'dot_segment'],
    ['/a/%2E%2e/b', 'dot_segment'],
    ['/a/.%2e', 'dot_segment'],
    ['/a/..;/b', 'dot_segment'],
    ['/a/.;x/b', 'dot_segment'],
    ['/a/%2e%2e;%2f', 'dot_segment'],
    ['/a%2fb', 'encoded_separator'],
    ['/a%2Fb', 'encoded_separator'],
    ['/a%5cb', 'encoded_separator'],
    ['/a%5Cb', 'encoded_separator'],
    ['/a%2eb', 'encoded_separator'],
    ['/..%2fb', 'encoded_separator'],
    ['/a;%2f', 'encoded_separator'],
    ['/a%2', 'malformed'],
    ['/a%', 'malformed'],
    ['/a%g0', 'malformed'],
    ['/%%32%65', 'malformed'],
    ['/%25%32%66', 'encoded_separator'],
    ['/%252e', 'encoded_separator'],
    ['/%252E%252e', 'encoded_separator'],
    ['/%252f', 'encoded_separator'],
    ['/%255C', 'encoded_separator'],
    ['/50%25', 'encoded_separator'],
    ['/a;%25', 'encoded_separator'],
    ['/%00', 'control_character'],
    ['/%0a', 'control_character'],
    ['/%1F', 'control_character'],
    ['/%7f', 'control_character'],
    ['/a;%0d', 'control_character'],
    ['/%c0%ae', 'encoded_separator'],
    ['/%C1%9C', 'encoded_separator'],
    ['/%e0%80%af', 'encoded_separator'],
    ['/%e0%9f%bf', 'encoded_separator'],
    ['/%f0%8f%bf%bf', 'encoded_separator'],
    ['/%f5%80', 'encoded_separator'],
    ['/%ff', 'encoded_separator'],
    // Not valid UTF-8: lone continuation bytes, a cut-off sequence, a surrogate.
    ['/%20%7e%80%9f', 'encoded_separator'],
    ['/%e0', 'encoded_separator'],
    ['/%e0%a0', 'encoded_separator'],
    ['/%ed%a0%80', 'encoded_separator'],
    ['/%f4%90%80%80', 'encoded_separator'],
    // Valid UTF-8 that a server may still read as a control or line break, or that Unicode
    // compatibility folding (NFKC) turns into a separator.
    ['/%c2%85', 'control_character'],
    ['/%c2%9f', 'control_character'],
    ['/%e2%80%a8', 'control_character'],
    ['/%E2%80%A9x', 'control_character'],
    ['/%ef%bc%8e%ef%bc%8e/admin', 'encoded_separator'],
    ['/a%ef%bc%8fb', 'encoded_separator'],
    ['/%ef%bc%bc', 'encoded_separator'],
    ['/%e2%80%a4', 'encoded_separator'],
    ['/\uff0e\uff0e', 'encoded_separator'],
    ['/a;%c2%85', 'control_character'],
    // Ordinary text in any script stays allowed.
    ['/%20%7e', null],
    ['/%e0%a0%80', null],
    ['/%f0%90%80%80', null],
    ['/%c3%a9', null],
    ['/%e6%97%a5%e6%9c%ac', null],
    ['/%f0%9f%98%80', null],
    ['/caf\u00e9/\u65e5\u672c', null],
  ])('%s → %s', (path, expected) => {
    expect(pathProblem(path)).toBe(expected);
  });

  it('only looks inside the given range', () => {
    expect(findPathProblem('/../x/ok', 4, 8)).toBe(null);
    expect(findPathProblem('/ok/..', 0, 4)).toBe(null);
    expect(findPathProblem('/ok%2f', 0, 3)).toBe(null);
    // An escape cut short by the end of the range is a broken escape.
    expect(findPathProblem('/ok%2f', 0, 4)).toBe('malformed');
  });

  it('agrees with the URL parser: a path it passes is not rewritten by dot-segment removal', () => {
    const segment = fc.constantFrom('a', '.', '..', '%2e', '%2E', '.%2e', 'x.y', '...', ';', 'b;c');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (segments) => {
        const path = segments.map((s) => `/${s}`).join('') || '/';
        if (pathProblem(path) !== null) return;
        expect(new URL(path, 'https://h.invalid').pathname).toBe(path);
      }),
    );
  });
});

describe('findRawUrlProblem', () => {
  it.each([
    ['https://acme.co/oauth?x=\\', null],
    ['http://acme.co/', null],
    ['HTTPS://acme.co', null],
    ['https://acme.co/a@b', null],
    ['https://acme.co?a@b', null],
    ['https://acme.co/\u00e9', null],
    ['https://a\u00e9.co/', null],
    ['https://acme.co/\t', 'control_character'],
    ['https://acme.co/\u0000', 'control_character'],
    ['https://acme.co/\u009f', 'control_character'],
    ['https://acme.co/ ', 'malformed'],
    ['https://acme.co/\u3000', 'malformed'],
    ['https://acme.co/\ufeff', 'malformed'],
    ['https://acme.co/#', 'fragment'],
    ['https://acme.co\\x', 'backslash'],
    ['https://acme.co/?\\#', 'fragment'],
    ['https://u@acme.co/', 'userinfo'],
    ['https://acme.co@', 'userinfo'],
    ['https://ac%6de.co/', 'malformed'],
    ['https:///x', 'malformed'],
    ['https://?x', 'malformed'],
    ['https:acme.co', 'malformed'],
    ['//acme.co', 'malformed'],
    ['', 'malformed'],
    ['mailto:x@acme.co', 'scheme'],
    ['wss://acme.co/', 'scheme'],
    ['https://acme.co/a/../b', 'dot_segment'],
    ['https://acme.co/a%2fb?c', 'encoded_separator'],
    ['https://acme.co/a?b/../c', null],
    ['https://acme.co/a?%2f', null],
    ['https://acme.co/a%252e?x', 'encoded_separator'],
    ['https://acme.co/a%00?x', 'control_character'],
    ['https://acme.co/a%?x', 'malformed'],
    ['https://acme.co/a?%252e%00%', null],
  ])('%j → %s', (url, expected) => {
    expect(findRawUrlProblem(url)).toBe(expected);
  });

  it('never throws and answers null or a known reason for any string', () => {
    const reasons = new Set([
      null,
      'malformed',
      'scheme',
      'userinfo',
      'fragment',
      'backslash',
      'control_character',
      'dot_segment',
      'encoded_separator',
    ]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(reasons.has(findRawUrlProblem(text))).toBe(true);
      }),
    );
    // Generating binary strings alone takes seconds on a loaded machine: not a speed test.
  }, 60_000);
});

/** Replaces every `%XX` by the code unit XX: what a server decoding the path would see. */
const decodeEscapes = (text: string): string =>
  text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );

describe('normalizePercentEncoding', () => {
  it.each([
    ['/plain', '/plain'],
    ['/%7e%7E', '/~~'],
    ['/%41%5a%61%7a%30%39%2d%5f', '/AZaz09-_'],
    ['/%c3%a9', '/%C3%A9'],
    ['/%2e', '/%2E'],
    ['/%2f%5c', '/%2F%5C'],
    ['/%25', '/%25'],
    ['/%zz%4', '/%zz%4'],
    ['/%%41', '/%%41'],
    ['/%0%61', '/%0%61'],
    ['/%zz/%7e', '/%zz/%7e'],
    ['%41', 'A'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePercentEncoding(input)).toBe(expected);
  });

  it('returns the same string object when nothing changes', () => {
    const path = '/a/%C3%A9/b';
    expect(normalizePercentEncoding(path)).toBe(path);
  });

  const percentText = fc.string({
    unit: fc.oneof(
      fc.constantFrom('%', 'a', '/', '.', '~', 'Z', '9'),
      fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
      fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).toUpperCase()}`),
    ),
  });

  it('is idempotent', () => {
    // Found by this property: decoding `%61` after a stray `%0` once produced a new escape.
    fc.assert(
      fc.property(percentText, (text) => {
        const once = normalizePercentEncoding(text);
        expect(normalizePercentEncoding(once)).toBe(once);
      }),
    );
  });

  it('never changes what the text decodes to', () => {
    fc.assert(
      fc.property(percentText, (text) => {
        if (!isWellFormedPercentEncoding(text)) return;
        expect(decodeEscapes(normalizePercentEncoding(text))).toBe(decodeEscapes(text));
      }),
    );
  });

  it('leaves no lowercase hex digit in an escape of a well-formed path', () => {
    fc.assert(
      fc.property(percentText, (text) => {
        if (!isWellFormedPercentEncoding(text)) return;
        const out = normalizePercentEncoding(text);
        for (let i = out.indexOf('%'); i !== -1; i = out.indexOf('%', i + 1)) {
          const hex = out.slice(i + 1, i + 3);
          if (/^[0-9a-fA-F]{2}$/.test(hex)) expect(hex).toBe(hex.toUpperCase());
        }
      }),
    );
  });
});

describe('isWellFormedPercentEncoding', () => {
  it.each([
    ['/a', true],
    ['/%41', true],
    ['/%4', false],
    ['/%', false],
    ['/%g1', false],
    ['/%%41', false],
  ])('%s → %s', (text, expected) => {
    expect(isWellFormedPercentEncoding(text)).toBe(expected);
  });
});
