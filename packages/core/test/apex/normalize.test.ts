// Unit tests of normalizeHost/toApex (DESIGN §3): every reason code, with the tricky inputs.
import { describe, expect, it } from 'vitest';
import { type ApexInvalidReason, type ApexPolicy, normalizeHost, toApex } from '../../src/index.js';
import { accepted, reasonOf } from './helpers.js';

describe('the tricky inputs of the issue, through toApex', () => {
  it.each<[string, ApexInvalidReason | string]>([
    ['co.uk', 'public_suffix'],
    ['github.io', 'public_suffix'],
    ['WwW.Example.COM.', 'example.com'],
    ['ａｃｍｅ．ｃｏ', 'acme.co'], // full-width letters and dot
    ['straße.de', 'xn--strae-oqa.de'], // ß kept (non-transitional)
    ['a\u200dcme.co', 'malformed'], // zero-width joiner
    ['\u0430pple.com', 'mixed_script'], // Cyrillic а among Latin letters
    [`${'a'.repeat(64)}.com`, 'too_long'],
    [`${'b'.repeat(62)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(59)}.com`, 'too_long'],
    ['127.1', 'ip_address'],
    ['0x7f.1', 'ip_address'],
    ['2130706433', 'ip_address'],
    ['[::1]', 'ip_address'],
    ['_x.acme.co', 'malformed'],
    ['*.acme.co', 'malformed'],
    ['a@acme.co', 'userinfo'],
    ['https://App.Acme.co:8443/x', 'acme.co'],
  ])('%j → %s', (input, expected) => {
    const result = toApex(input);
    expect(result.isOk() ? result.value.apex : result.error.details.reason).toBe(expected);
  });
});

describe('every reason of the catalog', () => {
  // `satisfies` makes a new reason in error-details.ts fail to compile until it has an example here.
  const examples = {
    empty: ['  ', {}],
    malformed: ['acme..co', {}],
    too_long: [`${'a'.repeat(64)}.com`, {}],
    ip_address: ['127.1', {}],
    userinfo: ['https://user@acme.co/', {}],
    idn_not_allowed: ['münchen.de', { idn: 'reject' }],
    mixed_script: ['p\u0430ypal.com', {}],
    whole_script_confusable: ['\u0430\u0440\u0440\u04cf\u0435.com', {}],
    confusable_character: ['acme.co\u2215evil.com', {}],
    public_suffix: ['co.uk', {}],
    unknown_suffix: ['example.notatld', {}],
  } as const satisfies Record<ApexInvalidReason, readonly [string, ApexPolicy]>;

  it.each(Object.entries(examples))('%s', (reason, [input, policy]) => {
    const error = toApex(input, policy)._unsafeUnwrapErr();
    expect(error.code).toBe('APEX_INVALID');
    expect(error.details.reason).toBe(reason);
    expect(error.message).not.toBe(error.hint);
  });
});

