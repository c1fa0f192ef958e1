// Property tests of the pure pieces the lifecycle stands on: TXT matching, one-time codes, the
// lookup-failure wording and the Lightdash presenter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeMatches, hashCode, newCode } from '../../src/email/otp.js';
import {
  type ChallengeRecord,
  constantTimeEqual,
  joinTxt,
  lightdashStatus,
  webCryptoRandom,
} from '../../src/index.js';
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

describe('lightdashStatus presenter', () => {
  const now = new Date('2026-03-01T09:00:00Z');
  const challenge = (changes: Partial<ChallengeRecord>): ChallengeRecord => ({
    id: 'c1',
    organizationId: 'o',
    subject: 'acme.co',
    subjectKind: 'apex',
    method: 'email-otp',
    status: 'pending',
    token: null,
    recordName: null,
    recordValue: null,
    email: 'admin@acme.co',
    codeHash: 'salt:hash',
    codeIssuedAt: new Date(now.getTime() - 60_000),
    createdAt: new Date(now.getTime() - 120_000),
    expiresAt: new Date(now.getTime() + 540_000),
    attempts: 2,
    lastAttemptAt: null,
    lastFailure: null,
    createdBy: 'u',
    version: 0,
    ...changes,
  });
  const status = (c: ChallengeRecord | null, at = now) =>
    lightdashStatus({ subject: 'acme.co', domain: null, challenge: c, now: at, maxAttempts: 5 });

  it('shows the open code with Lightdash field names, and omits otp otherwise', () => {
    expect(status(challenge({}))).toEqual({
      domain: 'acme.co',
      isVerified: false,
      otp: {
        createdAt: new Date(now.getTime() - 60_000),
        numberOfAttempts: 2,
        isMaxAttempts: false,
        isExpired: false,
        expiresAt: new Date(now.getTime() + 540_000),
      },
    });
    expect(status(challenge({ attempts: 5 }))?.otp?.isMaxAttempts).toBe(true);
    expect(status(challenge({}), new Date(now.getTime() + 540_000))?.otp?.isExpired).toBe(true);
    for (const c of [
      null,
      challenge({ status: 'validated' }),
      challenge({ status: 'superseded' }),
      challenge({ method: 'dns-txt' }),
    ])
      expect(status(c)).toEqual({ domain: 'acme.co', isVerified: false });
  });
});
