// How a code is stored: HMAC-SHA-256 under the host's secret, a salted SHA-256 without one
// (which a database reader reverses), and hashes written before the version prefix.
import { describe, expect, it } from 'vitest';
import { codeMatches, hashCode } from '../../src/email/otp.js';
import { webCryptoRandom } from '../../src/index.js';
import { hex } from '../../src/model/ids.js';
import { createOrgsWorld } from './email-otp-orgs.js';

const SECRET = 'a host secret that is not in the database';
const encode = (s: string) => new TextEncoder().encode(s);
const hexOf = (buf: ArrayBuffer) => hex(new Uint8Array(buf));

async function hmacHex(secret: string, message: string) {
  const key = await crypto.subtle.importKey(
    'raw',
    encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return hexOf(await crypto.subtle.sign('HMAC', key, encode(message)));
}
const sha256Hex = async (text: string) =>
  hexOf(await crypto.subtle.digest('SHA-256', encode(text)));

describe('email-otp stored hash', () => {
  it('with a secret: HMAC-SHA-256 over challenge id and code; another secret cannot confirm', async () => {
    const w = createOrgsWorld(1, { emailOtp: { secret: SECRET } });
    const actor = w.actor(0);
    const { result, code } = await w.start(actor);
    const id = result._unsafeUnwrap().id;
    const [row] = await w.storage.inspect.challenges();
    expect(row?.codeHash).toBe(`hmac-sha256:${await hmacHex(SECRET, `${id}:${code}`)}`);
    expect(row?.codeHash).not.toContain(code);

    // The same rows under another secret (or none): the right code no longer matches.
    for (const secret of ['another secret', undefined]) {
      const other = createOrgsWorld(1, { emailOtp: { secret } });
      await other.storage.transaction(async (tx) => {
        if (row) await tx.challenges.insert(row);
      });
      const r = await other.confirm(actor, id, code);
      expect(r._unsafeUnwrapErr().code, String(secret)).toBe('OTP_INVALID');
    }
    expect((await w.confirm(actor, id, code)).isOk()).toBe(true);
  });

  it('binds the hash to its challenge, and string and byte secrets agree', async () => {
    const key = { secret: encode(SECRET), challengeId: 'chl-1' };
    const stored = await hashCode(webCryptoRandom, '123456', key);
    expect(await codeMatches(stored, '123456', key)).toBe(true);
    expect(await codeMatches(stored, '123457', key)).toBe(false);
    expect(await codeMatches(stored, '123456', { ...key, challengeId: 'chl-2' })).toBe(false);
    expect(await codeMatches(stored, '123456', { ...key, secret: null })).toBe(false);
    expect(await codeMatches(stored, '123456')).toBe(false);
  });

  it('without a secret: a salted SHA-256 that anyone reading the database reverses', async () => {
    const w = createOrgsWorld(1, { emailOtp: { codeLength: 4 } });
    await w.app.startChallenge(w.actor(0), {
      domain: 'acme.co',
      method: 'email-otp',
      email: 'admin@acme.co',
    });
    await w.app.deliverNotifications();
    const mailed = /\b(\d{4})\b/.exec(w.mailer.sent.at(-1)?.text ?? '')?.[1];
    const [row] = await w.storage.inspect.challenges();
    const [, salt, hash] = /^sha256:([0-9a-f]{32}):([0-9a-f]{64})$/.exec(row?.codeHash ?? '') ?? [];
    let found: string | null = null;
    for (let n = 0; n < 10_000 && !found; n++) {
      const guess = String(n).padStart(4, '0');
      if ((await sha256Hex(`${salt}:${guess}`)) === hash) found = guess;
    }
    expect(found).toBe(mailed);
  });

  it('verifies hashes stored before the version prefix (`salt:hash`), with or without a secret', async () => {
    for (const secret of [undefined, SECRET]) {
      const w = createOrgsWorld(1, { emailOtp: { secret } });
      const actor = w.actor(0);
      const { result, code } = await w.start(actor);
      const id = result._unsafeUnwrap().id;
      const salt = 'ab'.repeat(16);
      const legacy = `${salt}:${await sha256Hex(`${salt}:${code}`)}`;
      await w.storage.transaction(async (tx) => {
        const c = await tx.challenges.get(id);
        if (c)
          await tx.challenges.update({ ...c, codeHash: legacy, version: c.version + 1 }, c.version);
      });
      expect((await w.storage.inspect.challenges())[0]?.codeHash).toBe(legacy);
      const wrong = await w.confirm(actor, id, w.wrong(code));
      expect(wrong._unsafeUnwrapErr().code, String(secret)).toBe('OTP_INVALID');
      expect((await w.confirm(actor, id, code)).isOk(), String(secret)).toBe(true);
    }
  });

  it('malformed stored hashes match nothing', async () => {
    for (const stored of ['', 'sha256:', 'a:b:c', 'hmac-sha256:', 'sha256:aa:bb:cc'])
      expect(await codeMatches(stored, '123456'), stored).toBe(false);
  });
});
