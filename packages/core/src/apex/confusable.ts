// Step 6 of DESIGN §3, `single-script`, after the script check: homographs that one script per
// label does not stop. Modelled on UTS #39 and on the ideas of Chromium's IDN spoof checker
// (not its code); the data is Unicode's confusables.txt, generated into a small table.
//
// - whole_script_confusable (UTS #39 §4): a label in one non-Latin script whose every letter
//   looks like an ASCII letter or digit (`аррӏе`, `ѕсоре`, all Cyrillic) is displayed as a Latin
//   name; refused unless the top-level domain is in that same script (`сосо.рф` stays valid).
// - confusable_character: a character that imitates URL syntax (`/ . : @ -`) or an ASCII letter
//   where it cannot be told apart from one: a Common or Inherited character (U+2215 `∕`,
//   U+2044 `⁄`, U+2010 `‐`), a Latin letter that imitates another Latin letter (`ɑ`, `ɡ`, `ı`),
//   or a letter of another script inside a label that also has Latin letters (`g〇〇gle`,
//   `coノevil`: the CJK combinations UTS #39 allows with Latin).
import { ASCII_LOOKALIKES } from './confusables.generated.js';
import { type Refusal, refuse, shorten } from './refusal.js';
import { scriptsOf } from './script.js';

/** Prototype (lowercase ASCII) of each look-alike code point, parsed on first use. */
let lookalikes: Map<number, string> | undefined;

function lookalikeOf(cp: number): string | undefined {
  if (lookalikes === undefined) {
    lookalikes = new Map();
    for (const row of ASCII_LOOKALIKES.split(' ')) {
      const colon = row.indexOf(':');
      lookalikes.set(Number.parseInt(row.slice(0, colon), 16), row.slice(colon + 1));
    }
  }
  return lookalikes.get(cp);
}

const ALNUM = /^[a-z0-9]+$/;
const LATIN = /\p{scx=Latn}/u;
const NEUTRAL = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;

/**
 * Latin look-alikes that are letters of a living alphabet, accepted under the top-level domains
 * of the languages that write them (Turkish and Azerbaijani dotless `ı`).
 */
const NATIONAL: ReadonlyMap<number, readonly string[]> = new Map([[0x131, ['tr', 'az']]]);

const describe = (ch: string, proto: string): string =>
  `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} "${ch}" looks like "${proto}"`;

/** The scripts of the first character of `text` that belongs to a script. */
function leadingScripts(text: string): readonly string[] {
  for (const ch of text) {
    const scripts = scriptsOf(ch);
    if (scripts.length > 0) return scripts;
  }
  return [];
}

/**
 * Why `label` (a U-label that passed the script check) is a homograph, or undefined. `tld` is
 * the Unicode form of the name's last label.
 */
export function confusableRefusal(label: string, tld: string): Refusal | undefined {
  const hasLatin = LATIN.test(label);
  let letters = 0;
  let imitators = 0;
  let skeleton = '';
  for (const ch of label) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      skeleton += ch;
      if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) letters++;
      continue;
    }
    const proto = lookalikeOf(cp);
    if (proto === undefined) {
      // One class test: a character with a script of its own is a letter here.
      if (!NEUTRAL.test(ch)) letters++;
      skeleton += ch;
      continue;
    }
    const scripts = scriptsOf(ch);
    if (scripts.length > 0) letters++;
    skeleton += proto;
    const letterLike = ALNUM.test(proto);
    const national = NATIONAL.get(cp)?.includes(tld) === true;
    // Common or Inherited: looks like ASCII in any label. A Latin letter imitating another
    // (ligatures such as `æ` are letters of their own); anything else beside Latin letters.
    const confusing =
      scripts.length === 0 ||
      (letterLike && scripts.includes('Latn') ? proto.length === 1 && !national : hasLatin);
    if (confusing) {
      return refuse(
        'confusable_character',
        `The label "${shorten(label, 32)}" contains a character that imitates ${letterLike ? 'a Latin letter' : 'URL syntax'} (${describe(ch, proto)}); such names are refused because they can pass for another address.`,
      );
    }
    if (letterLike) imitators++;
  }
  if (hasLatin || letters === 0 || imitators !== letters) return undefined;
  const own = leadingScripts(label);
  if (leadingScripts(tld).some((script) => own.includes(script))) return undefined;
  return refuse(
    'whole_script_confusable',
    `Every letter of "${shorten(label, 32)}" (${own.join('/')}) looks like a Latin one: it would be read as "${shorten(skeleton, 32)}". Such names are accepted only under a top-level domain in the same script.`,
  );
}
