// The ASCII fast path: most input is an already-valid LDH name, perhaps in uppercase or with
// a root dot. One pass over it checks everything steps 1–6 of DESIGN §3 would check for such
// a name; anything unusual (other characters, an A-label, a numeric last label, a broken
// label) returns undefined and takes the full path, which then explains the refusal.
import { MAX_LABEL_OCTETS, MAX_NAME_OCTETS } from './labels.js';

/**
 * The normalized host for `text` when it is made only of LDH characters and dots and is
 * valid as it stands: 1–63 octets per label, no hyphen at either end or in positions 3–4,
 * ≤ 253 octets without the root dot, no `xn--` label and a last label that is not a number.
 */
export function plainHost(text: string): string | undefined {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 0x2e) end -= 1;
  if (end === 0 || end > MAX_NAME_OCTETS) return undefined;
  let upper = false;
  let start = 0;
  let digitsOnly = true;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      const length = i - start;
      if (length === 0 || length > MAX_LABEL_OCTETS) return undefined;
      if (text.charCodeAt(i - 1) === 0x2d) return undefined;
      // Positions 3–4 (`xn--`, `ab--c`): reserved, or an A-label; both take the full path.
      if (
        length >= 4 &&
        text.charCodeAt(start + 2) === 0x2d &&
        text.charCodeAt(start + 3) === 0x2d
      ) {
        return undefined;
      }
      if (i < end) {
        start = i + 1;
        digitsOnly = true;
      }
    } else if (c >= 0x61 && c <= 0x7a) {
      digitsOnly = false;
    } else if (c >= 0x30 && c <= 0x39) {
      // digits keep digitsOnly as it is
    } else if (c === 0x2d) {
      if (i === start) return undefined;
      digitsOnly = false;
    } else if (c >= 0x41 && c <= 0x5a) {
      upper = true;
      digitsOnly = false;
    } else {
      return undefined;
    }
  }
  // A numeric last label (or one starting `0x`, a hexadecimal IPv4 part) means an IP address.
  const last = text.charCodeAt(start);
  if (digitsOnly || (last === 0x30 && (text.charCodeAt(start + 1) | 0x20) === 0x78)) {
    return undefined;
  }
  const host = end === text.length ? text : text.slice(0, end);
  return upper ? host.toLowerCase() : host;
}
