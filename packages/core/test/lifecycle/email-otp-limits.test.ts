// The email-otp caps that hold across organizations: an attacker who creates organizations
// gets no more codes and no more guesses than one organization would.
import { describe, expect, it } from 'vitest';
import { createOrgsWorld, HOUR, MINUTE } from './email-otp-orgs.js';

const DAY = 24 * HOUR;
const roles = ['admin', 'postmaster', 'hostmaster', 'webmaster', 'administrator', 'it', 'ops'];

describe('email-otp limits across organizations', () => {
  it('caps codes to one address however many organizations ask (ASCII case ignored)', async () => {
    const w = createOrgsWorld(30);
    const codes = [];
    for (const [i, actor] of w.actors.entries()) {
      const email = i % 2 ? 'ADMIN@acme.co' : 'admin@acme.co';
      codes.push((await w.start(actor, email)).result);
    }
    expect(codes.filter((r) => r.isOk())).toHaveLength(5);
    expect(codes[5]?._unsafeUnwrapErr()).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 3600 },
    });
    expect(w.mailer.sent).toHaveLength(5);
  });

  it('caps codes per subject across addresses and organizations, per hour and per day', async () => {
    const w = createOrgsWorld(40);
    let ok = 0;
    for (const [i, actor] of w.actors.entries()) {
      const r = (await w.start(actor, `${roles[i % roles.length]}@acme.co`)).result;
      if (r.isOk()) ok++;
      else expect(r.error.code).toBe('RATE_LIMITED');
    }
    expect(ok).toBe(10);
    // Another subject is not affected.
    expect((await w.start(w.actor(0), 'admin@other.co', 'other.co')).result.isOk()).toBe(true);
    // Each hour frees ten more, until the day's twenty are spent.
    w.clock.advance(HOUR);
    for (const [i, actor] of w.actors.entries())
      if ((await w.start(actor, `${roles[(i + 3) % roles.length]}@acme.co`)).result.isOk()) ok++;
    expect(ok).toBe(20);
    w.clock.advance(HOUR);
    const day = (await w.start(w.actor(0), 'ops@acme.co')).result._unsafeUnwrapErr();
    expect(day).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 22 * 3600 } });
  });

  it('counts superseded codes: resending never resets the window', async () => {
    const w = createOrgsWorld(1);
    const actor = w.actor(0);
    for (let i = 0; i < 5; i++) {
      expect((await w.start(actor)).result.isOk(), `code ${i}`).toBe(true);
      w.clock.advance(MINUTE);
    }
    const sixth = (await w.start(actor)).result._unsafeUnwrapErr();
    // The first code was issued five minutes ago; it leaves the hour in 55 minutes.
    expect(sixth).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 55 * 60 } });
    const stored = await w.storage.inspect.challenges();
    expect(stored.filter((c) => c.status === 'superseded')).toHaveLength(4);
  });

  it('the window slides: retryAfterSeconds is exact', async () => {
    const w = createOrgsWorld(6);
    for (const actor of w.actors.slice(0, 5)) {
      await w.start(actor);
      w.clock.advance(MINUTE);
    }
    const limited = (await w.start(w.actor(5))).result._unsafeUnwrapErr();
    expect(limited.code).toBe('RATE_LIMITED');
    const wait = (limited.details as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait).toBe(55 * 60);
    w.clock.advance(wait * 1000 - 1);
    expect((await w.start(w.actor(5))).result._unsafeUnwrapErr().code).toBe('RATE_LIMITED');
    w.clock.advance(1);
    expect((await w.start(w.actor(5))).result.isOk()).toBe(true);
  });

  it('caps wrong codes per subject across organizations; then even the right code waits', async () => {
    const w = createOrgsWorld(8);
    const started = [];
    for (const [i, actor] of w.actors.entries()) {
      const s = await w.start(actor, `${roles[i % roles.length]}@acme.co`);
      started.push({ actor, id: s.result._unsafeUnwrap().id, code: s.code });
    }
    let invalid = 0;
    let limited = 0;
    for (const s of started)
      for (let i = 0; i < 5; i++) {
        const r = await w.confirm(s.actor, s.id, w.wrong(s.code));
        const code = r._unsafeUnwrapErr().code;
        if (code === 'OTP_INVALID') invalid++;
        else if (code === 'RATE_LIMITED') limited++;
      }
    expect(invalid).toBe(10);
    expect(limited).toBe(30);
    const last = started[started.length - 1];
    if (!last) throw new Error('nothing started');
    const right = (await w.confirm(last.actor, last.id, last.code))._unsafeUnwrapErr();
    expect(right.code).toBe('RATE_LIMITED');
    // While the cap is reached no new code is mailed either.
    w.clock.advance(HOUR);
    const mailed = w.mailer.sent.length;
    expect((await w.start(w.actor(0), 'admin@acme.co')).result._unsafeUnwrapErr()).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 23 * 3600 },
    });
    expect(w.mailer.sent).toHaveLength(mailed);
    // A day after the last wrong code the owner can verify again.
    w.clock.advance(23 * HOUR);
    const fresh = await w.start(w.actor(0), 'admin@acme.co');
    const id = fresh.result._unsafeUnwrap().id;
    expect((await w.confirm(w.actor(0), id, fresh.code)).isOk()).toBe(true);
  });

  it('a legitimate user who mistypes a few times still verifies', async () => {
    const w = createOrgsWorld(1);
    const owner = w.actor(0);
    const first = await w.start(owner);
    const firstId = first.result._unsafeUnwrap().id;
    for (let i = 0; i < 5; i++) await w.confirm(owner, firstId, w.wrong(first.code));
    expect((await w.confirm(owner, firstId, first.code))._unsafeUnwrapErr().code).toBe(
      'OTP_MAX_ATTEMPTS',
    );
    w.clock.advance(MINUTE);
    const second = await w.start(owner);
    const id = second.result._unsafeUnwrap().id;
    for (let i = 0; i < 3; i++)
      expect((await w.confirm(owner, id, w.wrong(second.code)))._unsafeUnwrapErr().code).toBe(
        'OTP_INVALID',
      );
    expect((await w.confirm(owner, id, second.code)).isOk()).toBe(true);
  });

  it('the caps are policy knobs; [] switches one off', async () => {
    const tight = createOrgsWorld(3, {
      emailOtp: { limits: { codesPerAddress: [{ max: 1, windowMs: DAY }] } },
    });
    expect((await tight.start(tight.actor(0))).result.isOk()).toBe(true);
    expect((await tight.start(tight.actor(1))).result._unsafeUnwrapErr()).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 24 * 3600 },
    });
    const open = createOrgsWorld(25, {
      emailOtp: { limits: { codesPerAddress: [], codesPerSubject: [] } },
    });
    for (const actor of open.actors) expect((await open.start(actor)).result.isOk()).toBe(true);
  });

  it('an unusable cap (NaN, Infinity, negative) falls back to the defaults, never to no cap', async () => {
    for (const bad of [
      { max: 5, windowMs: Number.NaN },
      { max: Number.NaN, windowMs: DAY },
      { max: Number.POSITIVE_INFINITY, windowMs: DAY },
      { max: -1, windowMs: DAY },
      { max: 5, windowMs: 0 },
    ]) {
      const w = createOrgsWorld(12, { emailOtp: { limits: { codesPerAddress: [bad] } } });
      const answers = [];
      for (const actor of w.actors) answers.push((await w.start(actor)).result);
      // The default per-address cap (5 an hour) holds: neither off nor stuck at zero.
      expect(
        answers.filter((r) => r.isOk()),
        JSON.stringify(bad),
      ).toHaveLength(5);
    }
  });
});
