// The plain-URL shortcut of `authorize` (issue #10 §3): most redirect URLs are written exactly
// as a WHATWG parser serializes them, so their parse is known without running the parser.
// `readPlainUrl` recognises a deliberately small language of such URLs and reads the host and
// path off the text; anything outside it (a byte of doubt) takes the full parse.
//
// Why each rule keeps `new URL(s).href === s` (WHATWG URL Standard, special schemes):
// - `https://` in lower case: the scheme is lower-cased and `//` is the authority marker.
// - host: lower-case LDH labels of 1–63 octets, ≤ 253 in all, no empty label (so no trailing
//   dot), no `--` (so no `xn--` A-label, nothing for IDNA to decode or validate): domain-to-ASCII
//   maps such a name to itself. The last label starts with a letter, so it is never a number and
//   the host is never parsed as IPv4 (`1.2.3.4`, `a.0x1f`). No `@`, `:`, `\`: no userinfo, port.
// - path: required (`https://a.co` serializes as `https://a.co/`); segments of letters, digits
//   and `-._~!$&()*+,=`, none of which is in the path percent-encode set, and none a dot
//   segment (`.`, `..`: no `%`, so no `%2e` either), which the parser would resolve.
// - query: the path characters and `/?:@;`, none in the special-query percent-encode set.
// - nothing else: no `%`, `#`, `\`, whitespace, control or non-ASCII character anywhere.
import { MAX_NAME_OCTETS } from '../apex/labels.js';

/** What the parser would answer for a plain URL: `hostname` and `pathname`. */
export interface PlainUrl {
  readonly host: string;
  readonly pathname: string;
}

const PREFIX = 'https://';
const MAX_LABEL_OCTETS = 63;
const SLASH = 0x2f;
const DOT = 0x2e;
const HYPHEN = 0x2d;
const QUESTION = 0x3f;

const PATH = 1;
const QUERY = 2;
/** Per ASCII code: PATH and/or QUERY when the character stands for itself there. */
const CLASSES = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&()*+,=') {
  CLASSES[c.charCodeAt(0)] = PATH | QUERY;
}
for (const c of '/?:@;') CLASSES[c.charCodeAt(0)] = QUERY;

const isLowerLetter = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isLdhAlnum = (c: number): boolean => isLowerLetter(c) || (c >= 0x30 && c <= 0x39);

/** Index just past the host of `text` (which starts with `https://`), or -1 if not plain. */
function plainHostEnd(text: string): number {
  let labelStart = PREFIX.length;
  let previous = DOT;
  let i = labelStart;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLdhAlnum(c)) {
      // a letter or digit is always fine
    } else if (c === HYPHEN) {
      if (previous === DOT || previous === HYPHEN) return -1;
    } else if (c === DOT) {
      if (previous === DOT || previous === HYPHEN) return -1;
      if (i - labelStart > MAX_LABEL_OCTETS) return -1;
      labelStart = i + 1;
    } else break;
    previous = c;
  }
  if (previous === DOT || previous === HYPHEN) return -1; // empty host or label, trailing `-`
  if (i - labelStart > MAX_LABEL_OCTETS || i - PREFIX.length > MAX_NAME_OCTETS) return -1;
  return isLowerLetter(text.charCodeAt(labelStart)) ? i : -1;
}

/** A path segment `.` or `..`, which the parser resolves away. */
function isDotSegment(text: string, start: number, end: number): boolean {
  const n = end - start;
  if (n === 1) return text.charCodeAt(start) === DOT;
  return n === 2 && text.charCodeAt(start) === DOT && text.charCodeAt(start + 1) === DOT;
}

/**
 * The host and path of `text` when it is a plain URL (see above), which every WHATWG parser
 * serializes to `text` itself; null for anything else. One pass, linear in `text`.
 */
export function readPlainUrl(text: string): PlainUrl | null {
  if (!text.startsWith(PREFIX)) return null;
  const hostEnd = plainHostEnd(text);
  if (hostEnd === -1 || text.charCodeAt(hostEnd) !== SLASH) return null;
  let segmentStart = hostEnd + 1;
  let i = segmentStart;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === SLASH || c === QUESTION) {
      if (isDotSegment(text, segmentStart, i)) return null;
      if (c === QUESTION) break;
      segmentStart = i + 1;
    } else if (c >= 128 || ((CLASSES[c] ?? 0) & PATH) === 0) return null;
  }
  if (i === text.length && isDotSegment(text, segmentStart, i)) return null;
  const pathEnd = i;
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || ((CLASSES[c] ?? 0) & QUERY) === 0) return null;
  }
  return { host: text.slice(PREFIX.length, hostEnd), pathname: text.slice(hostEnd, pathEnd) };
}
