// End-to-end delivery: the use cases on the memory adapters, the real SMTP mailer, and a real
// SMTP server on 127.0.0.1 that goes down, answers 4xx/5xx and comes back. What must hold: a
// mail outage delays notices and never loses, duplicates or undoes anything (DESIGN §9).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  acme,
  byStatus,
  createDeliveryWorld,
  createSwitchableServer,
  type DeliveryWorld,
  HOUR,
  keyOf,
  MINUTE,
  rival,
  type SwitchableServer,
  sortedKeys,
  takeover,
  verifyDomain,
} from './support/delivery-world.js';
import type { ServerFault } from './support/server.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function setup(pool = false): Promise<{ server: SwitchableServer; w: DeliveryWorld }> {
  const server = await createSwitchableServer();
  const w = createDeliveryWorld(server.port, { pool });
  cleanup.push(async () => {
    await w.mailer.close();
    await server.down();
  });
  return { server, w };
}

const deliver = async (w: DeliveryWorld, limit = 50) =>
  (await w.app.deliverNotifications({ limit }))._unsafeUnwrap();

const startOtp = async (w: DeliveryWorld, domain = 'acme.co') =>
  (
    await w.app.startChallenge(acme, { domain, method: 'email-otp', email: `admin@${domain}` })
  )._unsafeUnwrap();

const ACME_OWNERS = ['alice@acme.co', 'anna@acme.co'];

describe('delivery through the SMTP mailer', () => {
  for (const pool of [false, true]) {
    it(`server down, then up on the same port: retried, then delivered exactly once (pool: ${pool})`, async () => {
      const { server, w } = await setup(pool);
      const challenge = await startOtp(w);

      // Nothing listens on the port: a transient failure, the message stays pending.
      expect(await deliver(w)).toEqual({ claimed: 1, sent: 0, retried: 1, parked: 0 });
      const [waiting] = await w.storage.inspect.outbox();
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1, leaseUntil: null });
      expect(waiting?.lastError).toContain('ECONNREFUSED');
      expect(waiting?.nextAttemptAt).toEqual(new Date(w.clock.now().getTime() + MINUTE));

      // The server is back, but the backoff still holds the message.
      await server.up();
      expect((await deliver(w)).claimed).toBe(0);
      expect(server.received()).toHaveLength(0);

      w.clock.advance(MINUTE);
      expect(await deliver(w)).toEqual({ claimed: 1, sent: 1, retried: 0, parked: 0 });
      const received = server.received();
      expect(received.map(keyOf)).toEqual(['admin@acme.co | Your code to verify acme.co']);
      const [sent] = await w.storage.inspect.outbox();
      expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      expect(sent?.sentAt).toEqual(w.clock.now());

      // The code arrived intact, works, and no longer sits in the stored copy.
      const code = /\b(\d{6})\b/.exec(received[0]?.text ?? '')?.[1] ?? '';
      expect(code).toMatch(/^\d{6}$/);
      expect(sent?.text).not.toContain(code);
      expect(sent?.html).not.toContain(code);
      const confirmed = await w.app.confirmChallenge(acme, { challengeId: challenge.id, code });
      expect(confirmed.isOk()).toBe(true);

      // Later runs never send it again.
      w.clock.advance(24 * HOUR);
      expect((await deliver(w)).claimed).toBe(0);
      expect(server.received()).toHaveLength(1);
    });
  }

  it('450 on RCPT, then 250: each notice delivered exactly once after the backoff', async () => {
    const { server, w } = await setup();
    await server.up();
    server.setFault({ stage: 'rcpt', code: 450, message: 'Mailbox busy' });
    await takeover(w, 'acme.co');

    expect(await deliver(w)).toEqual({ claimed: 2, sent: 0, retried: 2, parked: 0 });
    for (const row of await w.storage.inspect.outbox()) {
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.lastError).toMatch(/^450 .*Mailbox busy/);
    }
    expect(server.received()).toHaveLength(0);

    server.setFault(undefined);
    w.clock.advance(MINUTE - 1);
    expect((await deliver(w)).claimed).toBe(0);
    w.clock.advance(1);
    expect(await deliver(w)).toEqual({ claimed: 2, sent: 2, retried: 0, parked: 0 });
    expect(server.received().map((m) => m.to)).toHaveLength(2);
    expect(sortedKeys(server.received())).toEqual(
      ACME_OWNERS.map((to) => `${to} | acme.co was transferred to another organization`),
    );
    w.clock.advance(HOUR);
    expect((await deliver(w)).claimed).toBe(0);
    expect(server.received()).toHaveLength(2);
  });

  it('550 parks the message with the code and reason and never retries it', async () => {
    const { server, w } = await setup();
    await server.up();
    server.setFault({ stage: 'rcpt', code: 550, message: 'No such user here' });
    await startOtp(w);

    expect(await deliver(w)).toEqual({ claimed: 1, sent: 0, retried: 0, parked: 1 });
    const [parked] = await w.storage.inspect.outbox();
    expect(parked).toMatchObject({ status: 'parked', attempts: 1, leaseUntil: null, sentAt: null });
    expect(parked?.lastError).toMatch(/^550 .*No such user here/);

    // Even once the server would accept it, a parked message stays parked.
    server.setFault(undefined);
    for (let day = 0; day < 3; day++) {
      w.clock.advance(24 * HOUR);
      expect((await deliver(w)).claimed).toBe(0);
    }
    expect(server.received()).toHaveLength(0);
    expect(await w.storage.inspect.outbox()).toEqual([parked]);
  });

  it('a takeover committed while the server is down is kept; its notices arrive later, once each', async () => {
    const { server, w } = await setup();
    await verifyDomain(w, acme, 'acme.co');
    const result = await verifyDomain(w, rival, 'acme.co', true);
    expect(result.takeoverFrom).toEqual({
      organizationId: 'org_acme',
      organizationName: 'Acme Inc',
    });

    // The state change is committed whatever the mail server does.
    const domains = await w.storage.inspect.domains();
    expect(domains.find((d) => d.status === 'active')?.organizationId).toBe('org_rival');
    expect(domains.find((d) => d.organizationId === 'org_acme')).toMatchObject({
      status: 'downgraded',
      downgradeReason: 'takeover',
    });
    // One notice per distinct owner address: not the member, not the same mailbox twice.
    const queued = await w.storage.inspect.outbox();
    expect(queued.map((m) => m.to.toLowerCase()).sort()).toEqual(ACME_OWNERS);

    // Two failed runs while the server is down: backoff of 1 then 2 minutes.
    expect((await deliver(w)).retried).toBe(2);
    w.clock.advance(MINUTE);
    expect((await deliver(w)).retried).toBe(2);
    expect(
      (await w.storage.inspect.outbox()).map(
        (m) => m.nextAttemptAt.getTime() - w.clock.now().getTime(),
      ),
    ).toEqual([2 * MINUTE, 2 * MINUTE]);

    // The host's cron calls deliverNotifications every minute; the server comes back.
    await server.up();
    let sent = 0;
    for (let minute = 0; minute < 10; minute++) {
      w.clock.advance(MINUTE);
      sent += (await deliver(w)).sent;
    }
    expect(sent).toBe(2);
    const received = server.received();
    expect(received.map((m) => m.to).sort()).toEqual(ACME_OWNERS);
    for (const mail of received) {
      expect(mail.subject).toBe('acme.co was transferred to another organization');
      expect(mail.text).toContain('Rival LLC');
      expect(mail.text).toContain('Acme Inc');
    }
    expect(byStatus(await w.storage.inspect.outbox(), 'sent')).toHaveLength(2);
    // And the takeover still stands.
    expect(
      (await w.storage.inspect.domains()).find((d) => d.status === 'active')?.organizationId,
    ).toBe('org_rival');
  });
});

