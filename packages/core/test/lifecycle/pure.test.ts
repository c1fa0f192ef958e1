// Property tests of the pure pieces the lifecycle stands on: TXT matching, one-time codes, the
// lookup-failure wording. (The Lightdash presenter's tests live with the Lightdash example.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeMatches, hashCode, newCode } from '../../src/email/otp.js';
import { constantTimeEqual, joinTxt, webCryptoRandom } from '../../src/index.js';
import { lookupFailureMessage } from '../../src/steps/proof.js';

describe('TXT matching', () => {
  it('constantTimeEqual is string equality for any pair, including multi-byte text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
      }),
    );
    // A shared prefix or a padded copy is never equal.
    expect(constantTimeEqual('token=abc', 'token=abcd')).toBe(false);
    expect(constantTimeEqual('token=abc', 'token=ab\u0000')).toBe(false);
    // Two different lone surrogates are different strings (an encoding pass made both U+FFFD).
    expect(constantTimeEqual('token=\uD800', 'token=\uD801')).toBe(false);
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary-ascii' }),
        fc.string({ unit: 'binary-ascii' }),
        (a, b) => {
          expect(constantTimeEqual(a, b)).toBe(a === b);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))),
        fc.array(fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))),
        (x, y) => {
          const [a, b] = [x.join(''), y.join('')];
          expect(constantTimeEqual(a, b)).toBe(a === b);
        },
      ),
    );
  });

  it('joins the character-strings of a record without a separator (RFC 7208 §3.3)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 5 }), (parts) => {
        expect(joinTxt(parts)).toBe(parts.join(''));
      }),
    );
  });
});

describe('one-time codes', () => {
  it('are uniform digits of the asked length, hashed with a fresh salt, matched exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 4, max: 12 }), async (length) => {
        const code = newCode(webCryptoRandom, length);
        expect(code).toMatch(new RegExp(`^\\d{${length}}$`));
        const a = await hashCode(webCryptoRandom, code);
        const b = await hashCode(webCryptoRandom, code);
        expect(a).not.toBe(b);
        expect(a).not.toContain(code);
        expect(await codeMatches(a, code)).toBe(true);
        expect(await codeMatches(a, `${code}0`)).toBe(false);
        expect(await codeMatches(a, code.slice(1))).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('reject bytes 250–255, so every digit is equally likely', () => {
    const queue = [250, 251, 252, 253, 254, 255, 0, 9, 19, 255, 7, 8];
    const random = {
      bytes: (n: number) => Uint8Array.from(queue.splice(0, n)),
      uuid: () => '',
    };
    expect(newCode(random, 3)).toBe('099');
  });
});

describe('lookup failure wording (ScaiDNS)', () => {
  const failed = (...kinds: string[]) =>
    lookupFailureMessage({
      ok: false,
      failures: kinds.map((kind) => ({ kind: kind as 'timeout', resolver: 'r', detail: '' })),
    });

  it('names timeouts and unreachable nameservers, and is generic otherwise', () => {
    expect(failed('timeout', 'timeout')).toBe('DNS query timed out');
    expect(failed('servfail', 'refused')).toBe('No nameservers available for query');
    expect(failed('timeout', 'network')).toBe('DNS lookup failed; try again shortly');
    expect(failed()).toBe('DNS lookup failed; try again shortly');
  });
});
