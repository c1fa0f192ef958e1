import type { TxtRecord } from '../ports/dns.js';

/**
 * Compares two strings in time that depends only on their lengths, so a caller probing
 * values cannot learn how much of a secret prefix matched. It compares UTF-16 code units, as
 * `===` does: no encoding pass (a sweep compares every proof it reads), and two different lone
 * surrogates stay different (an encoder would turn both into U+FFFD and call them equal).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  // charCodeAt past the end is NaN, which `| 0` makes 0: every position costs the same.
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/** RFC 7208 §3.3: the character-strings of one TXT record are concatenated without separator. */
export const joinTxt = (record: TxtRecord): string => record.join('');

/**
 * Whether any record of the set is exactly `expected`. Every record is compared (no early exit)
 * and never by substring: `x-token=abc` does not match `token=abc`.
 */
export function txtMatches(records: readonly TxtRecord[], expected: string): boolean {
  let found = false;
  for (const record of records) found = constantTimeEqual(joinTxt(record), expected) || found;
  return found;
}
