/**
 * Source of ids, tokens and one-time codes. Implementations must be cryptographically secure:
 * tokens derived from `bytes` are the whole proof of a challenge.
 */
export interface Random {
  /** `n` uniformly random bytes. */
  bytes(n: number): Uint8Array;
  /** A random (version 4) UUID in lowercase canonical form. */
  uuid(): string;
}

/** Web Crypto, present on Node 20+, Deno, Bun and Workers. */
export const webCryptoRandom: Random = {
  bytes(n) {
    const out = new Uint8Array(n);
    // getRandomValues fills at most 65 536 bytes per call.
    for (let i = 0; i < n; i += 65_536) crypto.getRandomValues(out.subarray(i, i + 65_536));
    return out;
  },
  uuid: () => crypto.randomUUID(),
};
