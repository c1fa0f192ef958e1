// Step 3 of DESIGN §3: from host text to ASCII (A-labels), with UTS #46 as the authority.
// Three paths give the same answer as strict tr46 processing, cheapest first:
//   1. already LDH (any case, no A-label): lowercase it;
//   2. every label is LDH or made of plain characters (see uts46.ts): Punycode per label;
//   3. anything else: the full tr46 processing of the whole name.
// A-labels typed by the user must round-trip through Punycode on every path.
import punycode from 'punycode/punycode.js';
import { describeCharacter } from './labels.js';
import { isRefusal, type Refusal, refuse, shorten } from './refusal.js';
import { isPlainCharacter, uts46ToAscii } from './uts46.js';

/** Label separators: the full stop and the three dots UTS #46 maps to it. */
const isDot = (c: number): boolean => c === 0x2e || c === 0x3002 || c === 0xff0e || c === 0xff61;

const LDH_LABEL = /^[a-z0-9-]*$/;
export const NON_ASCII = /[^\p{ASCII}]/u;

/** A name after UTS #46: A-labels, and the Unicode labels when they are known already. */
export interface MappedHost {
  readonly ascii: string;
  /** The same name with U-labels, or undefined when only tr46 saw them (decode `ascii`). */
  readonly unicode: string | undefined;
}

/** One label both ways. */
interface MappedLabel {
  readonly ascii: string;
  readonly unicode: string;
}

/** Converts host text (≤ a few KB, no controls or whitespace) to ASCII, root dot kept. */
export function toAsciiHost(text: string): MappedHost | Refusal {
  const plain = plainAscii(text);
  if (plain !== undefined) return { ascii: plain, unicode: plain };
  const mapped = mapLabelwise(text);
  if (mapped !== undefined) return mapped;
  const ascii = uts46ToAscii(text);
  return ascii === null ? diagnose(text) : { ascii, unicode: undefined };
}

/** Path 1: `text` if it is lowercase LDH and dots without A-labels, lowercased if upper. */
function plainAscii(text: string): string | undefined {
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e) continue;
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else return undefined;
  }
  const lower = upper ? text.toLowerCase() : text;
  return lower.includes('xn--') ? undefined : lower;
}

/**
 * Path 2, label by label. Returns undefined when some label needs full processing; refusals
 * of typed A-labels are still reported then, so the round-trip rule holds on every path.
 */
function mapLabelwise(text: string): MappedHost | Refusal | undefined {
  let ascii = '';
  let unicode = '';
  let start = 0;
  let complete = true;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !isDot(text.charCodeAt(i))) continue;
    const label = mapLabel(text.slice(start, i));
    if (label === undefined) complete = false;
    else if (isRefusal(label)) return label;
    else if (start === 0) {
      ascii = label.ascii;
      unicode = label.unicode;
    } else {
      ascii = `${ascii}.${label.ascii}`;
      unicode = `${unicode}.${label.unicode}`;
    }
    start = i + 1;
  }
  return complete ? { ascii, unicode } : undefined;
}

function mapLabel(raw: string): MappedLabel | Refusal | undefined {
  if (!NON_ASCII.test(raw)) {
    const label = raw.toLowerCase();
    if (!LDH_LABEL.test(label)) return undefined;
    return label.startsWith('xn--') ? checkALabel(label) : { ascii: label, unicode: label };
  }
  const label = plainULabel(raw);
  const encoded = label === undefined ? undefined : encodeByPackage(label);
  if (encoded !== undefined) return { ascii: `xn--${encoded}`, unicode: label as string };
  // Full-width `ｘｎ－－…` is still an A-label as typed; its round trip is checked here too.
  // (A plain label never folds to ASCII: valid characters are stable under NFKC_Casefold.)
  const folded = raw.normalize('NFKC').toLowerCase();
  if (folded.startsWith('xn--') && !NON_ASCII.test(folded)) {
    const checked = checkALabel(folded);
    if (isRefusal(checked)) return checked;
  }
  return undefined;
}

/** An A-label as typed (lowercased): refused unless it round-trips; undefined = let tr46 judge. */
function checkALabel(label: string): MappedLabel | Refusal | undefined {
  const encoded = label.slice(4);
  const decoded = decodePunycode(encoded);
  if (decoded === undefined) {
    return refuse('malformed', `The label "${shorten(label, 24)}" is not valid Punycode.`);
  }
  if (encodeByPackage(decoded) !== encoded) {
    return refuse(
      'malformed',
      `The label "${shorten(label, 24)}" is not in canonical Punycode form (it does not round-trip).`,
    );
  }
  return NON_ASCII.test(decoded) && plainULabel(decoded) === decoded
    ? { ascii: label, unicode: decoded }
    : undefined;
}

/**
 * `raw` with ASCII letters lowercased if every character is lowercase LDH or plain, the
 * label is in NFC and its hyphens obey CheckHyphens; otherwise undefined (full processing).
 */
function plainULabel(raw: string): string | undefined {
  let upper = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) upper = true;
      else if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d))
        return undefined;
    } else if ((c >= 0xd800 && c <= 0xdfff) || !isPlainCharacter(c)) {
      return undefined;
    }
  }
  const label = upper ? raw.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : raw;
  if (label.normalize('NFC') !== label) return undefined;
  // BMP only, so code units are code points for the hyphen positions.
  if (label.startsWith('-') || label.endsWith('-') || label.startsWith('--', 2)) return undefined;
  return label;
}

export function decodePunycode(encoded: string): string | undefined {
  try {
    return punycode.decode(encoded);
  } catch {
    return undefined;
  }
}

/**
 * Punycode encoding of one label by the `punycode` package: for converted U-labels and for the
 * round trip of typed A-labels. Undefined when it cannot encode (overflow).
 */
function encodeByPackage(label: string): string | undefined {
  try {
    return punycode.encode(label);
  } catch {
    return undefined;
  }
}

/** The most useful reason UTS #46 processing refused `text`. */
function diagnose(text: string): Refusal {
  const culprit = /[_*:/?#\\\u200c\u200d]/.exec(text);
  if (culprit !== null) return refuse('malformed', describeCharacter(culprit[0]));
  return refuse(
    'malformed',
    'This is not a valid host name: it contains characters or a label form that IDNA (UTS #46) does not allow.',
  );
}
