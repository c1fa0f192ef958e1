// fast-check over e-mail codes: random start / resend / confirm / wait sequences with random
// guesses never validate without the right code, beyond the attempt limit, or after expiry.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
});