const transientFaults: ServerFault[] = [
  { stage: 'connect', code: 421, message: 'Too many connections' },
  { stage: 'mail', code: 452, message: 'Insufficient system storage' },
  { stage: 'rcpt', code: 450, message: 'Mailbox busy' },
  { stage: 'data', code: 451, message: 'Try again later' },
];

type Step =
  | { readonly op: 'up' | 'down' | 'heal' | 'takeover' | 'otp' }
  | { readonly op: 'fault'; readonly fault: ServerFault }
  | { readonly op: 'deliver'; readonly limit: number }
  | { readonly op: 'advance'; readonly ms: number };

const notifyStep = fc.constantFrom<Step>({ op: 'takeover' }, { op: 'otp' });
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: notifyStep, weight: 2 },
  { arbitrary: fc.constantFrom<Step>({ op: 'up' }, { op: 'down' }), weight: 3 },
  { arbitrary: fc.constant<Step>({ op: 'heal' }), weight: 1 },
  {
    arbitrary: fc.constantFrom(...transientFaults).map((fault): Step => ({ op: 'fault', fault })),
    weight: 2,
  },
  {
    arbitrary: fc.integer({ min: 1, max: 4 }).map((limit): Step => ({ op: 'deliver', limit })),
    weight: 4,
  },
  {
    arbitrary: fc.integer({ min: 0, max: 2 * HOUR }).map((ms): Step => ({ op: 'advance', ms })),
    weight: 3,
  },
);

describe('nothing lost, nothing sent twice', () => {
  it('after any sequence of outages, 4xx replies and delivery runs, every notice arrives exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        notifyStep,
        fc.array(step, { minLength: 8, maxLength: 20 }),
        async (startUp, first, rest) => {
          const server = await createSwitchableServer();
          const w = createDeliveryWorld(server.port);
          if (startUp) await server.up();
          let fault: ServerFault | undefined;
          let n = 0;
          try {
            for (const s of [first, ...rest]) {
              if (s.op === 'up') await server.up();
              else if (s.op === 'down') await server.down();
              else if (s.op === 'heal') fault = undefined;
              else if (s.op === 'fault') fault = s.fault;
              else if (s.op === 'advance') w.clock.advance(s.ms);
              else if (s.op === 'takeover') await takeover(w, `site${++n}.co`);
              else if (s.op === 'otp') await startOtp(w, `otp${++n}.co`);
              else if (s.op === 'deliver') {
                const before = server.received().length;
                const report = await deliver(w, s.limit);
                // "sent" means the server holds it, and nothing else reached the server.
                expect(server.received().length - before).toBe(report.sent);
                expect(report.parked).toBe(0);
                if (!server.isUp || fault) expect(report.sent).toBe(0);
              }
              server.setFault(fault);
            }

            // The mail server is healthy again; the host keeps calling deliverNotifications.
            server.setFault(undefined);
            await server.up();
            for (let run = 0; run < 3; run++) {
              w.clock.advance(HOUR);
              await deliver(w, 1_000);
            }
            const rows = await w.storage.inspect.outbox();
            expect(rows.length).toBeGreaterThan(0);
            expect(rows.filter((m) => m.status !== 'sent')).toEqual([]);
            const expected = sortedKeys(rows);
            expect(new Set(expected).size).toBe(expected.length); // identities are unique
            expect(sortedKeys(server.received())).toEqual(expected);
          } finally {
            await w.mailer.close();
            await server.down();
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 30_000);
});