describe('accepted hosts', () => {
  it.each([
    ['WwW.Example.COM.', 'www.example.com', 'example.com'],
    ['https://App.Acme.co:8443/x', 'app.acme.co', 'acme.co'],
    ['  acme.co  ', 'acme.co', 'acme.co'],
    ['ａｃｍｅ．ｃｏ', 'acme.co', 'acme.co'],
    ['acme。co', 'acme.co', 'acme.co'],
    ['acme｡co', 'acme.co', 'acme.co'],
    ['app.acme.co', 'app.acme.co', 'acme.co'],
    ['acme.co.uk', 'acme.co.uk', 'acme.co.uk'],
    ['www.acme.co.uk', 'www.acme.co.uk', 'acme.co.uk'],
    ['acme.github.io', 'acme.github.io', 'acme.github.io'],
    ['docs.acme.github.io', 'docs.acme.github.io', 'acme.github.io'],
    ['HTTP://ACME.CO', 'acme.co', 'acme.co'],
    ['wss://live.acme.co/socket', 'live.acme.co', 'acme.co'],
    ['https://acme.co.', 'acme.co', 'acme.co'],
    ['https://ac%6De.co/', 'acme.co', 'acme.co'],
    ['https://acme.co\\@evil.com', 'acme.co', 'acme.co'],
  ])('%j → host %s, apex %s', (input, host, apex) => {
    expect(accepted(toApex(input))).toEqual({ host, apex, unicode: host });
    expect(accepted(normalizeHost(input))).toEqual({ host, unicode: host });
  });

  it('keeps ß under non-transitional processing', () => {
    expect(accepted(toApex('straße.de'))).toEqual({
      host: 'xn--strae-oqa.de',
      apex: 'xn--strae-oqa.de',
      unicode: 'straße.de',
    });
    expect(accepted(normalizeHost('STRAẞE.de')).host).toBe('xn--strae-oqa.de');
  });

  it('converts IDNs to A-labels and keeps a Unicode display form', () => {
    expect(accepted(toApex('Bücher.example.de'))).toEqual({
      host: 'xn--bcher-kva.example.de',
      apex: 'example.de',
      unicode: 'bücher.example.de',
    });
    expect(accepted(toApex('www.пример.рф'))).toEqual({
      host: 'www.xn--e1afmkfd.xn--p1ai',
      apex: 'xn--e1afmkfd.xn--p1ai',
      unicode: 'www.пример.рф',
    });
    expect(accepted(toApex('xn--bcher-kva.ch')).unicode).toBe('bücher.ch');
    expect(accepted(toApex('XN--BCHER-KVA.CH')).host).toBe('xn--bcher-kva.ch');
  });

  it('accepts a label of exactly 63 octets and a name of exactly 253', () => {
    const label63 = 'a'.repeat(63);
    expect(accepted(toApex(`${label63}.com`)).apex).toBe(`${label63}.com`);
    const name253 = `${'b'.repeat(61)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(59)}.com`;
    expect(name253).toHaveLength(253);
    expect(accepted(normalizeHost(name253)).host).toBe(name253);
    expect(accepted(normalizeHost(`${name253}.`)).host).toBe(name253);
  });

  it('does not consult the Public Suffix List in normalizeHost', () => {
    expect(accepted(normalizeHost('co.uk')).host).toBe('co.uk');
    expect(accepted(normalizeHost('localhost')).host).toBe('localhost');
  });
});

