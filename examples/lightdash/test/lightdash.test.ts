// The Lightdash seed (003) reproduced: a one-time passcode at an address of the domain, public
// mail providers refused, no claim on a domain verified elsewhere, and the OTP status object.
import { createManualClock } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { listen } from '../../shared/test-client.js';
import { createDeps, createServer } from '../src/app.js';

const ORG = { alice: 'org_acme', vic: 'org_acme', bob: 'org_rival' } as const;
type Who = keyof typeof ORG;
const MINUTE = 60_000;

async function start() {
  const clock = createManualClock(new Date('2026-03-01T09:00:00Z'));
  const deps = createDeps({ clock });
  const call = await listen(createServer(deps));
  const as = (who: Who) => ({ 'x-org-id': ORG[who], 'x-user-id': who });
  const request = (who: Who, domain: string, challengeEmail: string) =>
    call('POST', '/api/v1/org/domains/verify', {
      headers: as(who),
      body: { domain, challengeEmail },
    });
  const confirm = (who: Who, domain: string, code: string) =>
    call('POST', '/api/v1/org/domains/verify/confirm', {
      headers: as(who),
      body: { domain, code },
    });
  const status = (who: Who, domain: string) =>
    call('GET', `/api/v1/org/domains/${domain}/verification`, { headers: as(who) });
  /** The code in the last message mailed to `to`. */
  const codeSentTo = (to: string) => {
    const mail = deps.mailer.sent.filter((m) => m.to === to).at(-1);
    return /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1] ?? '';
  };
  return { deps, clock, request, confirm, status, codeSentTo };
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const expectError = (res: { status: number; json: unknown }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.json).toMatchObject({
    status: 'error',
    error: {
      statusCode: status,
      name: expect.any(String),
      message: expect.any(String),
      data: { code },
    },
  });
};

describe('Lightdash embedding', () => {
  it('mails a passcode to an address at the domain and reports the OTP status', async () => {
    const { request, codeSentTo } = await start();
    const res = await request('alice', 'Acme.co', 'it@mail.acme.co');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      status: 'ok',
      results: {
        domain: 'acme.co',
        isVerified: false,
        otp: {
          createdAt: '2026-03-01T09:00:00.000Z',
          numberOfAttempts: 0,
          isMaxAttempts: false,
          isExpired: false,
          expiresAt: '2026-03-01T09:10:00.000Z',
        },
      },
    });
    expect(codeSentTo('it@mail.acme.co')).toMatch(/^\d{6}$/);
  });

  it('counts a wrong code, then verifies with the right one', async () => {
    const { request, confirm, status, codeSentTo } = await start();
    await request('alice', 'acme.co', 'admin@acme.co');
    const code = codeSentTo('admin@acme.co');

    expectError(await confirm('alice', 'acme.co', wrong(code)), 400, 'OTP_INVALID');
    expect((await status('alice', 'acme.co')).json.results.otp.numberOfAttempts).toBe(1);

    const ok = await confirm('alice', 'acme.co', code);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ status: 'ok', results: { domain: 'acme.co', isVerified: true } });
  });

  it('refuses public mail providers and addresses outside the domain', async () => {
    const { request, deps } = await start();
    expectError(
      await request('alice', 'gmail.com', 'me@gmail.com'),
      422,
      'EMAIL_PROVIDER_NOT_ALLOWED',
    );
    expectError(
      await request('alice', 'acme.co', 'admin@acme.co.evil.com'),
      422,
      'EMAIL_NOT_AT_DOMAIN',
    );
    expectError(await request('alice', 'acme.co', 'admin@gmail.com'), 422, 'EMAIL_NOT_AT_DOMAIN');
    expect(deps.mailer.sent).toHaveLength(0);
  });

  it('never lets a second organization claim a domain verified elsewhere', async () => {
    const { request, confirm, status, codeSentTo } = await start();
    await request('alice', 'acme.co', 'admin@acme.co');
    await confirm('alice', 'acme.co', codeSentTo('admin@acme.co'));

    const rival = await request('bob', 'acme.co', 'postmaster@acme.co');
    expectError(rival, 409, 'DOMAIN_VERIFIED_ELSEWHERE');
    expect(rival.json.error.name).toBe('AlreadyExistsError');
    expect((await status('alice', 'acme.co')).json.results.isVerified).toBe(true);
    expect((await status('bob', 'acme.co')).json.results.isVerified).toBe(false);
  });

  it('stops after five wrong codes, expires after ten minutes, and rate-limits resends', async () => {
    const { clock, request, confirm, status, codeSentTo } = await start();
    await request('alice', 'acme.co', 'admin@acme.co');
    expectError(await request('alice', 'acme.co', 'admin@acme.co'), 429, 'RATE_LIMITED');
    const code = codeSentTo('admin@acme.co');
    for (let i = 0; i < 5; i++)
      expectError(await confirm('alice', 'acme.co', wrong(code)), 400, 'OTP_INVALID');
    expectError(await confirm('alice', 'acme.co', code), 429, 'OTP_MAX_ATTEMPTS');
    expect((await status('alice', 'acme.co')).json.results.otp).toMatchObject({
      numberOfAttempts: 5,
      isMaxAttempts: true,
    });

    clock.advance(MINUTE);
    await request('alice', 'acme.co', 'admin@acme.co');
    const fresh = codeSentTo('admin@acme.co');
    clock.advance(10 * MINUTE);
    expectError(await confirm('alice', 'acme.co', fresh), 400, 'CHALLENGE_EXPIRED');
  });

  it('lets only admins request a passcode, and asks who is calling', async () => {
    const { request } = await start();
    const viewer = await request('vic', 'acme.co', 'admin@acme.co');
    expectError(viewer, 403, 'FORBIDDEN');
    expect(viewer.json.error.name).toBe('ForbiddenError');
    const anonymous = await listen(createServer(createDeps()));
    expect((await anonymous('GET', '/api/v1/org/domains/acme.co/verification')).status).toBe(401);
  });

  it('stores the passcode only as an HMAC under the host secret', async () => {
    const { deps, request, codeSentTo } = await start();
    await request('alice', 'acme.co', 'admin@acme.co');
    const [challenge] = await deps.storage.inspect.challenges();
    expect(challenge?.codeHash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(challenge?.codeHash).not.toContain(codeSentTo('admin@acme.co'));
  });
});
