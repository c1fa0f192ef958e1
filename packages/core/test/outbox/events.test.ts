// The event outbox (issue #14 §4): every state change appends its catalog event(s) in the same
// transaction, a refused change appends none, and without a sink nothing is recorded.
import { createMemoryEventSink, EVENT_FAULTS } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import {
  acme,
  createWorld,
  DAY,
  ORGANIZATIONS,
  rival,
  startAndPublish,
  verifyDomain,
} from '../lifecycle/world.js';
import { expectErr, expectOk } from '../support/expect.js';

const support = { organizationId: 'org_acme', userId: 'u_support' };

function eventWorld() {
  const sink = createMemoryEventSink();
  return { ...createWorld({}, ORGANIZATIONS, { events: sink }), sink };
}

const types = async (w: ReturnType<typeof eventWorld>) =>
  (await w.storage.inspect.events()).map((e) => `${e.event.type}@${e.organizationId}`);

describe('event outbox', () => {
  it('verify, takeover (both sides), remove: one event per changed row, in order', async () => {
    const w = eventWorld();
    const first = await verifyDomain(w, acme, 'acme.co');
    const taken = await verifyDomain(w, rival, 'acme.co', true);
    await expectOk(w.app.removeDomain(rival, { domainId: taken.domainId }));
    expect(await types(w)).toEqual([
      'domain.verified@org_acme',
      'domain.taken_over@org_rival',
      'domain.taken_over@org_acme',
      'domain.removed@org_rival',
    ]);
    const events = (await w.storage.inspect.events()).map((e) => e.event);
    expect(events[0]).toMatchObject({
      subject: 'acme.co',
      data: { domainId: first.domainId, method: 'dns-txt' },
    });
    expect(events[1]?.data).toMatchObject({ role: 'new_holder', domainId: taken.domainId });
    expect(events[2]?.data).toMatchObject({ role: 'previous_holder', domainId: first.domainId });
    expect(events[3]?.data).toEqual({
      domainId: taken.domainId,
      cause: 'removed',
      removedBy: rival.userId,
    });
    // The row id is the event id, and sequences strictly increase.
    const rows = await w.storage.inspect.events();
    for (const row of rows) expect(row.id).toBe(row.event.id);
    expect(rows.map((r) => r.sequence)).toEqual(
      [...rows.map((r) => r.sequence)].sort((a, b) => a - b),
    );
  });

  it('a refused takeover (no acknowledgement) appends no event', async () => {
    const w = eventWorld();
    await verifyDomain(w, acme, 'acme.co');
    const c = await startAndPublish(w, rival, 'acme.co');
    await expectErr(w.app.verifyChallenge(rival, { challengeId: c.id }), 'APEX_TAKEOVER_REQUIRED');
    expect(await types(w)).toEqual(['domain.verified@org_acme']);
  });

  it('bypass is domain.verified with method bypass and no challenge', async () => {
    const w = eventWorld();
    await expectOk(
      w.app.bypassVerification(support, {
        organizationId: 'org_acme',
        domain: 'acme.co',
        reason: 'ticket 1',
      }),
    );
    const [row] = await w.storage.inspect.events();
    expect(row?.event).toMatchObject({
      type: 'domain.verified',
      data: { method: 'bypass', challengeId: null },
    });
  });

  it('re-verification downgrade and restore', async () => {
    const w = eventWorld();
    await verifyDomain(w, acme, 'acme.co');
    const record = '_kayle-id-verification.acme.co';
    const value = (await w.storage.inspect.domains())[0]?.recordValue ?? '';
    w.dns.remove(record);
    for (let i = 0; i < 3; i++) {
      w.clock.advance(DAY);
      await expectOk(w.app.reverifyDue({ limit: 10 }));
    }
    w.dns.setTxt(record, [value]);
    w.clock.advance(DAY);
    await expectOk(w.app.reverifyDue({ limit: 10 }));
    expect(await types(w)).toEqual([
      'domain.verified@org_acme',
      'domain.downgraded@org_acme',
      'domain.restored@org_acme',
    ]);
  });

  it('an expired challenge marked by a check tells challenge.expired once', async () => {
    const w = eventWorld();
    const c = await startAndPublish(w, acme, 'acme.co');
    w.clock.advance(7 * DAY);
    await expectErr(w.app.verifyChallenge(acme, { challengeId: c.id }), 'CHALLENGE_EXPIRED');
    await expectErr(w.app.verifyChallenge(acme, { challengeId: c.id }), 'CHALLENGE_NOT_FOUND');
    const rows = await w.storage.inspect.events();
    expect(rows.map((r) => r.event)).toMatchObject([
      { type: 'challenge.expired', data: { challengeId: c.id, method: 'dns-txt' } },
    ]);
  });

  it('a storage failure during the change leaves neither the change nor its event', async () => {
    const w = eventWorld();
    const c = await startAndPublish(w, acme, 'acme.co');
    w.storage.failNext(1);
    await expectErr(w.app.verifyChallenge(acme, { challengeId: c.id }), 'STORAGE_UNAVAILABLE');
    expect(await w.storage.inspect.events()).toEqual([]);
  });

  it('without a sink no event is recorded (the table never grows unread)', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    expect(await w.storage.inspect.events()).toEqual([]);
    expect(await expectOk(w.app.deliverEvents())).toEqual({
      claimed: 0,
      delivered: 0,
      failed: 0,
      parked: 0,
    });
  });
});

