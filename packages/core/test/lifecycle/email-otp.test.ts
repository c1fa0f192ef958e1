import { describe, expect, it } from 'vitest';
import { expectErr, expectOk } from '../support/expect.js';
import { acme, createWorld, rival, verifyDomain } from './world.js';

const MINUTE = 60_000;

/** Starts an email-otp challenge and reads the code from the delivered e-mail. */
async function startOtp(
  w: ReturnType<typeof createWorld>,
  email = 'admin@acme.co',
  actor = acme,
  domain = 'acme.co',
) {
  const started = await w.app.startChallenge(actor, { domain, method: 'email-otp', email });
  const challenge = started._unsafeUnwrap();
  await w.app.deliverNotifications();
  const mail = w.mailer.sent.at(-1);
  const code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1] ?? '';
  return { challenge, code, mail };
}

describe('email-otp start', () => {
  it('accepts an address at the apex or a subdomain, refuses others', async () => {
    const w = createWorld();
    expect(
      (
        await w.app.startChallenge(acme, {
          domain: 'acme.co',
          method: 'email-otp',
          email: 'it@mail.acme.co',
        })
      ).isOk(),
    ).toBe(true);
    for (const email of ['admin@acme.com', 'admin@evilacme.co', 'admin@acme.co.evil.com']) {
      const r = await w.app.startChallenge(acme, { domain: 'acme.co', method: 'email-otp', email });
      expect(r._unsafeUnwrapErr().code, email).toBe('EMAIL_NOT_AT_DOMAIN');
    }
    for (const email of ['', 'no-at-sign', '@acme.co', 'a b@acme.co', 42]) {
      const r = await w.app.startChallenge(acme, {
        domain: 'acme.co',
        method: 'email-otp',
        email: email as string,
      });
      expect(r._unsafeUnwrapErr().code, String(email)).toBe('INVALID_INPUT');
    }
  });

  it('refuses free and disposable providers from the vendored list; the host can adjust it', async () => {
    const w = createWorld();
    const providers: [string, string][] = [
      ['gmail.com', 'me@gmail.com'],
      ['mailinator.com', 'x@mailinator.com'],
    ];
    for (const [domain, email] of providers) {
      const r = await w.app.startChallenge(acme, { domain, method: 'email-otp', email });
      expect(r._unsafeUnwrapErr(), domain).toMatchObject({
        code: 'EMAIL_PROVIDER_NOT_ALLOWED',
        details: { reason: 'free_provider' },
      });
    }
    const adjusted = createWorld({
      emailOtp: { providers: { add: ['acme.co'], remove: ['gmail.com'] } },
    });
    await expectErr(
      adjusted.app.startChallenge(acme, {
        domain: 'acme.co',
        method: 'email-otp',
        email: 'a@acme.co',
      }),
      'EMAIL_PROVIDER_NOT_ALLOWED',
    );
    expect(
      (
        await adjusted.app.startChallenge(acme, {
          domain: 'gmail.com',
          method: 'email-otp',
          email: 'a@gmail.com',
        })
      ).isOk(),
    ).toBe(true);
  });

  it('can demand an RFC 2142 role mailbox, case-insensitively', async () => {
    const w = createWorld({ emailOtp: { mailbox: 'rfc2142' } });
    await expectErr(
      w.app.startChallenge(acme, {
        domain: 'acme.co',
        method: 'email-otp',
        email: 'alice@acme.co',
      }),
      'EMAIL_PROVIDER_NOT_ALLOWED',
    );
    for (const box of ['postmaster', 'Hostmaster', 'WEBMASTER', 'admin', 'administrator']) {
      w.clock.advance(2 * MINUTE);
      expect(
        (
          await w.app.startChallenge(acme, {
            domain: 'acme.co',
            method: 'email-otp',
            email: `${box}@acme.co`,
          })
        ).isOk(),
        box,
      ).toBe(true);
    }
  });

  it('stores only a hash; the code never reaches events, evidence or errors', async () => {
    const w = createWorld();
    const { challenge, code, mail } = await startOtp(w);
    expect(code).toMatch(/^\d{6}$/);
    expect(mail?.to).toBe('admin@acme.co');
    expect(challenge.expiresAt.getTime() - w.clock.now().getTime()).toBe(10 * MINUTE);
    const [row] = await w.storage.inspect.challenges();
    expect(row?.codeHash).toMatch(/^sha256:[0-9a-f]{32}:[0-9a-f]{64}$/);
    const wrong = code === '000000' ? '111111' : '000000';
    const bad = (
      await w.app.confirmChallenge(acme, { challengeId: challenge.id, code: wrong })
    )._unsafeUnwrapErr();
    expect((await w.app.confirmChallenge(acme, { challengeId: challenge.id, code })).isOk()).toBe(
      true,
    );
    const everything = JSON.stringify([
      await w.storage.inspect.challenges(),
      await w.storage.inspect.audit(),
      await w.storage.inspect.evidence(),
      await w.storage.inspect.outbox(),
      bad,
    ]);
    expect(everything).not.toContain(code);
  });

  it('rate limits resends; a resend voids the earlier code', async () => {
    const w = createWorld();
    const first = await startOtp(w);
    const again = await w.app.startChallenge(acme, {
      domain: 'acme.co',
      method: 'email-otp',
      email: 'admin@acme.co',
    });
    expect(again._unsafeUnwrapErr()).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 60 },
    });
    w.clock.advance(MINUTE);
    const second = await startOtp(w);
    await expectErr(
      w.app.confirmChallenge(acme, { challengeId: first.challenge.id, code: first.code }),
      'CHALLENGE_NOT_FOUND',
    );
    expect(
      (
        await w.app.confirmChallenge(acme, { challengeId: second.challenge.id, code: second.code })
      ).isOk(),
    ).toBe(true);
  });
});

