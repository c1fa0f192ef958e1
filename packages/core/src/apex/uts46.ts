// UTS #46 processing through `tr46`, in its strictest profile (DESIGN §3 step 3), plus a
// per-character table that lets `idn.ts` skip the full processing for the common case.
import tr46 from 'tr46';

/**
 * The strict profile: hyphen, bidi and joiner rules, STD3 (ASCII LDH only), non-transitional
 * (`ß` stays `ß`). DNS lengths are checked by `labels.ts` after the root dot is removed, so
 * that a too-long name gets its own reason instead of a bare "invalid".
 */
const STRICT = {
  checkHyphens: true,
  checkBidi: true,
  checkJoiners: true,
  useSTD3ASCIIRules: true,
  transitionalProcessing: false,
  verifyDNSLength: false,
  ignoreInvalidPunycode: false,
} as const;

/** UTS #46 ToASCII of a whole name, or null when it reports an error. Never throws. */
export function uts46ToAscii(text: string): string | null {
  try {
    return tr46.toASCII(text, STRICT);
  } catch {
    return null;
  }
}

/**
 * What tr46 says about each BMP code point, learnt on first sight: 0 unknown, 1 plain,
 * 2 not plain. A plain character maps to itself and is valid anywhere inside a label
 * without making the name a bidi domain; a label made of plain characters and lowercase LDH
 * therefore converts by Punycode alone, with exactly tr46's result.
 */
let plainTable: Uint8Array | undefined;

/**
 * Probe: `c.0a` passes strict processing unchanged only if `c` is valid (or a deviation kept
 * by non-transitional processing), is not mapped, is not a combining mark or a joiner, and is
 * not right-to-left or an Arabic digit (which would make the name a bidi domain, where the
 * label `0a` breaks rule 1).
 */
function probe(c: string): boolean {
  try {
    const probed = `${c}.0a`;
    const result = tr46.toUnicode(probed, STRICT);
    return !result.error && result.domain === probed;
  } catch {
    return false;
  }
}

/** Whether the BMP code unit `code` (not a surrogate, not ASCII) is a plain character. */
export function isPlainCharacter(code: number): boolean {
  plainTable ??= new Uint8Array(0x10000);
  let state = plainTable[code];
  if (state === 0) {
    state = probe(String.fromCharCode(code)) ? 1 : 2;
    plainTable[code] = state;
  }
  return state === 1;
}
