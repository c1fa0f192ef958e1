// Step 6 of DESIGN §3, `single-script`: each label's Unicode form must be "highly
// restrictive" in the sense of UTS #39 §5.2 — one script plus Common and Inherited, or one of
// the CJK combinations Latin+Han+Hiragana+Katakana, Latin+Han+Bopomofo, Latin+Han+Hangul.
// Scripts come from the runtime's Unicode data through `\p{Script_Extensions=…}`, so a
// character shared by several scripts (e.g. the Japanese prolonged sound mark) counts for each.

/** ISO 15924 codes of the scripts in Unicode 17, except Common, Inherited and Unknown. */
export const SCRIPT_CODES =
  `Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Berf Bhks Bopo Brah
Brai Bugi Buhd Cakm Cans Cari Cham Cher Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp
Elba Elym Ethi Gara Geor Glag Gong Gonm Goth Gran Grek Gujr Gukh Guru Hang Hani Hano Hatr Hebr
Hira Hluw Hmng Hmnp Hung Ital Java Kali Kana Kawi Khar Khmr Khoj Kits Knda Krai Kthi Lana Laoo
Latn Lepc Limb Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Mlym Modi
Mong Mroo Mtei Mult Mymr Nagm Nand Narb Nbat Newa Nkoo Nshu Ogam Olck Onao Orkh Orya Osge Osma
Ougr Palm Pauc Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd
Sidd Sidt Sind Sinh Sogd Sogo Sora Soyo Sund Sunu Sylo Syrc Tagb Takr Tale Talu Taml Tang Tavt
Tayo Telu Tfng Tglg Thaa Thai Tibt Tirh Tnsa Todr Tols Toto Tutg Ugar Vaii Vith Wara Wcho Xpeo
Xsux Yezi Yiii Zanb`.split(/\s+/);

const NEUTRAL = '\\p{scx=Zyyy}\\p{scx=Zinh}';

/** The exceptions UTS #39 allows to "one script", each with Common and Inherited. */
const COVERS = [
  ['Latn', 'Hani', 'Hira', 'Kana'],
  ['Latn', 'Hani', 'Bopo'],
  ['Latn', 'Hani', 'Hang'],
];

/** `^[Common Inherited S1 S2 …]*$`: one character class, so matching is linear. */
const onlyScripts = (codes: readonly string[]): RegExp | undefined => {
  try {
    return new RegExp(`^[${NEUTRAL}${codes.map((c) => `\\p{scx=${c}}`).join('')}]*$`, 'u');
  } catch {
    return undefined; // a script this runtime's Unicode data does not know
  }
};

let coverPatterns: RegExp[] | undefined;
const FIRST_NON_NEUTRAL = new RegExp(`[^${NEUTRAL}]`, 'u');

/** Compiled patterns per script, built on first use (null: unknown to this runtime). */
const singleScript = new Map<string, RegExp | null>();
const membership = new Map<string, RegExp | null>();

function singleScriptPattern(code: string): RegExp | null {
  let re = singleScript.get(code);
  if (re === undefined) {
    re = onlyScripts([code]) ?? null;
    singleScript.set(code, re);
  }
  return re;
}

function membershipPattern(code: string): RegExp | null {
  let re = membership.get(code);
  if (re === undefined) {
    try {
      re = new RegExp(`^\\p{scx=${code}}$`, 'u');
    } catch {
      re = null;
    }
    membership.set(code, re);
  }
  return re;
}

/** Scripts of a code point (its Script_Extensions), memoised; bounded for odd input. */
const scriptsByCodePoint = new Map<number, readonly string[]>();
const MAX_MEMO = 4096;

export function scriptsOf(ch: string): readonly string[] {
  const cp = ch.codePointAt(0) ?? 0;
  const known = scriptsByCodePoint.get(cp);
  if (known !== undefined) return known;
  const found = SCRIPT_CODES.filter((code) => membershipPattern(code)?.test(ch) === true);
  if (scriptsByCodePoint.size >= MAX_MEMO) scriptsByCodePoint.clear();
  scriptsByCodePoint.set(cp, found);
  return found;
}

/** Whether one label (Unicode form) is highly restrictive per UTS #39. */
export function isHighlyRestrictive(label: string): boolean {
  const at = label.search(FIRST_NON_NEUTRAL);
  if (at === -1) return true;
  // Single script first (the common case), then the CJK combinations.
  const first = String.fromCodePoint(label.codePointAt(at) ?? 0);
  for (const code of scriptsOf(first)) {
    if (singleScriptPattern(code)?.test(label)) return true;
  }
  coverPatterns ??= COVERS.map(onlyScripts).filter((re): re is RegExp => re !== undefined);
  for (const re of coverPatterns) if (re.test(label)) return true;
  return false;
}

/** The distinct scripts of a label's characters, for messages (e.g. `Cyrl, Latn`). */
export function scriptsIn(label: string): string[] {
  const seen = new Set<string>();
  for (const ch of label) for (const code of scriptsOf(ch)) seen.add(code);
  return [...seen].sort();
}
