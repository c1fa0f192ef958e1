// fast-check over e-mail codes: random start / resend / confirm / wait sequences with random
// guesses never validate without the right code, beyond the attempt limit, or after expiry;
// and across many organizations the default caps hold in every sliding window.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOrgsWorld, HOUR } from './email-otp-orgs.js';
import { acme, createWorld } from './world.js';

const MINUTE = 60_000;

describe('email-otp (property)', () => {
  it('property: random start/resend/confirm sequences never validate without the right, fresh code', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('start' as const) }),
      fc.record({ kind: fc.constant('right' as const) }),
      fc.record({ kind: fc.constant('voided' as const) }),
      fc.record({ kind: fc.constant('guess' as const), code: fc.stringMatching(/^\d{6}$/) }),
      fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 12 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const w = createWorld();
        let current: { id: string; code: string; issuedAt: number; wrong: number } | null = null;
        const confirmed = new Set<string>();
        // Codes of challenges a resend superseded: never usable again.
        const voided: { id: string; code: string }[] = [];
        for (const s of steps) {
          if (s.kind === 'wait') w.clock.advance(s.minutes * MINUTE);
          if (s.kind === 'start') {
            const r = await w.app.startChallenge(acme, {
              domain: 'acme.co',
              method: 'email-otp',
              email: 'admin@acme.co',
            });
            if (r.isErr()) continue;
            await w.app.deliverNotifications();
            const code = /\b(\d{6})\b/.exec(w.mailer.sent.at(-1)?.text ?? '')?.[1] ?? '';
            if (current) voided.push(current);
            current = { id: r.value.id, code, issuedAt: w.clock.now().getTime(), wrong: 0 };
          }
          const old = voided.at(-1);
          if (s.kind === 'voided' && old) {
            const r = await w.app.confirmChallenge(acme, { challengeId: old.id, code: old.code });
            expect(r.isErr()).toBe(true);
          }
          if ((s.kind === 'right' || s.kind === 'guess') && current) {
            const code = s.kind === 'right' ? current.code : s.code;
            const r = await w.app.confirmChallenge(acme, { challengeId: current.id, code });
            const fresh = w.clock.now().getTime() < current.issuedAt + 10 * MINUTE;
            if (r.isOk()) {
              // Validated only with the right code, while fresh, within the attempt limit.
              expect(code).toBe(current.code);
              expect(fresh).toBe(true);
              expect(current.wrong).toBeLessThan(5);
              confirmed.add(current.id);
              current = null;
            } else if (r.error.code === 'OTP_INVALID') {
              current.wrong++;
              expect(current.wrong).toBeLessThanOrEqual(5);
            }
          }
        }
        // Every validated challenge is one that was confirmed above with its own code.
        const validated = (await w.storage.inspect.challenges()).filter(
          (c) => c.status === 'validated',
        );
        expect(validated.map((c) => c.id).sort()).toEqual([...confirmed].sort());
      }),
      { numRuns: 60 },
    );
  });

  it('property: across organizations, no sliding window holds more codes or wrong guesses than the caps', async () => {
    const org = fc.integer({ min: 0, max: 7 });
    // Weighted towards starts and guesses so the caps are reached in most runs.
    const step = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('start' as const),
          org,
          box: fc.integer({ min: 0, max: 2 }),
        }),
      },
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('guess' as const),
          org,
          code: fc.stringMatching(/^\d{6}$/),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('right' as const), org }) },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('wait' as const),
          // Mostly a minute or two (cooldowns pass, windows fill), sometimes hours.
          minutes: fc.oneof(
            { weight: 5, arbitrary: fc.integer({ min: 1, max: 2 }) },
            { weight: 1, arbitrary: fc.integer({ min: 30, max: 600 }) },
          ),
        }),
      },
    );
    /** Most events in any window of `ms` (times ascending). */
    const busiest = (times: number[], ms: number) =>
      Math.max(0, ...times.map((t, i) => times.slice(i).filter((u) => u < t + ms).length));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 60, maxLength: 150 }), async (steps) => {
        const w = createOrgsWorld(8);
        const current = new Map<number, { id: string; code: string }>();
        const codes: Record<string, number[]> = {};
        const wrong: number[] = [];
        for (const s of steps) {
          const now = w.clock.now().getTime();
          if (s.kind === 'wait') w.clock.advance(s.minutes * MINUTE);
          if (s.kind === 'start') {
            const email = `${['admin', 'postmaster', 'webmaster'][s.box]}@acme.co`;
            const { result, code } = await w.start(w.actor(s.org), email);
            if (result.isOk()) {
              current.set(s.org, { id: result.value.id, code });
              codes[email] = [...(codes[email] ?? []), now];
            } else if (result.error.code === 'RATE_LIMITED')
              expect(result.error.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
          }
          const mine = s.kind === 'guess' || s.kind === 'right' ? current.get(s.org) : undefined;
          if (mine && (s.kind === 'guess' || s.kind === 'right')) {
            const code = s.kind === 'right' ? mine.code : s.code;
            const r = await w.confirm(w.actor(s.org), mine.id, code);
            if (r.isErr() && r.error.code === 'OTP_INVALID') wrong.push(now);
            if (r.isOk()) expect(code).toBe(mine.code);
          }
        }
        const all = Object.values(codes)
          .flat()
          .sort((a, b) => a - b);
        for (const times of Object.values(codes)) {
          expect(busiest(times, HOUR)).toBeLessThanOrEqual(5);
          expect(busiest(times, 24 * HOUR)).toBeLessThanOrEqual(10);
        }
        expect(busiest(all, HOUR)).toBeLessThanOrEqual(10);
        expect(busiest(all, 24 * HOUR)).toBeLessThanOrEqual(20);
        expect(busiest(wrong, 24 * HOUR)).toBeLessThanOrEqual(10);
      }),
      { numRuns: 40 },
    );
  });
});
