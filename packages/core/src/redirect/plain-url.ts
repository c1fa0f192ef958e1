// The plain-URL shortcut of `authorize` (issue #10 §3): most redirect URLs are written exactly
// as a WHATWG parser serializes them, so their parse is known without running the parser.
// `readPlainUrl` recognises a deliberately small language of such URLs and reads the host and
// path off the text; anything outside it (a byte of doubt) takes the full parse.
//
// Why each rule keeps `new URL(s).href === s` (WHATWG URL Standard, special schemes):
// - `https://` in lower case: the scheme is lower-cased and `//` is the authority marker.
// - host: lower-case LDH labels, ≤ 253 octets in all, no empty label (so no trailing dot), no
//   `--` (so no `xn--` A-label, nothing for IDNA to decode or validate): domain-to-ASCII maps
//   such a name to itself (the URL Standard does not verify DNS lengths, so a label over 63
//   octets maps to itself too, and the full path leaves it to DNS as well). The last label
//   starts with a letter, so it is never a number and the host is never parsed as IPv4
//   (`1.2.3.4`, `a.0x1f`). No `@`, `:`, `\`: no userinfo, no port.
// - path: required (`https://a.co` serializes as `https://a.co/`); segments of letters, digits
//   and `-._~!$&()*+,=`, none of which is in the path percent-encode set, and none a dot
//   segment (`.`, `..`: no `%`, so no `%2e` either), which the parser would resolve.
// - query: the path characters and `/?:@;`, none in the special-query percent-encode set.
// - at most MAX_PLAIN_URL_LENGTH characters; nothing else: no `%`, `#`, `\`, whitespace,
//   control or non-ASCII character anywhere.
import { MAX_NAME_OCTETS } from '../apex/labels.js';

/** What the parser would answer for a plain URL: `hostname` and `pathname`. */
export interface PlainUrl {
  readonly host: string;
  readonly pathname: string;
}

const PREFIX = 'https://';

/**
 * Longer URLs take the parse: the recogniser pays off on the parser's fixed cost, not per
 * character, so a long URL that fails late (a `%` at the end) would pay for both in full.
 */
export const MAX_PLAIN_URL_LENGTH = 1024;

/**
 * The grammar in one native pass (a `charCodeAt` loop, or a second expression over the host,
 * costs more than the parser itself). Host: lower-case LDH runs, each `.` or `-` between two
 * runs (the flat form of `PLAIN_LDH`), the last label starting with a letter; path: `/` and
 * the path characters; query: `?` and the query characters. Dot segments and the host's
 * length are checked on the slices.
 */
const PLAIN_URL =
  /^https:\/\/(?:[a-z0-9]+(?:[.-][a-z0-9]+)*\.)?[a-z][a-z0-9]*(?:-[a-z0-9]+)*\/[A-Za-z0-9\-._~!$&()*+,=/]*(?:\?[A-Za-z0-9\-._~!$&()*+,=/?:@;]*)?$/;
/** A `.` or `..` segment, which the parser resolves away. */
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

/**
 * The host and path of `text` when it is a plain URL (see above), which every WHATWG parser
 * serializes to `text` itself; null for anything else. Linear in `text`.
 */
export function readPlainUrl(text: string): PlainUrl | null {
  if (text.length > MAX_PLAIN_URL_LENGTH) return null;
  const hostEnd = text.indexOf('/', PREFIX.length);
  if (hostEnd - PREFIX.length > MAX_NAME_OCTETS || !PLAIN_URL.test(text)) return null;
  const queryStart = text.indexOf('?', hostEnd);
  const pathname = text.slice(hostEnd, queryStart === -1 ? text.length : queryStart);
  if (DOT_SEGMENT.test(pathname)) return null;
  return { host: text.slice(PREFIX.length, hostEnd), pathname };
}
