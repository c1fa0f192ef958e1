// One-time codes: uniform digits from the Random port, stored only as a salted SHA-256 hash,
// compared in constant time.

import { hex } from '../app/ids.js';
import { constantTimeEqual } from '../challenges/match.js';
import type { Random } from '../ports/random.js';

/** `length` uniform decimal digits (rejection sampling: no modulo bias). */
export function newCode(random: Random, length: number): string {
  let code = '';
  while (code.length < length) {
    for (const byte of random.bytes(length * 2)) {
      if (byte < 250 && code.length < length) code += String(byte % 10);
    }
  }
  return code;
}

async function digest(salt: string, code: string): Promise<string> {
  const data = new TextEncoder().encode(`${salt}:${code}`);
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', data)));
}

/** `salt:hash`, both hex; the code itself is never stored. */
export async function hashCode(random: Random, code: string): Promise<string> {
  const salt = hex(random.bytes(16));
  return `${salt}:${await digest(salt, code)}`;
}

export async function codeMatches(stored: string, candidate: string): Promise<boolean> {
  const [salt = '', hash = ''] = stored.split(':');
  return constantTimeEqual(await digest(salt, candidate), hash);
}
