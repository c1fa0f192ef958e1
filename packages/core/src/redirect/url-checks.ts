// Checks made on the RAW text of a URL, before and beside the WHATWG parser. The parser is
// forgiving in ways that hide attacks: it silently drops tabs and newlines, reads `\` as `/`,
// accepts empty credentials (`https://@host`) and resolves `..` and `%2e%2e` segments, so a
// parsed URL can no longer tell us what was written. Everything here is a plain char-code
// loop (no regular expressions): it runs on every `authorize` call.

import type { RedirectUrlInvalidReason } from '../errors.js';

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

/**
 * Finds encoded path syntax and dot segments in `text[start, end)`, a raw path.
 *
 * - `dot_segment`: a segment that is `.` or `..`, each dot written literally or as `%2e`
 *   (any case), optionally followed by `;parameters` (servlet containers read `/..;/` as
 *   `/../`).
 * - `encoded_separator`: `%2f`, `%5c` or `%2e` anywhere (any case). Servers disagree on
 *   whether to decode these before routing, so a prefix check cannot be trusted with them.
 *
 * A dot segment is reported in preference to an encoded character in the same segment.
 */
export function findPathProblem(
  text: string,
  start: number,
  end: number,
): 'dot_segment' | 'encoded_separator' | null {
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
      continue;
    }
    if (inParameters) {
      if (c === PERCENT && isEncodedSyntax(text, i, end)) encoded = true;
      continue;
    }
    if (c === DOT) {
      dots++;
    } else if (c === PERCENT && isEncodedSyntax(text, i, end)) {
      encoded = true;
      if ((text.charCodeAt(i + 2) | 0x20) === 0x65 && text.charCodeAt(i + 1) === 0x32) dots++;
      else onlyDots = false;
      i += 2;
    } else if (c === SEMICOLON) {
      inParameters = true;
    } else {
      onlyDots = false;
    }
  }
  return null;
}

/** True when `text[i]` is `%` starting `%2f`, `%5c` or `%2e` in any case. */
function isEncodedSyntax(text: string, i: number, end: number): boolean {
  if (i + 2 >= end) return false;
  const a = text.charCodeAt(i + 1);
  const b = text.charCodeAt(i + 2) | 0x20;
  return (a === 0x32 && (b === 0x66 || b === 0x65)) || (a === 0x35 && b === 0x63);
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
    } else if (c <= 0x9f) {
      return 'control_character';
    } else if (isSpace(c)) {
      return 'malformed';
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
  parsed: URL,
  pathname: string,
  pathHasPercent: boolean,
): RedirectUrlInvalidReason | null {
  // An empty fragment (`…#`) survives in href but not in `hash`; its `#` is then the last char.
  if (parsed.hash !== '' || text.charCodeAt(text.length - 1) === HASH) return 'fragment';
  if (parsed.username !== '' || parsed.password !== '') return 'userinfo';
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
