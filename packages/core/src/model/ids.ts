import type { Random } from '../ports/random.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lowercase, unpadded: letters and digits only, safe in any DNS label or TXT value. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

export const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Row ids: UUID v4, or 32 lowercase hex from 16 random bytes. */
export function newId(random: Random, format: 'uuid' | 'hex32'): string {
  return format === 'hex32' ? hex(random.bytes(16)) : random.uuid();
}

/** A challenge token: `bytes` random bytes (≥ 16, so ≥ 128 bits) in base32. */
export function newToken(random: Random, bytes: number): string {
  return base32(random.bytes(Math.max(16, bytes)));
}