describe('refusals', () => {
  it.each([
    ['', 'empty'],
    ['   \t ', 'empty'],
    ['acme .co', 'malformed'],
    ['acme.co\n.evil', 'malformed'],
    ['acme\u0000.co', 'malformed'],
    ['acme\u0085.co', 'malformed'],
    ['\ud800acme.co', 'malformed'],
    ['acme.co\udfff', 'malformed'],
    ['_x.acme.co', 'malformed'],
    ['_dmarc.acme.co', 'malformed'],
    ['*.acme.co', 'malformed'],
    ['acme..co', 'malformed'],
    ['.acme.co', 'malformed'],
    ['acme.co..', 'malformed'],
    ['.', 'malformed'],
    ['-acme.co', 'malformed'],
    ['acme-.co', 'malformed'],
    ['ab--cd.co', 'malformed'],
    ['acme.co:443', 'malformed'],
    ['acme.co/path', 'malformed'],
    ['a\u200dcme.co', 'malformed'],
    ['\u200d.example', 'malformed'],
    ['xn--a.com', 'malformed'],
    ['mailto://acme.co', 'malformed'],
    ['file:///etc/passwd', 'malformed'],
    ['https://', 'malformed'],
    ['https://acme.co:99999/', 'malformed'],
    ['a@acme.co', 'userinfo'],
    ['mailto:a@acme.co', 'userinfo'],
    ['https://user:pw@acme.co/', 'userinfo'],
    ['https://user@acme.co/', 'userinfo'],
    ['https://@acme.co/', 'userinfo'],
    ['127.1', 'ip_address'],
    ['0x7f.1', 'ip_address'],
    ['0X7F.0.0.1', 'ip_address'],
    ['2130706433', 'ip_address'],
    ['1.2.3.4', 'ip_address'],
    ['1.2.3.4.', 'ip_address'],
    ['１２７．０．０．１', 'ip_address'],
    ['[::1]', 'ip_address'],
    ['::1', 'ip_address'],
    ['[2001:db8::1]', 'ip_address'],
    ['https://[::1]:8443/', 'ip_address'],
    ['http://0x7f.1/', 'ip_address'],
    ['[acme.co]', 'malformed'],
    ['[::g]', 'malformed'],
    ['acme.123', 'malformed'],
    ['1.2.3.4.5', 'malformed'],
    ['999.1.1.1', 'malformed'],
  ] as const)('%j → %s', (input, reason) => {
    expect(reasonOf(normalizeHost(input))).toBe(reason);
  });

  it('refuses a 64-octet label and a 254-octet name as too_long', () => {
    expect(reasonOf(normalizeHost(`${'a'.repeat(64)}.com`))).toBe('too_long');
    const name254 = `${'b'.repeat(62)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(59)}.com`;
    expect(name254).toHaveLength(254);
    expect(reasonOf(normalizeHost(name254))).toBe('too_long');
    expect(reasonOf(normalizeHost(`${name254}.`))).toBe('too_long');
    expect(reasonOf(normalizeHost(`${'ü'.repeat(60)}.com`))).toBe('too_long');
    expect(reasonOf(normalizeHost('a'.repeat(100_000)))).toBe('too_long');
    expect(reasonOf(normalizeHost(`https://${'a.'.repeat(600)}com/`))).toBe('too_long');
  });

  it('refuses public suffixes, ICANN and private', () => {
    for (const input of ['com', 'co.uk', 'github.io', 'COM.', 'xn--p1ai', 'рф', 'c.kobe.jp']) {
      const result = toApex(input);
      expect(reasonOf(result), input).toBe('public_suffix');
    }
    const error = toApex('co.uk')._unsafeUnwrapErr();
    expect(error.message).toBe('co.uk is a public suffix, not a registrable domain.');
    expect(toApex('github.io')._unsafeUnwrapErr().message).toContain(
      'github.io is a public suffix',
    );
  });

  it('refuses names whose suffix is not on the list (the implicit * rule)', () => {
    for (const input of ['example.notatld', 'localhost', 'acme.test', 'intranet', 'a.b.example']) {
      expect(reasonOf(toApex(input)), input).toBe('unknown_suffix');
    }
    expect(toApex('example.notatld')._unsafeUnwrapErr().message).toContain('.notatld');
  });

  it('refuses a Cyrillic letter among Latin ones', () => {
    const result = toApex('аpple.com');
    expect(reasonOf(result)).toBe('mixed_script');
    expect(result._unsafeUnwrapErr().message).toContain('Cyrl, Latn');
    expect(reasonOf(toApex('xn--pple-43d.com'))).toBe('mixed_script');
    expect(reasonOf(toApex('pаypal.com'))).toBe('mixed_script');
  });
});

describe('errors', () => {
  it('are APEX_INVALID with the input echoed, capped at 256 characters', () => {
    const error = toApex(' a@acme.co ')._unsafeUnwrapErr();
    expect(error.code).toBe('APEX_INVALID');
    expect(error.status).toBe(400);
    expect(error.details).toEqual({ reason: 'userinfo', input: ' a@acme.co ' });
    const long = toApex('x'.repeat(10_000))._unsafeUnwrapErr();
    expect(long.details.input.length).toBeLessThanOrEqual(256);
    expect(long.details.input.startsWith('xxxx')).toBe(true);
    const astral = toApex('😀'.repeat(300))._unsafeUnwrapErr();
    expect(/\p{Cs}/u.test(astral.details.input)).toBe(false);
  });

  it('never echo raw input in messages of character refusals', () => {
    const error = normalizeHost('<script>\u0000')._unsafeUnwrapErr();
    expect(error.message).not.toContain('<script>');
  });

  it('answer non-string input from untyped callers instead of throwing', () => {
    for (const value of [null, undefined, 42, {}, ['acme.co'], Symbol('x')]) {
      expect(reasonOf(toApex(value as unknown as string))).toBe('malformed');
      expect(reasonOf(normalizeHost(value as unknown as string))).toBe('malformed');
    }
    expect(accepted(toApex('acme.co', null as unknown as undefined)).apex).toBe('acme.co');
  });
});
