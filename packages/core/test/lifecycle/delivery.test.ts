import { describe, expect, it } from 'vitest';
import { backoffMs, createApexproof, escapeHtml, type Mailer } from '../../src/index.js';
import { expectOk } from '../support/expect.js';
import { acme, createWorld, rival, verifyDomain } from './world.js';

const MINUTE = 60_000;

async function takeover(w: ReturnType<typeof createWorld>) {
  await verifyDomain(w, acme, 'acme.co');
  await verifyDomain(w, rival, 'acme.co', true);
}

describe('deliverNotifications', () => {
  it('sends each pending message once and marks it sent', async () => {
    const w = createWorld();
    await takeover(w);
    expect(await expectOk(w.app.deliverNotifications())).toEqual({
      claimed: 2,
      sent: 2,
      retried: 0,
      parked: 0,
    });
    expect(w.mailer.sent.map((m) => m.to).sort()).toEqual(['alice@acme.co', 'anna@acme.co']);
    expect((await expectOk(w.app.deliverNotifications())).claimed).toBe(0);
    expect((await w.storage.inspect.outbox()).every((m) => m.status === 'sent' && m.sentAt)).toBe(
      true,
    );
  });

  it('retries transient failures with backoff and never loses a message', async () => {
    const w = createWorld();
    await takeover(w);
    w.mailer.failWith({ transient: true, detail: 'connection refused' });
    expect(await expectOk(w.app.deliverNotifications())).toMatchObject({
      retried: 2,
      sent: 0,
    });
    // Not due yet: the backoff holds them.
    expect((await expectOk(w.app.deliverNotifications())).claimed).toBe(0);
    w.clock.advance(MINUTE);
    expect(await expectOk(w.app.deliverNotifications())).toMatchObject({
      claimed: 2,
      retried: 2,
    });
    w.clock.advance(MINUTE);
    expect((await expectOk(w.app.deliverNotifications())).claimed).toBe(0);
    w.mailer.heal();
    w.clock.advance(MINUTE);
    expect(await expectOk(w.app.deliverNotifications())).toMatchObject({ sent: 2 });
    expect(w.mailer.sent).toHaveLength(2);
    const rows = await w.storage.inspect.outbox();
    expect(rows.map((m) => [m.status, m.attempts])).toEqual([
      ['sent', 3],
      ['sent', 3],
    ]);
  });

  it('parks permanent failures with the reason and keeps sending the rest', async () => {
    const w = createWorld();
    await takeover(w);
    w.mailer.failNext(1, { transient: false, detail: 'mailbox unavailable', code: 550 });
    expect(await expectOk(w.app.deliverNotifications())).toMatchObject({
      sent: 1,
      parked: 1,
    });
    const parked = (await w.storage.inspect.outbox()).find((m) => m.status === 'parked');
    expect(parked?.lastError).toBe('550 mailbox unavailable');
  });

  it('wipes a one-time code from the stored copy once it is sent or parked', async () => {
    const w = createWorld();
    const start = (email: string) =>
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'email-otp', email });
    await expectOk(start('admin@acme.co'));
    await w.app.deliverNotifications();
    w.clock.advance(MINUTE);
    await expectOk(start('gone@acme.co'));
    w.mailer.failNext(1, { transient: false, detail: 'no such user', code: 550 });
    await w.app.deliverNotifications();
    const rows = await w.storage.inspect.outbox();
    expect(rows.map((m) => m.status)).toEqual(['sent', 'parked']);
    for (const m of rows) expect([m.text, m.html]).toEqual(['[redacted]', '[redacted]']);
    expect(w.mailer.sent[0]?.text).toMatch(/\b\d{6}\b/);
  });

  it('a mail outage never undoes or blocks the state change', async () => {
    const w = createWorld();
    w.mailer.failWith({ transient: true, detail: 'down' });
    await takeover(w);
    await w.app.deliverNotifications();
    expect(
      (await w.storage.inspect.domains()).find((d) => d.status === 'active')?.organizationId,
    ).toBe('org_rival');
  });

  it('backoff doubles and is capped', () => {
    expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, MINUTE, 60 * MINUTE))).toEqual([
      MINUTE,
      2 * MINUTE,
      4 * MINUTE,
      8 * MINUTE,
      60 * MINUTE,
    ]);
  });
});

describe('templates', () => {
  it('escape every interpolated value in HTML and can be replaced', async () => {
    const w = createWorld({ dashboardUrl: 'https://app.example/domains' });
    w.directory.addOrganization({
      id: 'org_evil',
      name: '<script>alert("x")</script> & Co',
      members: [{ userId: 'u_eve', role: 'owner', email: 'eve@evil.example' }],
    });
    await verifyDomain(w, acme, 'acme.co');
    await verifyDomain(w, { organizationId: 'org_evil', userId: 'u_eve' }, 'acme.co', true);
    const [notice] = await w.storage.inspect.outbox();
    expect(notice?.html).not.toContain('<script>');
    expect(notice?.html).toContain(escapeHtml('<script>alert("x")</script> & Co'));
    expect(notice?.text).toContain('<script>alert("x")</script> & Co');
    expect(notice?.html).toContain('href="https://app.example/domains"');

    const custom = createWorld({
      templates: { takeover: (c) => ({ subject: `T ${c.subject}`, text: 't', html: 'h' }) },
    });
    await verifyDomain(custom, acme, 'acme.co');
    await verifyDomain(custom, rival, 'acme.co', true);
    expect((await custom.storage.inspect.outbox())[0]).toMatchObject({
      subject: 'T acme.co',
      text: 't',
      html: 'h',
    });
  });

  it('never sends a message twice when a slow batch outlives its lease and another worker claims', async () => {
    const w = createWorld();
    await takeover(w); // two notices for Acme's owners
    await verifyDomain(w, rival, 'site.co');
    await verifyDomain(w, acme, 'site.co', true); // one for Rival's owner
    const LEASE = 5 * MINUTE;
    // Each send takes 60% of the lease; during the second one, another worker runs.
    let sends = 0;
    let other: Promise<unknown> | undefined;
    const slow: Mailer = {
      async send(mail) {
        w.clock.advance(0.6 * LEASE);
        if (++sends === 2) other = Promise.resolve(second.deliverNotifications());
        if (other) await other;
        return w.mailer.send(mail);
      },
    };
    const first = createApexproof({ ...w, mailer: slow });
    const second = createApexproof({ ...w });
    await first.deliverNotifications({ limit: 10 });
    const sentTo = w.mailer.sent.map((m) => m.to).sort();
    expect(sentTo).toEqual(['alice@acme.co', 'anna@acme.co', 'bob@rival.example']);
    expect((await w.storage.inspect.outbox()).every((m) => m.status === 'sent')).toBe(true);
  });
});