describe('deliverEvents', () => {
  it('delivers in order, marks delivered, and sends nothing twice', async () => {
    const w = eventWorld();
    await verifyDomain(w, acme, 'acme.co');
    await verifyDomain(w, rival, 'acme.co', true);
    await verifyDomain(w, acme, 'acme.dev');
    // One head per subject per call: acme.co's second event waits for its first.
    expect(await expectOk(w.app.deliverEvents())).toMatchObject({ claimed: 2, delivered: 2 });
    expect(await expectOk(w.app.deliverEvents())).toMatchObject({ delivered: 1 });
    expect(await expectOk(w.app.deliverEvents())).toMatchObject({ delivered: 1 });
    expect(await expectOk(w.app.deliverEvents())).toMatchObject({ claimed: 0 });
    const coEvents = w.sink.delivered.filter((d) => d.event.subject === 'acme.co');
    expect(coEvents.map((d) => d.event.data)).toMatchObject([
      { method: 'dns-txt' },
      { role: 'new_holder' },
      { role: 'previous_holder' },
    ]);
    expect((await w.storage.inspect.events()).every((e) => e.status === 'delivered')).toBe(true);
  });

  it('a transient failure backs off (at least Retry-After) and blocks the subject meanwhile', async () => {
    const w = eventWorld();
    await verifyDomain(w, acme, 'acme.co');
    await expectOk(
      w.app.removeDomain(acme, { domainId: (await w.storage.inspect.domains())[0]?.id ?? '' }),
    );
    w.sink.failNext(1, { ...EVENT_FAULTS.transient, retryAfterSeconds: 600 } as never);
    expect(await expectOk(w.app.deliverEvents())).toMatchObject({ claimed: 1, failed: 1 });
    const [head] = await w.storage.inspect.events();
    expect(head?.attempts).toBe(1);
    // Back-off alone would allow a retry after 1 min; the receiver asked for 10.
    w.clock.advance(5 * 60_000);
    expect(await expectOk(w.app.deliverEvents())).toMatchObject({ claimed: 0 });
    w.clock.advance(5 * 60_000);
    expect(await expectOk(w.app.deliverEvents())).toMatchObject({ delivered: 1 });
    expect(await expectOk(w.app.deliverEvents())).toMatchObject({ delivered: 1 });
    expect(w.sink.delivered.map((d) => d.event.type)).toEqual([
      'domain.verified',
      'domain.removed',
    ]);
  });

  it('permanent failures and gone endpoints park; parked events do not block their subject', async () => {
    const w = eventWorld();
    const { domainId } = await verifyDomain(w, acme, 'acme.co');
    await expectOk(w.app.removeDomain(acme, { domainId }));
    w.sink.failNext(1, EVENT_FAULTS.gone);
    expect(await expectOk(w.app.deliverEvents())).toMatchObject({ parked: 1 });
    expect(await expectOk(w.app.deliverEvents())).toMatchObject({ delivered: 1 });
    const [parked] = await w.storage.inspect.events();
    expect(parked).toMatchObject({ status: 'parked', lastError: 'gone: 410 HTTP 410 Gone' });
  });

  it('parks after policy.events.maxAttempts transient failures', async () => {
    const sink = createMemoryEventSink();
    const w = createWorld({ events: { maxAttempts: 3 } }, ORGANIZATIONS, { events: sink });
    await verifyDomain(w, acme, 'acme.co');
    sink.failWith(EVENT_FAULTS.transient);
    const reports = [];
    for (let i = 0; i < 3; i++) {
      reports.push(await expectOk(w.app.deliverEvents()));
      w.clock.advance(DAY);
    }
    expect(reports.map((r) => [r.failed, r.parked])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    expect((await w.storage.inspect.events())[0]?.lastError).toMatch(/^gave up after 3 attempts/);
  });

  it('a sink that throws or answers garbage delays the event, never loses it', async () => {
    let calls = 0;
    const sink = {
      deliver: async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
        if (calls === 2) return 'yes' as never;
        return { ok: true as const };
      },
    };
    const w = createWorld({}, ORGANIZATIONS, { events: sink });
    await verifyDomain(w, acme, 'acme.co');
    for (let i = 0; i < 3; i++) {
      await expectOk(w.app.deliverEvents());
      w.clock.advance(DAY);
    }
    expect((await w.storage.inspect.events())[0]).toMatchObject({
      status: 'delivered',
      attempts: 3,
    });
  });
});
