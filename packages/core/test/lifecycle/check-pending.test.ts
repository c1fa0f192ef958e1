// checkPending (issue #14 §1): pending challenges are checked without anybody clicking, on the
// back-off schedule, through verifyChallenge's commit path, never taking over unacknowledged.
import { countingResolver } from '@apexproof/testkit';
import { describe, expect, it } from 'vitest';
import { pendingCheckBound } from '../../src/model/pending-schedule.js';
import { expectOk } from '../support/expect.js';
import {
  acme,
  createWorld,
  DAY,
  ORGANIZATIONS,
  rival,
  startAndPublish,
  verifyDomain,
  type World,
} from './world.js';

const MINUTE = 60_000;
const RECORD = '_kayle-id-verification.acme.co';

/** A sink that accepts everything: the events are recorded, and the tests read them. */
const accepting = { deliver: async () => ({ ok: true as const }) };
const world = () => createWorld({}, ORGANIZATIONS, { events: accepting });

const sweep = async (w: World, options?: { limit?: number; concurrency?: number }) =>
  await expectOk(w.app.checkPending(options));

const challengeRow = async (w: World, id: string) =>
  (await w.storage.inspect.challenges()).find((c) => c.id === id);

describe('checkPending', () => {
  it('verifies a published record a minute after the start, and tells the owners', async () => {
    const w = world();
    const started = await startAndPublish(w, acme, 'acme.co');
    expect(started.nextCheckAt).toEqual(new Date(w.clock.now().getTime() + MINUTE));
    // Not due yet: nothing is leased, nothing looked up.
    expect((await sweep(w)).checked).toBe(0);

    w.clock.advance(MINUTE);
    expect(await sweep(w)).toEqual({
      checked: 1,
      verified: 1,
      pending: 0,
      awaitingAcknowledgement: 0,
      errored: 0,
      expired: 0,
      skipped: 0,
    });
    expect(await expectOk(w.app.findHolder('acme.co'))).toMatchObject({
      organizationId: 'org_acme',
    });
    const row = await challengeRow(w, started.id);
    expect(row).toMatchObject({ status: 'validated', attempts: 1 });
    const notices = (await w.storage.inspect.outbox()).filter((m) => m.kind === 'verified');
    expect(notices.map((m) => m.to).sort()).toEqual(['alice@acme.co', 'anna@acme.co']);
    expect(notices[0]?.subject).toBe('acme.co is now verified');
    // The system verified it: no user is named in the audit trail.
    const audit = (await w.storage.inspect.audit()).filter((e) => e.type === 'domain.verified');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: null, details: { by: 'pending-check' } });
    const events = await w.storage.inspect.events();
    expect(events.map((e) => e.event.type)).toEqual(['domain.verified']);
    // Closed: never checked again.
    w.clock.advance(DAY);
    expect((await sweep(w)).checked).toBe(0);
  });

  it('a missing record stays pending, counted, and is checked again on the schedule', async () => {
    const w = world();
    const started = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    const created = w.clock.now().getTime();
    w.clock.advance(MINUTE);
    expect(await sweep(w)).toMatchObject({ checked: 1, pending: 1 });
    const row = await challengeRow(w, started.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, leaseUntil: null });
    expect(row?.lastFailure).toContain('was not found yet');
    expect(row?.nextCheckAt).toEqual(new Date(created + 2 * MINUTE));
    // Between two scheduled checks there is nothing to do.
    w.clock.advance(30_000);
    expect((await sweep(w)).checked).toBe(0);
    // The record appears; the next scheduled check finds it.
    w.dns.setTxt(RECORD, [started.record?.value ?? '']);
    w.clock.set(new Date(created + 2 * MINUTE));
    expect(await sweep(w)).toMatchObject({ checked: 1, verified: 1 });
  });

  it('our lookup failures count nothing and change nothing but the next check', async () => {
    const w = world();
    const started = await startAndPublish(w, acme, 'acme.co');
    w.dns.fail(RECORD, 'timeout');
    w.clock.advance(MINUTE);
    expect(await sweep(w)).toMatchObject({ checked: 1, errored: 1 });
    const row = await challengeRow(w, started.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 0, leaseUntil: null });
    expect(row?.nextCheckAt?.getTime()).toBeGreaterThan(w.clock.now().getTime());
    w.dns.heal(RECORD);
    w.clock.set(row?.nextCheckAt ?? new Date());
    expect(await sweep(w)).toMatchObject({ verified: 1 });
  });

  it('never takes a domain from another organization: the challenge awaits acknowledgement', async () => {
    const w = world();
    await verifyDomain(w, acme, 'acme.co');
    const started = await startAndPublish(w, rival, 'acme.co');
    w.clock.advance(MINUTE);
    expect(await sweep(w)).toMatchObject({ checked: 1, awaitingAcknowledgement: 1, verified: 0 });
    expect((await expectOk(w.app.findHolder('acme.co')))?.organizationId).toBe('org_acme');
    const view = await expectOk(w.app.getChallenge(rival, started.id));
    expect(view.status).toBe('pending');
    expect(view.awaitingAcknowledgementSince).toEqual(w.clock.now());
    expect(view.lastFailure).not.toBeNull();
    // Said once, however many checks find it so.
    w.clock.advance(MINUTE);
    expect(await sweep(w)).toMatchObject({ awaitingAcknowledgement: 1 });
    const waiting = (await w.storage.inspect.events()).filter(
      (e) => e.event.type === 'challenge.awaiting_acknowledgement',
    );
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.event).toMatchObject({
      organizationId: 'org_rival',
      data: { challengeId: started.id, holderOrganizationId: 'org_acme' },
    });
    expect((await w.storage.inspect.outbox()).filter((m) => m.kind === 'takeover')).toHaveLength(0);
    // A member acknowledges: the takeover happens through verifyChallenge.
    const taken = await expectOk(
      w.app.verifyChallenge(rival, { challengeId: started.id, acknowledgeTakeover: true }),
    );
    expect(taken.takeoverFrom?.organizationId).toBe('org_acme');
  });

  it('the wait ends when the proof goes', async () => {
    const w = world();
    await verifyDomain(w, acme, 'acme.co');
    const started = await startAndPublish(w, rival, 'acme.co');
    w.clock.advance(MINUTE);
    await sweep(w);
    w.dns.remove(RECORD);
    w.clock.advance(MINUTE);
    expect(await sweep(w)).toMatchObject({ pending: 1 });
    expect(
      (await expectOk(w.app.getChallenge(rival, started.id))).awaitingAcknowledgementSince,
    ).toBe(null);
  });

  it('closes expired challenges with their event', async () => {
    const w = world();
    const started = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    w.clock.advance(8 * DAY);
    expect(await sweep(w)).toMatchObject({ checked: 1, expired: 1 });
    expect((await challengeRow(w, started.id))?.status).toBe('expired');
    expect((await w.storage.inspect.events()).map((e) => e.event.type)).toEqual([
      'challenge.expired',
    ]);
    expect((await sweep(w)).checked).toBe(0);
  });

  it('leaves e-mail codes alone and a user’s check in progress to the user', async () => {
    const w = world();
    const started = await startAndPublish(w, acme, 'acme.co');
    w.clock.advance(MINUTE);
    const row = await challengeRow(w, started.id);
    if (!row) throw new Error('no row');
    // A user's verifyChallenge holds the lock right now.
    const locked = { ...row, status: 'verifying' as const, lastAttemptAt: w.clock.now() };
    await w.storage.transaction(async (tx) => {
      await tx.challenges.update({ ...locked, version: row.version + 1 }, row.version);
    });
    expect(await sweep(w)).toMatchObject({ checked: 1, skipped: 1, verified: 0 });
    expect((await challengeRow(w, started.id))?.status).toBe('verifying');
  });

  it('a 7-day challenge costs a bounded number of lookups', async () => {
    const w = world();
    const counted = countingResolver(w.dns);
    const { createApexproof } = await import('../../src/index.js');
    const app = createApexproof({ ...w, dns: counted.dns, policy: { record: 'kayle' } });
    const started = await expectOk(
      app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    let sweeps = 0;
    for (;;) {
      const row = await challengeRow(w, started.id);
      if (!row || row.status === 'expired' || row.nextCheckAt === null) break;
      w.clock.set(row.nextCheckAt);
      await expectOk(app.checkPending());
      if (++sweeps > 1_000) throw new Error('runaway schedule');
    }
    const bound = pendingCheckBound(7 * DAY, {
      afterCreationMs: [1, 2, 5, 10, 30].map((m) => m * MINUTE),
      thenEveryMs: 60 * MINUTE,
    });
    expect(bound).toBe(172);
    expect(counted.lookups()).toBe(bound);
  });

  it('workers racing over one batch check each challenge once', async () => {
    const w = world();
    const counted = countingResolver(w.dns);
    const { createApexproof } = await import('../../src/index.js');
    const apps = Array.from({ length: 4 }, () =>
      createApexproof({ ...w, dns: counted.dns, policy: { record: 'kayle' } }),
    );
    const domains = Array.from({ length: 12 }, (_, i) => `shop${i}.co`);
    for (const domain of domains)
      await expectOk(w.app.startChallenge(acme, { domain, method: 'dns-txt' }));
    w.clock.advance(MINUTE);
    const reports = await Promise.all(apps.map((a) => expectOk(a.checkPending({ limit: 5 }))));
    const checked = reports.reduce((n, r) => n + r.checked, 0);
    expect(checked).toBe(12);
    expect(counted.lookups()).toBe(12);
  });
});
