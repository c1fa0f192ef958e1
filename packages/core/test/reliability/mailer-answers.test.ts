// A Mailer answer that breaks the port's rules is passing trouble: the message is retried,
// never parked, never recorded as sent, and deliverNotifications always answers a Result.
import { describe, expect, it } from 'vitest';
import { alice, bob, createWorld, verified } from './world.js';

const MALFORMED: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['{}', {}],
  ['"ok"', 'ok'],
  ['{ ok: false } without transient', { ok: false }],
  ['{ ok: "yes" }', { ok: 'yes' }],
  ['{ ok: 1 }', { ok: 1 }],
];

describe('malformed mailer answers', () => {
  it.each(MALFORMED)('%s: retried, never parked, never sent', async (_, answer) => {
    const w = createWorld();
    (await verified(w, alice, 'shared.example'))._unsafeUnwrap();
    (await verified(w, bob, 'shared.example', true))._unsafeUnwrap();
    w.faults.mailer = async () => answer as never;
    const report = (await w.app.deliverNotifications())._unsafeUnwrap();
    expect(report).toMatchObject({ sent: 0, parked: 0 });
    expect(report.retried).toBe(report.claimed);
    const outbox = await w.storage.inspect.outbox();
    expect(outbox.every((m) => m.status === 'pending')).toBe(true);
    expect(outbox.every((m) => (m.lastError ?? '').length > 0)).toBe(true);
    // The mailer heals: everything goes out, once.
    w.faults.mailer = undefined;
    w.clock.advance(24 * 3_600_000);
    expect((await w.app.deliverNotifications())._unsafeUnwrap().sent).toBe(outbox.length);
  });

  it('an answer whose getters throw is passing trouble too', async () => {
    const w = createWorld();
    (await verified(w, alice, 'shared.example'))._unsafeUnwrap();
    (await verified(w, bob, 'shared.example', true))._unsafeUnwrap();
    w.faults.mailer = async () =>
      ({
        get ok(): boolean {
          throw new Error('boom');
        },
      }) as never;
    const report = (await w.app.deliverNotifications())._unsafeUnwrap();
    expect(report).toMatchObject({ sent: 0, parked: 0 });
  });

  it('a well-formed permanent failure still parks, with its detail made storable', async () => {
    const w = createWorld();
    (await verified(w, alice, 'shared.example'))._unsafeUnwrap();
    (await verified(w, bob, 'shared.example', true))._unsafeUnwrap();
    w.faults.mailer = async () => ({ ok: false, transient: false, detail: '550 no\uD800' });
    const report = (await w.app.deliverNotifications())._unsafeUnwrap();
    expect(report.parked).toBe(report.claimed);
    const errors = (await w.storage.inspect.outbox()).map((m) => m.lastError);
    expect(errors.every((e) => e === '550 no\uFFFD')).toBe(true);
  });
});
