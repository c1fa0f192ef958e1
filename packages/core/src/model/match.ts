import type { TxtRecord } from '../ports/dns.js';

const encoder = new TextEncoder();

/**
 * Compares two strings in time that depends only on their lengths, so a caller probing
 * values cannot learn how much of a secret prefix matched.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
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
