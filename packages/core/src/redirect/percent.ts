// Percent-encoding of URL paths. Patterns and incoming URLs are both brought to one spelling
// before they are compared, so `/caf%c3%a9`, `/caf%C3%A9` and `/café` are the same path and
// `%7E` is the same as `~` (RFC 3986 §6.2.2: uppercase hex, decode unreserved characters).

/** Value of one hex digit, or -1. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Unreserved characters that are decoded: letters, digits, `-`, `_`, `~`.
 * The dot is deliberately left out: an encoded dot is refused, never silently decoded.
 */
function isDecodedUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d ||
    byte === 0x5f ||
    byte === 0x7e
  );
}

const HEX = '0123456789ABCDEF';

/** True when every `%` in `path` starts a `%XX` escape with two hex digits. */
export function isWellFormedPercentEncoding(path: string): boolean {
  for (let i = path.indexOf('%'); i !== -1; i = path.indexOf('%', i + 1)) {
    if (hexValue(path.charCodeAt(i + 1)) < 0 || hexValue(path.charCodeAt(i + 2)) < 0) return false;
  }
  return true;
}

/**
 * Uppercases the hex digits of every `%XX` escape and decodes escapes of unreserved
 * characters. A path with a broken escape (`%zz`, a trailing `%`) is returned unchanged:
 * decoding next to a stray `%` could create a new escape (`%0%61` → `%0a`), so such a path is
 * only ever compared as written. Returns `path` itself when nothing changes.
 */
export function normalizePercentEncoding(path: string): string {
  let at = path.indexOf('%');
  if (at === -1 || !isWellFormedPercentEncoding(path)) return path;
  let out = '';
  let copiedUntil = 0;
  for (; at !== -1; at = path.indexOf('%', at + 1)) {
    const hi = hexValue(path.charCodeAt(at + 1));
    const lo = hexValue(path.charCodeAt(at + 2));
    if (hi < 0 || lo < 0) continue;
    const byte = hi * 16 + lo;
    const canonical = isDecodedUnreserved(byte)
      ? String.fromCharCode(byte)
      : `%${HEX[hi]}${HEX[lo]}`;
    if (path.slice(at, at + 3) === canonical) continue;
    out += path.slice(copiedUntil, at) + canonical;
    copiedUntil = at + 3;
    at += 2;
  }
  return copiedUntil === 0 ? path : out + path.slice(copiedUntil);
}
