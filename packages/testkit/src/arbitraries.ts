// fast-check arbitraries for host names and what people type instead of them (DESIGN §3).
// Shared by the core's property tests and any adapter test that needs realistic domains.
import fc from 'fast-check';

/**
 * Public suffixes that are on the Public Suffix List: one- and multi-label ICANN suffixes,
 * IDN TLDs in A-label form, and private suffixes (`github.io`), which apexproof honours.
 */
export const KNOWN_SUFFIXES: readonly string[] = [
  'com',
  'net',
  'org',
  'de',
  'fr',
  'io',
  'dev',
  'app',
  'co.uk',
  'org.uk',
  'co.jp',
  'com.au',
  'com.br',
  'k12.ak.us',
  'xn--p1ai',
  'xn--fiqs8s',
  'github.io',
  'herokuapp.com',
  'netlify.app',
  'pages.dev',
  'blogspot.com',
  's3.amazonaws.com',
];

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const LDH = `${LETTERS}0123456789-`;

/**
 * A lowercase LDH label of 1–`maxLength` characters that DNS and UTS #46 both accept: no
 * hyphen at either end, none in positions 3 and 4, and a letter first (so that it is never
 * numeric, which the URL standard would read as IPv4).
 */
export const ldhLabelArb = (maxLength = 20): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(...LETTERS),
      fc.string({ unit: fc.constantFrom(...LDH), maxLength: Math.max(0, maxLength - 1) }),
    )
    .map(([first, rest]) => `${first}${rest}`)
    .filter((label) => !label.endsWith('-') && label.slice(2, 4) !== '--');

/** `label.suffix` with a suffix from `KNOWN_SUFFIXES`: a registrable domain. */
export const registrableDomainArb: fc.Arbitrary<string> = fc
  .tuple(ldhLabelArb(), fc.constantFrom(...KNOWN_SUFFIXES))
  .map(([label, suffix]) => `${label}.${suffix}`);

/** A registrable domain with 0–3 subdomain labels in front, lowercase ASCII. */
export const hostnameArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(ldhLabelArb(12), { maxLength: 3 }), registrableDomainArb)
  .map(([subdomains, domain]) => [...subdomains, domain].join('.'));

/**
 * Alphabets of one script each: lowercase NFC letters that UTS #46 leaves unchanged and whose
 * uppercase maps back to them (so no `ß` or `ς`).
 */
const SCRIPT_ALPHABETS: readonly string[] = [
  'абвгдежзийклмнопрстуфхцчшщъыьэюяё', // Cyrillic
  'αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ', // Greek
  'àáâãäåçèéêëìíîïñòóôõöùúûüýÿæœ', // Latin with diacritics (mixed with a-z below)
  '日本語中文字東京都市場会社銀行学校', // Han
  'あいうえおかきくけこさしすせそたちつてとなにぬねの', // Hiragana (Japanese, with Han)
  '가나다라마바사아자차카타파하한국어', // Hangul syllables
  'กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮ', // Thai
];

/**
 * Letters of the Cyrillic and Greek alphabets above without a Latin look-alike in Unicode's
 * confusables.txt. A valid label holds at least one: a label made only of look-alikes (`сосо`,
 * `ορα`) is a whole-script confusable, refused under the default policy (UTS #39 §4).
 */
const DISTINCT_LETTERS: Readonly<Record<number, string>> = {
  0: 'вджзийклмнптфцчшщъыьэюяё',
  1: 'βδεζηθκλμξπτφχψωάέήίόύώ',
};

/** A single-script Unicode label (optionally with ASCII letters for the Latin alphabet). */
export const idnLabelArb: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: SCRIPT_ALPHABETS.length - 1 })
  .chain((i) => {
    const alphabet = [...(SCRIPT_ALPHABETS[i] ?? '')];
    const unit = i === 2 ? fc.constantFrom(...alphabet, ...LETTERS) : fc.constantFrom(...alphabet);
    const distinct = DISTINCT_LETTERS[i];
    if (distinct === undefined) return fc.string({ unit, minLength: 1, maxLength: 12 });
    return fc
      .tuple(fc.string({ unit, maxLength: 11 }), fc.constantFrom(...distinct), fc.nat())
      .map(([text, letter, at]) => {
        const chars = [...text];
        chars.splice(at % (chars.length + 1), 0, letter);
        return chars.join('');
      });
  });

/** A registrable IDN: single-script Unicode labels under a known suffix. */
export const idnHostnameArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.oneof(ldhLabelArb(10), idnLabelArb), { maxLength: 2 }),
    idnLabelArb,
    fc.constantFrom(...KNOWN_SUFFIXES, 'рф', '中国'),
  )
  .map(([subdomains, label, suffix]) => [...subdomains, label, suffix].join('.'));

const FULL_WIDTH_DOTS = ['\u3002', '\uff0e', '\uff61'];

/**
 * What a person types or pastes for a valid host (`input`), with the host it names (`host`,
 * lowercase, Unicode where it was): the host in any case, with a root dot, full-width dots,
 * surrounding whitespace, or inside a web URL with port and path.
 */
export const typedHostArb: fc.Arbitrary<{ input: string; host: string }> = fc
  .record({
    host: fc.oneof(hostnameArb, idnHostnameArb),
    upper: fc.boolean(),
    rootDot: fc.boolean(),
    fullWidthDot: fc.option(fc.constantFrom(...FULL_WIDTH_DOTS), { nil: undefined }),
    url: fc.option(
      fc.record({
        scheme: fc.constantFrom('http', 'https', 'HTTPS', 'wss'),
        port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        path: fc.constantFrom('', '/', '/x', '/a/b?c=d#e'),
      }),
      { nil: undefined },
    ),
    padding: fc.constantFrom('', ' ', '\t', '  \n'),
  })
  .map(({ host, upper, rootDot, fullWidthDot, url, padding }) => {
    let text = upper ? host.toUpperCase() : host;
    if (rootDot) text = `${text}.`;
    if (url !== undefined) {
      text = `${url.scheme}://${text}${url.port === undefined ? '' : `:${url.port}`}${url.path}`;
    } else if (fullWidthDot !== undefined) {
      text = text.replaceAll('.', fullWidthDot);
    }
    return { input: `${padding}${text}${padding}`, host };
  });

/** Only the typed text of `typedHostArb`. */
export const hostInputArb: fc.Arbitrary<string> = typedHostArb.map(({ input }) => input);

/** Any string at all: graphemes, arbitrary UTF-16 (lone surrogates included), ASCII. */
export const unicodeStringArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
);

/** Pieces that steer random strings into the interesting corners of host parsing. */
const TRICKY_PIECES: readonly string[] = [
  ...'aAzZ09-._*@:[]/\\%',
  'xn--',
  'xn--zca',
  'xn--a',
  'ß',
  'ü',
  'а',
  'α',
  '日',
  'א',
  'ي',
  '١',
  '\u0301',
  '\u200c',
  '\u200d',
  '\u00ad',
  '\u3002',
  '\uff0e',
  'Ａ',
  '１',
  '\ud800',
  '\udc00',
  '😀',
  ' ',
  '\u0000',
  '0x',
  '127',
  'https://',
  'com',
  'co.uk',
  'github.io',
];

/** Strings made of host-like pieces: dots, hyphens, A-label prefixes, scripts, joiners. */
export const hostLikeStringArb: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...TRICKY_PIECES), { maxLength: 24 })
  .map((pieces) => pieces.join(''));
