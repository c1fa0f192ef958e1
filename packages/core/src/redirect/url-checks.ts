// Checks made on the RAW text of a URL, before and beside the WHATWG parser. The parser is
// forgiving in ways that hide attacks: it silently drops tabs and newlines, reads `\` as `/`,
// accepts empty credentials (`https://@host`) and resolves `..` and `%2e%2e` segments, so a
// parsed URL can no longer tell us what was written. Everything here is a plain char-code
// loop (no regular expressions): it runs on every `authorize` call.

import type { RedirectUrlInvalidReason } from '../errors.js';
import { hexValue } from './percent.js';

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const PERCENT = 0x25;
const QUESTION = 0x3f;
const HASH = 0x23;
const AT = 0x40;
const DOT = 0x2e;
const SEMICOLON = 0x3b;

/** C0 controls, DEL and C1 controls. */
export function isControl(c: number): boolean {
  return c <= 0x1f || (c >= 0x7f && c <= 0x9f);
}

/** The space and every other Unicode white space character (the `\s` set minus controls). */
export function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** True when `text` starts with `prefix` (given in lowercase), ignoring ASCII case. */
export function startsWithIgnoringCase(text: string, prefix: string): boolean {
  if (text.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if ((text.charCodeAt(i) | 0x20) !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Length of the `scheme:` at the start of `text` (including the colon), or 0 when the text
 * does not start with a syntactically valid scheme.
 */
export function schemeLength(text: string): number {
  const first = text.charCodeAt(0) | 0x20;
  if (!(first >= 0x61 && first <= 0x7a)) return 0;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a) return i + 1;
    const lower = c | 0x20;
    const ok =
      (lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d;
    if (!ok && c !== DOT) return 0;
  }
  return 0;
}

/** What `findPathProblem` can find in a path. */
export type PathProblem = 'dot_segment' | 'encoded_separator' | 'control_character' | 'malformed';

/**
 * Finds encoded path syntax and dot segments in `text[start, end)`, a raw path.
 *
 * - `dot_segment`: a segment that is `.` or `..`, each dot written literally or as `%2e`
 *   (any case), optionally followed by `;parameters` or `%3Bparameters` (servlet containers
 *   read `/..;/` as `/../`, and a server that decodes first reads `%3B` as `;`).
 * - `encoded_separator`: `%2f`, `%5c` or `%2e` anywhere (any case). Servers disagree on
 *   whether to decode these before routing, so a prefix check cannot be trusted with them.
 *   Also every `%25` (an encoded `%`: a second decoding turns `%252e` into `.`), escapes
 *   that are not valid UTF-8 (`%c0%ae` is `.` to a lenient decoder), and characters, raw or
 *   encoded, that Unicode compatibility folding turns into `.`, `/` or `\` (`%ef%bc%8e`).
 * - `control_character`: `%00`–`%1f`, `%7f`, and C1 controls, U+2028 and U+2029 (raw or
 *   encoded), never part of a legitimate path.
 * - `malformed` also: an unpaired surrogate (broken text: the parser would turn it into
 *   U+FFFD, and `normalizeHost` refuses it the same way).
 * - `malformed`: a `%` that does not start two hex digits (`%%32%65` is `%2e` once decoded).
 *
 * A dot segment is reported in preference to an encoded character in the same segment.
 */
export function findPathProblem(text: string, start: number, end: number): PathProblem | null {
  let dots = 0;
  let onlyDots = true;
  let inParameters = false;
  let encoded = false;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : SLASH;
    if (c === SLASH) {
      if (onlyDots && (dots === 1 || dots === 2)) return 'dot_segment';
      if (encoded) return 'encoded_separator';
      dots = 0;
      onlyDots = true;
      inParameters = false;
    } else if (c >= 0x80) {
      // A raw non-ASCII character (the URL was not canonical): judged like an encoded one.
      const cp = text.codePointAt(i) ?? c;
      if (cp >= 0xd800 && cp <= 0xdfff) return 'malformed';
      const problem = characterProblem(String.fromCodePoint(cp));
      if (problem !== null) return problem;
      if (cp > 0xffff) i++;
      if (!inParameters) onlyDots = false;
    } else if (c === PERCENT) {
      const byte = escapedByte(text, i, end);
      if (byte < 0) return 'malformed';
      if (byte >= 0x80) {
        const decoded = escapedCharacter(text, i, end, byte);
        if (decoded === null) return 'encoded_separator';
        const problem = characterProblem(decoded.character);
        if (problem !== null) return problem;
        if (!inParameters) onlyDots = false;
        i += 3 * decoded.escapes - 1;
        continue;
      }
      const problem = escapeProblem(byte);
      if (problem !== null) return problem;
      if (byte === SLASH || byte === BACKSLASH || byte === DOT) encoded = true;
      if (!inParameters) {
        // `%3B` is read as `;` by servers that decode before stripping parameters
        // (`/..%3Badmin` serves `/`), so it starts parameters exactly like `;`.
        if (byte === DOT) dots++;
        else if (byte === SEMICOLON) inParameters = true;
        else onlyDots = false;
      }
      i += 2;
    } else if (inParameters) {
      // Parameters never make a dot segment; only their escapes matter.
    } else if (c === DOT) {
      dots++;
    } else if (c === SEMICOLON) {
      inParameters = true;
    } else {
      onlyDots = false;
    }
  }
  return null;
}

/** The byte of the `%XX` escape at `text[i]`, or -1 when it is not one inside `[i, end)`. */
function escapedByte(text: string, i: number, end: number): number {
  if (i + 2 >= end || text.charCodeAt(i) !== PERCENT) return -1;
  const hi = hexValue(text.charCodeAt(i + 1));
  const lo = hexValue(text.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/**
 * ASCII escapes refused on their own: encoded controls, and an encoded `%` (a second decoding
 * turns `%252e` into `.`: refusing every `%25` closes the whole double-decoding class).
 */
function escapeProblem(byte: number): 'encoded_separator' | 'control_character' | null {
  if (byte <= 0x1f || byte === 0x7f) return 'control_character';
  return byte === PERCENT ? 'encoded_separator' : null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The character that the UTF-8 escapes starting at `text[i]` (lead byte `lead`) encode, and
 * how many escapes it takes; null when they are not valid UTF-8: a lone continuation byte,
 * an overlong form (`%c0%ae` is `.` to a lenient decoder), a surrogate or a value past
 * U+10FFFF. The decoder is strict, so no hand-written table decides what is valid.
 */
function escapedCharacter(
  text: string,
  i: number,
  end: number,
  lead: number,
): { escapes: number; character: string } | null {
  const escapes = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (escapes === 0) return null;
  const bytes = new Uint8Array(escapes);
  bytes[0] = lead;
  for (let k = 1; k < escapes; k++) {
    const byte = escapedByte(text, i + 3 * k, end);
    if (byte < 0x80 || byte > 0xbf) return null;
    bytes[k] = byte;
  }
  try {
    return { escapes, character: strictUtf8.decode(bytes) };
  } catch {
    return null;
  }
}

/**
 * A non-ASCII path character is refused when some server could read it as a control or a
 * line break (C1 controls, U+2028, U+2029), or, after the Unicode compatibility folding some
 * servers and frameworks apply (NFKC), as `.`, `/` or `\` (full-width `．／＼`, `․`, `﹒`, …).
 */
function characterProblem(character: string): 'encoded_separator' | 'control_character' | null {
  const cp = character.codePointAt(0) ?? 0;
  if (cp <= 0x9f || cp === 0x2028 || cp === 0x2029) return 'control_character';
  const folded = character.normalize('NFKC');
  return folded !== character && /[./\\]/.test(folded) ? 'encoded_separator' : null;
}

/**
 * Checks a raw redirect URL before it is parsed. Returns why it is refused, or null.
 *
 * Order: characters anywhere (controls, white space, `#`, `\` before the query), then the
 * `http(s)://` prefix, then the authority (no `@`, no `%`, not empty), then the path.
 */
export function findRawUrlProblem(url: string): RedirectUrlInvalidReason | null {
  const length = url.length;
  let queryStart = -1;
  for (let i = 0; i < length; i++) {
    const c = url.charCodeAt(i);
    if (c < 0x80) {
      if (c <= 0x20 || c === 0x7f) return c === 0x20 ? 'malformed' : 'control_character';
      if (c === HASH) return 'fragment';
      if (queryStart === -1) {
        if (c === BACKSLASH) return 'backslash';
        if (c === QUESTION) queryStart = i;
      }
    } else if (c <= 0x9f || c === 0x2028 || c === 0x2029) {
      return 'control_character';
    } else if (isSpace(c)) {
      return 'malformed';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // Unpaired surrogates are broken text (the parser makes them U+FFFD): one rule with
      // `normalizeHost`, which refuses them too. A pair is skipped whole.
      const next = url.charCodeAt(i + 1);
      if (c >= 0xdc00 || !(next >= 0xdc00 && next <= 0xdfff)) return 'malformed';
      i++;
    }
  }
  if (queryStart === -1) queryStart = length;

  let authorityStart: number;
  if (startsWithIgnoringCase(url, 'https://')) authorityStart = 8;
  else if (startsWithIgnoringCase(url, 'http://')) authorityStart = 7;
  else {
    const scheme = schemeLength(url);
    const lower = url.slice(0, scheme).toLowerCase();
    return scheme === 0 || lower === 'https:' || lower === 'http:' ? 'malformed' : 'scheme';
  }

  let pathStart = authorityStart;
  for (; pathStart < queryStart; pathStart++) {
    const c = url.charCodeAt(pathStart);
    if (c === SLASH) break;
    if (c === AT) return 'userinfo';
    if (c === PERCENT) return 'malformed';
  }
  if (pathStart === authorityStart) return 'malformed';
  return findPathProblem(url, pathStart, queryStart);
}

/**
 * Checks a URL the parser left exactly as written (`href` equals the text). The parser then
 * dropped, converted, encoded or resolved nothing, so no control character, white space,
 * backslash, empty userinfo, odd scheme spelling, encoded host or `.`/`..` segment can be in
 * it; only what survives in a canonical href is checked, with a few native string operations.
 * Any other text gets the full `findRawUrlProblem`.
 */
export function findCanonicalUrlProblem(
  text: string,
  pathname: string,
  pathHasPercent: boolean,
): RedirectUrlInvalidReason | null {
  // In a canonical href `#` only ever starts the fragment (even an empty one), and `@` before
  // the first `/` after `//` only ever ends userinfo: no getters needed.
  if (text.includes('#')) return 'fragment';
  const at = text.indexOf('@');
  if (at !== -1) {
    const path = text.indexOf('/', text.indexOf('//') + 2);
    if (path === -1 || at < path) return 'userinfo';
  }
  if (pathHasPercent || pathname.includes(';')) {
    return findPathProblem(pathname, 0, pathname.length);
  }
  return null;
}

/**
 * True when a text the parser accepted, and that passed the raw checks (so it starts with its
 * scheme), has the scheme `https`. Cheaper than reading `URL#protocol`.
 */
export function hasHttpsScheme(text: string): boolean {
  return (
    text.charCodeAt(5) === 0x3a &&
    (text.charCodeAt(0) | 0x20) === 0x68 &&
    (text.charCodeAt(1) | 0x20) === 0x74 &&
    (text.charCodeAt(2) | 0x20) === 0x74 &&
    (text.charCodeAt(3) | 0x20) === 0x70 &&
    (text.charCodeAt(4) | 0x20) === 0x73
  );
}