describe('email-otp confirm', () => {
  it('counts wrong codes, stops at five, and expires after ten minutes', async () => {
    const w = createWorld();
    const { challenge, code } = await startOtp(w);
    const wrong = code === '123456' ? '654321' : '123456';
    for (let left = 4; left >= 0; left--) {
      const r = await w.app.confirmChallenge(acme, { challengeId: challenge.id, code: wrong });
      expect(r._unsafeUnwrapErr()).toMatchObject({
        code: 'OTP_INVALID',
        details: { attemptsLeft: left },
      });
    }
    expect(
      (await w.app.confirmChallenge(acme, { challengeId: challenge.id, code }))._unsafeUnwrapErr()
        .code,
    ).toBe('OTP_MAX_ATTEMPTS');
    const status = await expectOk(w.app.getVerificationStatus(acme, { domain: 'acme.co' }));
    expect(status).toEqual({
      domain: 'acme.co',
      verified: false,
      domainStatus: null,
      openChallenges: [
        {
          challengeId: challenge.id,
          method: 'email-otp',
          issuedAt: challenge.createdAt,
          attempts: 5,
          maxAttempts: 5,
          expired: false,
          expiresAt: challenge.expiresAt,
        },
      ],
    });

    w.clock.advance(MINUTE);
    const fresh = await startOtp(w);
    w.clock.advance(10 * MINUTE);
    await expectErr(
      w.app.confirmChallenge(acme, { challengeId: fresh.challenge.id, code: fresh.code }),
      'CHALLENGE_EXPIRED',
    );
  });

  it('the right code commits like DNS, is not re-checked by DNS, and shows in the status view', async () => {
    const w = createWorld();
    const { challenge, code } = await startOtp(w);
    const r = await expectOk(w.app.confirmChallenge(acme, { challengeId: challenge.id, code }));
    expect(r).toMatchObject({ apex: 'acme.co', takeoverFrom: null });
    const [domain] = await w.storage.inspect.domains();
    expect(domain).toMatchObject({ method: 'email-otp', status: 'active', nextCheckAt: null });
    expect((await w.storage.inspect.evidence())[0]).toMatchObject({
      valuesSeen: ['mailbox:admin@acme.co'],
    });
    expect(await expectOk(w.app.getVerificationStatus(acme, { domain: 'acme.co' }))).toEqual({
      domain: 'acme.co',
      verified: true,
      domainStatus: 'active',
      openChallenges: [],
    });
    w.clock.advance(30 * 86_400_000);
    expect((await expectOk(w.app.reverifyDue())).checked).toBe(0);
  });

  it('respects takeover policy forbid (Lightdash) and acknowledge', async () => {
    const forbid = createWorld({ takeover: 'forbid' });
    await verifyDomain(forbid, rival, 'acme.co');
    await expectErr(
      forbid.app.startChallenge(acme, {
        domain: 'acme.co',
        method: 'email-otp',
        email: 'admin@acme.co',
      }),
      'DOMAIN_VERIFIED_ELSEWHERE',
    );

    const ack = createWorld();
    await verifyDomain(ack, rival, 'acme.co');
    const { challenge, code } = await startOtp(ack);
    expect(
      (await ack.app.confirmChallenge(acme, { challengeId: challenge.id, code }))._unsafeUnwrapErr()
        .code,
    ).toBe('APEX_TAKEOVER_REQUIRED');
    const taken = await expectOk(
      ack.app.confirmChallenge(acme, {
        challengeId: challenge.id,
        code,
        acknowledgeTakeover: true,
      }),
    );
    expect(taken.takeoverFrom?.organizationId).toBe('org_rival');
  });

  it('a dns-txt challenge cannot be confirmed, and an email-otp one cannot be verified', async () => {
    const w = createWorld();
    const dns = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    await expectErr(
      w.app.confirmChallenge(acme, { challengeId: dns.id, code: '123456' }),
      'INVALID_INPUT',
    );
    const { challenge } = await startOtp(w);
    await expectErr(w.app.verifyChallenge(acme, { challengeId: challenge.id }), 'INVALID_INPUT');
  });
});
