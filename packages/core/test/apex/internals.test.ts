// The building blocks behind normalizeHost: the fast paths must give exactly what strict
// tr46 processing gives, the script table must know every script, echoes must be bounded.
import fc from 'fast-check';
import tr46 from 'tr46';
import { describe, expect, it } from 'vitest';
import { toAsciiHost } from '../../src/apex/idn.js';
import { checkLabels, stripRootDot } from '../../src/apex/labels.js';
import { echoInput, isRefusal, MAX_ECHOED_INPUT, shorten } from '../../src/apex/refusal.js';
import { isHighlyRestrictive, SCRIPT_CODES, scriptsOf } from '../../src/apex/script.js';

const STRICT = {
  checkHyphens: true,
  checkBidi: true,
  checkJoiners: true,
  useSTD3ASCIIRules: true,
  transitionalProcessing: false,
};

/** Characters that exercise every branch: plain and mapped letters, marks, bidi, joiners. */
const HOSTISH = fc.constantFrom(
  ...'abcxyzABCXYZ0189-.-.',
  ...'üéßàñçÄÉẞ', // Latin, mapped uppercase, deviation
  ...'абвгАБВ', // Cyrillic
  ...'αβγςΑΒ', // Greek with final sigma
  ...'日本語東ひらがカタ', // Han, Hiragana, Katakana
  ...'אבגيعب١٢', // Hebrew, Arabic, Arabic-Indic digits (bidi)
  '\u0301', // combining acute
  '\u094d', // Devanagari virama
  'क',
  '\u200c',
  '\u200d',
  '\u00ad', // soft hyphen (ignored)
  '\u3002', // ideographic full stop
  '\uff0e',
  'Ａ',
  '１',
  '😀',
  '\ud800',
  '_',
  '*',
  'xn--',
  'xn--zca',
  'xn--bcher-kva',
  'xn--a',
  'xn--ls8h',
);

describe('toAsciiHost', () => {
  it('agrees with strict tr46 ToASCII on every host-like string', () => {
    fc.assert(
      fc.property(fc.array(HOSTISH, { maxLength: 16 }), (pieces) => {
        const text = pieces.join('');
        const ours = toAsciiHost(text);
        const theirs = tr46.toASCII(text, STRICT);
        if (theirs === null) {
          // Hyphen rules of ASCII labels are left to checkLabels, which runs next.
          const refused = isRefusal(ours) || checkLabels(stripRootDot(ours.ascii)) !== undefined;
          expect(refused, JSON.stringify(text)).toBe(true);
        } else if (isRefusal(ours)) {
          // Only the round-trip rule may refuse what tr46 accepts (it re-encodes A-labels).
          expect(ours.message, JSON.stringify(text)).toMatch(/canonical Punycode/);
        } else {
          expect(ours.ascii, JSON.stringify(text)).toBe(theirs);
          // The Unicode labels, when known, are what decoding the A-labels gives.
          if (ours.unicode !== undefined) expect(ours.unicode).toBe(tr46.toUnicode(theirs).domain);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses A-labels that do not round-trip through Punycode', () => {
    // `xn--Bcher-kva` is fine (mapping lowercases first); a decodable but non-canonical
    // spelling is not.
    expect(toAsciiHost('XN--BCHER-KVA.de')).toEqual({
      ascii: 'xn--bcher-kva.de',
      unicode: 'bücher.de',
    });
    const refusal = toAsciiHost('xn--bcher-kva0.de');
    expect(isRefusal(refusal)).toBe(true);
  });
});

describe('script sets', () => {
  it('cover every assigned code point of this runtime', () => {
    // A runtime on older Unicode data (Deno 2.9's ICU) knows neither a newer script's name nor
    // its code points; the scripts it does know must still cover everything it has assigned.
    const knownHere = SCRIPT_CODES.filter((code) => {
      try {
        return RegExp(`\\p{scx=${code}}`, 'u') instanceof RegExp;
      } catch {
        return false;
      }
    });
    const known = new RegExp(
      `[${knownHere.map((code) => `\\p{scx=${code}}`).join('')}\\p{scx=Zyyy}\\p{scx=Zinh}\\p{sc=Zzzz}]`,
      'u',
    );
    const missing: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (!known.test(String.fromCodePoint(cp))) missing.push(cp.toString(16));
    }
    expect(missing).toEqual([]);
  });

  it('follow Script_Extensions', () => {
    expect(scriptsOf('a')).toEqual(['Latn']);
    expect(scriptsOf('а')).toEqual(['Cyrl']);
    expect(scriptsOf('ー')).toEqual(['Hira', 'Kana']); // prolonged sound mark
    expect(scriptsOf('1')).toEqual([]);
    expect(isHighlyRestrictive('ラーメン')).toBe(true);
    expect(isHighlyRestrictive('ab-12')).toBe(true);
    expect(isHighlyRestrictive('аb')).toBe(false);
  });
});

describe('echoInput and shorten', () => {
  it('cap the length and never split a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (text) => {
        const echoed = echoInput(text);
        expect(echoed.length).toBeLessThanOrEqual(MAX_ECHOED_INPUT);
        if (!/\p{Cs}/u.test(text)) expect(/\p{Cs}/u.test(echoed)).toBe(false);
        expect(shorten(text, 10).length).toBeLessThanOrEqual(10);
      }),
    );
    expect(echoInput(42)).toBe('');
  });
});
