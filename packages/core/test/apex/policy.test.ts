// The policy knobs of DESIGN §3: idn, unknownSuffix, extraSuffixes.
import { describe, expect, it } from 'vitest';
import { normalizeHost, toApex } from '../../src/index.js';
import { accepted, reasonOf } from './helpers.js';

describe('idn policy', () => {
  const inputs = ['münchen.de', 'xn--mnchen-3ya.de', 'пример.рф', 'аpple.com', 'acme.co'];

  it('reject: refuses every A-label, typed or converted', () => {
    const reasons = inputs.map((input) => reasonOf(toApex(input, { idn: 'reject' })));
    expect(reasons).toEqual([
      'idn_not_allowed',
      'idn_not_allowed',
      'idn_not_allowed',
      'idn_not_allowed',
      'ok',
    ]);
    expect(reasonOf(toApex('www.xn--mnchen-3ya.de', { idn: 'reject' }))).toBe('idn_not_allowed');
    // A name that only looks like an IDN is still ASCII.
    expect(reasonOf(toApex('axn--b.de', { idn: 'reject' }))).toBe('ok');
    expect(reasonOf(toApex('https://axn--b.de/', { idn: 'reject' }))).toBe('ok');
    expect(reasonOf(toApex('axn--b.ü.de', { idn: 'reject' }))).toBe('idn_not_allowed');
  });

  it('single-script (the default): refuses mixed-script labels only', () => {
    const reasons = inputs.map((input) => reasonOf(toApex(input)));
    expect(reasons).toEqual(['ok', 'ok', 'ok', 'mixed_script', 'ok']);
    expect(inputs.map((input) => reasonOf(toApex(input, { idn: 'single-script' })))).toEqual(
      reasons,
    );
  });

  it('allow: accepts mixed-script labels that UTS #46 accepts', () => {
    const reasons = inputs.map((input) => reasonOf(toApex(input, { idn: 'allow' })));
    expect(reasons).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(accepted(toApex('аpple.com', { idn: 'allow' })).host).toBe('xn--pple-43d.com');
  });

  it('single-script allows the CJK combinations of UTS #39 and Common characters', () => {
    for (const input of [
      'ソニー銀行.jp', // Katakana + Han
      '東京abc.jp', // Latin + Han
      'ひらがなカタカナ漢字.jp', // Hiragana + Katakana + Han
      '한국어漢字.kr', // Hangul + Han
      'ㄅㄆ中文.tw', // Bopomofo + Han
      'ταχύ.gr',
      'ไทย.th',
      'ab1-ü.de', // Latin + Common digits and hyphen
      '💩.la', // Common only
    ]) {
      expect(reasonOf(toApex(input)), input).toBe('ok');
    }
    for (const input of [
      'ひらがな한국.kr', // Hiragana + Hangul: no allowed combination
      'ㄅㄆカタ.tw', // Bopomofo + Katakana
      'αβcd.gr', // Greek + Latin
      'пpивет.ru', // Latin p among Cyrillic
    ]) {
      expect(reasonOf(toApex(input)), input).toBe('mixed_script');
    }
  });

  it('checks each label on its own', () => {
    expect(reasonOf(toApex('apple.пример.рф'))).toBe('ok');
  });

  it('treats an unknown idn value as the default', () => {
    const policy = { idn: 'bogus' } as unknown as { idn: 'allow' };
    expect(reasonOf(toApex('аpple.com', policy))).toBe('mixed_script');
  });
});

describe('unknownSuffix', () => {
  it('reject (default) refuses the implicit * rule; allow treats the last label as suffix', () => {
    expect(reasonOf(toApex('example.notatld'))).toBe('unknown_suffix');
    expect(reasonOf(toApex('example.notatld', { unknownSuffix: 'reject' }))).toBe('unknown_suffix');
    expect(accepted(toApex('a.example.notatld', { unknownSuffix: 'allow' }))).toEqual({
      host: 'a.example.notatld',
      apex: 'example.notatld',
      unicode: 'a.example.notatld',
    });
    expect(reasonOf(toApex('localhost', { unknownSuffix: 'allow' }))).toBe('public_suffix');
    expect(reasonOf(toApex('co.uk', { unknownSuffix: 'allow' }))).toBe('public_suffix');
  });
});

describe('extraSuffixes', () => {
  it('makes a name under the suffix an apex and the suffix itself public', () => {
    const policy = { extraSuffixes: ['test'] };
    expect(accepted(toApex('acme.test', policy)).apex).toBe('acme.test');
    expect(accepted(toApex('app.acme.test', policy)).apex).toBe('acme.test');
    expect(reasonOf(toApex('test', policy))).toBe('public_suffix');
    expect(reasonOf(toApex('acme.other', policy))).toBe('unknown_suffix');
  });

  it('takes multi-label suffixes, longest match first, also under listed suffixes', () => {
    const policy = { extraSuffixes: ['corp.internal', 'dev.acme.co'] };
    expect(accepted(toApex('wiki.corp.internal', policy)).apex).toBe('wiki.corp.internal');
    expect(reasonOf(toApex('corp.internal', policy))).toBe('public_suffix');
    // `internal` alone is not listed, so its other names stay unknown.
    expect(reasonOf(toApex('x.internal', policy))).toBe('unknown_suffix');
    expect(accepted(toApex('a.b.dev.acme.co', policy)).apex).toBe('b.dev.acme.co');
    expect(accepted(toApex('www.acme.co', policy)).apex).toBe('acme.co');
  });

  it('normalizes entries like hosts and ignores entries that are not host names', () => {
    const policy = {
      extraSuffixes: ['.TEST.', 'テスト', '', '*.bad', 'a b', 42 as unknown as string],
    };
    expect(accepted(toApex('acme.test', policy)).apex).toBe('acme.test');
    expect(accepted(toApex('アクメ.テスト', policy))).toEqual({
      host: 'xn--cck0a4k.xn--zckzah',
      apex: 'xn--cck0a4k.xn--zckzah',
      unicode: 'アクメ.テスト',
    });
    expect(reasonOf(toApex('x.bad', policy))).toBe('unknown_suffix');
  });

  it('does not change normalizeHost, and the PSL still wins where it is longer', () => {
    expect(accepted(normalizeHost('test', { extraSuffixes: ['test'] })).host).toBe('test');
    expect(accepted(toApex('acme.co.uk', { extraSuffixes: ['uk'] })).apex).toBe('acme.co.uk');
  });
});
