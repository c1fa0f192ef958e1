// Step 4 of DESIGN §3: the DNS shape of an ASCII name. Limits are counted in octets, which for
// an A-label name equal UTF-16 code units.
import { type Refusal, refuse, shorten } from './refusal.js';

export const MAX_NAME_OCTETS = 253;
export const MAX_LABEL_OCTETS = 63;

const isLdh = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;

/** Why one character makes a name unusable; shared with the UTS #46 diagnosis. */
export function describeCharacter(ch: string): string {
  switch (ch) {
    case '_':
      return 'Underscores are not allowed in host names (_x.acme.co names a DNS record, not a host).';
    case '*':
      return 'A wildcard (*) is not a host name; enter the domain itself.';
    case ':':
      return 'A colon is not allowed: enter the domain without a port.';
    case '/':
    case '?':
    case '#':
    case '\\':
      return 'Enter only the domain, without a path, query or fragment.';
    case '\u200c':
    case '\u200d':
      return 'The name contains an invisible joiner character (U+200C/U+200D) where IDNA does not allow one.';
    default:
      return `The character ${JSON.stringify(ch)} is not allowed in a host name.`;
  }
}

/** Removes one trailing dot: `acme.co.` names the same host as `acme.co` (the DNS root). */
export const stripRootDot = (name: string): string =>
  name.endsWith('.') ? name.slice(0, -1) : name;

/**
 * Checks a lowercase ASCII name without its root dot: at least one label, ≤ 253 octets,
 * labels of 1–63 LDH characters that neither start nor end with `-`, and no `??--` label
 * other than an A-label (the positions RFC 5891 reserves, refused by UTS #46 CheckHyphens).
 */
export function checkLabels(host: string): Refusal | undefined {
  if (host.length === 0) return refuse('malformed', 'The name has no labels.');
  if (host.length > MAX_NAME_OCTETS) {
    return refuse(
      'too_long',
      `The name is ${host.length} octets long; DNS allows at most ${MAX_NAME_OCTETS}.`,
    );
  }
  let start = 0;
  for (let i = 0; i <= host.length; i++) {
    const c = i < host.length ? host.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      const refusal = checkLabel(host, start, i);
      if (refusal !== undefined) return refusal;
      start = i + 1;
    } else if (!isLdh(c)) {
      return refuse('malformed', describeCharacter(String.fromCharCode(c)));
    }
  }
  return undefined;
}

function checkLabel(host: string, start: number, end: number): Refusal | undefined {
  const length = end - start;
  if (length === 0) {
    return refuse('malformed', 'The name has an empty label (a leading dot or two dots in a row).');
  }
  if (length > MAX_LABEL_OCTETS) {
    const label = shorten(host.slice(start, end), 24);
    return refuse(
      'too_long',
      `The label "${label}" is ${length} octets long; DNS allows at most ${MAX_LABEL_OCTETS}.`,
    );
  }
  if (host.charCodeAt(start) === 0x2d || host.charCodeAt(end - 1) === 0x2d) {
    return refuse('malformed', 'A label cannot start or end with a hyphen.');
  }
  if (
    length >= 4 &&
    host.charCodeAt(start + 2) === 0x2d &&
    host.charCodeAt(start + 3) === 0x2d &&
    !host.startsWith('xn', start)
  ) {
    return refuse(
      'malformed',
      `The label "${shorten(host.slice(start, end), 24)}" has hyphens in the third and fourth positions, which are reserved for encodings such as xn--.`,
    );
  }
  return undefined;
}
