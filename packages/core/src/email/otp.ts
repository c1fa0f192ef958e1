// One-time codes: uniform digits from the Random port, compared in constant time, stored only
// as a hash whose prefix names how it was made (docs/concepts/security.md):
// - `hmac-sha256:<hex>`: HMAC-SHA-256 keyed by the host's secret over `<challengeId>:<code>`.
//   A database reader without the secret cannot test candidate codes.
// - `sha256:<salt>:<hex>`: salted SHA-256, when the host set no secret. Keeps the code out of
//   plain text, nothing more: 10^6 candidates take milliseconds.
// - `<salt>:<hex>` (no prefix): the same salted SHA-256, as written before the prefixes existed;
//   still verified so codes issued before an upgrade keep working for their 10 minutes.

import { hex } from '../model/ids.js';
import { constantTimeEqual } from '../model/match.js';
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

/** What keys a code's hash: the host's secret (if any) and the challenge it belongs to. */
export interface CodeKey {
  readonly secret: Uint8Array | null;
  readonly challengeId: string;
}

/** The HMAC key as bytes; an empty secret is no secret. */
export function secretBytes(secret: string | Uint8Array | undefined): Uint8Array | null {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return bytes && bytes.length > 0 ? Uint8Array.from(bytes) : null;
}

const HMAC = 'hmac-sha256:';
const SALTED = 'sha256:';

async function salted(salt: string, code: string): Promise<string> {
  const data = new TextEncoder().encode(`${salt}:${code}`);
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', data)));
}

async function hmac(secret: Uint8Array, challengeId: string, code: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    Uint8Array.from(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const data = new TextEncoder().encode(`${challengeId}:${code}`);
  return hex(new Uint8Array(await crypto.subtle.sign('HMAC', key, data)));
}

/** The stored form of `code`; the code itself is never stored. */
export async function hashCode(random: Random, code: string, key?: CodeKey): Promise<string> {
  if (key?.secret) return `${HMAC}${await hmac(key.secret, key.challengeId, code)}`;
  const salt = hex(random.bytes(16));
  return `${SALTED}${salt}:${await salted(salt, code)}`;
}

/**
 * Whether `candidate` is the code behind `stored`. An HMAC hash needs the same secret and
 * challenge id it was made with; without them nothing matches (a changed secret voids codes).
 */
export async function codeMatches(
  stored: string,
  candidate: string,
  key?: CodeKey,
): Promise<boolean> {
  if (stored.startsWith(HMAC)) {
    if (!key?.secret) return false;
    return constantTimeEqual(
      await hmac(key.secret, key.challengeId, candidate),
      stored.slice(HMAC.length),
    );
  }
  const rest = stored.startsWith(SALTED) ? stored.slice(SALTED.length) : stored;
  const [salt = '', hash = '', extra] = rest.split(':');
  if (extra !== undefined) return false;
  return constantTimeEqual(await salted(salt, candidate), hash);
}
