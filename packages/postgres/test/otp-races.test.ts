// E-mail code guesses racing on a real PostgreSQL server. Every code the core compares must be
// counted, or parallel guesses get answers (wrong vs right) that no attempt counter saw.
// A storage wrapper (fault injection only) holds each confirmation at the subject lock until
// all of them have read the challenge, the widest window a real race can open.
import {
  type Actor,
  type ApexproofError,
  createApexproof,
  type Storage,
  type StorageTx,
} from '@apexproof/core';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
} from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { createPostgresStorage, fromPgPool } from '../src/index.js';
import { inspector } from './support/inspect.js';
import { useRealServer } from './support/real-server.js';

const { missing, freshPool } = useRealServer('real-server e-mail code races');

const victim: Actor = { organizationId: 'org_victim', userId: 'v' };
const attacker: Actor = { organizationId: 'org_attacker', userId: 'a' };

/**
 * While `armed`, the first `n` transactions to take a subject lock wait until all `n` have
 * arrived; then they go on, the last one to start after a head start for the others.
 */
function withLockBarrier(storage: Storage, n: number) {
  let arrived = 0;
  let started = 0;
  let release: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = { armed: false };
  const wrapped: Storage = {
    transaction: (fn) =>
      storage.transaction(async (tx: StorageTx) => {
        const order = state.armed ? started++ : -1;
        const lockSubject = async (subject: string) => {
          if (order >= 0 && order < n) {
            if (++arrived === n) release();
            await Promise.race([all, new Promise((r) => setTimeout(r, 5_000))]);
            if (order === n - 1) await new Promise((r) => setTimeout(r, 300));
          }
          return tx.domains.lockSubject(subject);
        };
        return fn({ ...tx, domains: { ...tx.domains, lockSubject } });
      }),
  };
  return { storage: wrapped, state };
}

describe.skipIf(missing !== undefined)('e-mail code races on a real server', () => {
  it('parallel guesses are each counted or told nothing: the right code sent last is not revealed', async () => {
    const pool = await freshPool('apexproof_otp_race', 24);
    const read = inspector({ query: (text) => pool.query(text) });
    const dns = createMemoryDns();
    const GUESSES = 20;
    const barrier = withLockBarrier(createPostgresStorage({ client: fromPgPool(pool) }), GUESSES);
    const app = createApexproof({
      storage: barrier.storage,
      dns,
      mailer: createMemoryMailer(),
      clock: createManualClock(new Date('2026-05-04T08:00:00Z')),
      directory: createMemoryDirectory({
        organizations: [
          {
            id: 'org_victim',
            name: 'Victim',
            members: [{ userId: 'v', role: 'owner', email: 'v@acme.co' }],
          },
          {
            id: 'org_attacker',
            name: 'Attacker',
            members: [{ userId: 'a', role: 'owner', email: 'a@evil.example' }],
          },
        ],
      }),
    });

    // The victim holds acme.co by DNS; the attacker asks for a code at admin@acme.co.
    const dnsChallenge = (
      await app.startChallenge(victim, { domain: 'acme.co', method: 'dns-txt' })
    )._unsafeUnwrap();
    dns.setTxt(dnsChallenge.record?.name ?? '', [dnsChallenge.record?.value ?? '']);
    (await app.verifyChallenge(victim, { challengeId: dnsChallenge.id }))._unsafeUnwrap();
    const otp = (
      await app.startChallenge(attacker, {
        domain: 'acme.co',
        method: 'email-otp',
        email: 'admin@acme.co',
      })
    )._unsafeUnwrap();
    const mail = (await read.outbox()).find((m) => m.kind === 'email-otp');
    const code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');

    // 19 wrong codes, then the right one, all at once, without acknowledging the takeover.
    barrier.state.armed = true;
    const guesses = [...Array.from({ length: GUESSES - 1 }, (_, i) => wrong(i)), code];
    const answers = await Promise.all(
      guesses.map(async (guess) => {
        const r = await app.confirmChallenge(attacker, { challengeId: otp.id, code: guess });
        return r.isErr() ? (r.error as ApexproofError).code : 'OK';
      }),
    );
    barrier.state.armed = false;

    // An answer that depends on the code is a counted wrong code or the takeover question for
    // the right one; everything else must have been given before any comparison.
    const [stored] = (await read.challenges()).filter((c) => c.id === otp.id);
    const invalid = answers.filter((a) => a === 'OTP_INVALID').length;
    expect(stored?.attempts).toBe(invalid);
    expect(answers.filter((a) => a === 'OK')).toEqual([]);
    // The right code went last, after a wrong one had moved the challenge: it learns nothing.
    expect(answers[GUESSES - 1]).toBe('CHALLENGE_IN_PROGRESS');
    const decisive = answers.filter((a) => a === 'OTP_INVALID' || a === 'APEX_TAKEOVER_REQUIRED');
    expect(decisive.length).toBeLessThanOrEqual(invalid + 1);
  }, 60_000);
});
