// An apexproof instance on the memory adapters whose Mailer is the real SMTP mailer, and an
// SMTP server on one fixed 127.0.0.1 port that tests can take down and bring back, for the
// end-to-end delivery tests.
import type { Actor, ApexproofPolicy, OutboxRecord } from '@apexproof/core';
import { createApexproof } from '@apexproof/core';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryStorage,
} from '@apexproof/memory';
import { createSmtpMailer } from '../../src/index.js';
import { parseMail } from './mime.js';
import { closedPort, type ServerFault, startSmtpServer, type TestSmtpServer } from './server.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const acme = { organizationId: 'org_acme', userId: 'u_alice' } as const;
export const rival = { organizationId: 'org_rival', userId: 'u_bob' } as const;

/** Short timeouts: a dead server must fail a delivery run fast, not stall it. */
const quick = { connectionTimeout: 1_000, greetingTimeout: 500, socketTimeout: 2_000 };

/** One message as the server saw it: envelope recipient and decoded subject. */
export interface Received {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string;
}

/** An SMTP server on a fixed port that can be stopped and started again, keeping its inbox. */
export interface SwitchableServer {
  readonly port: number;
  readonly isUp: boolean;
  up(): Promise<void>;
  down(): Promise<void>;
  /** The reply every later command at `fault.stage` gets (applies now and after `up`). */
  setFault(fault: ServerFault | undefined): void;
  /** Everything any incarnation of the server accepted, in order. */
  received(): Received[];
}

export async function createSwitchableServer(): Promise<SwitchableServer> {
  const port = await closedPort();
  const past: TestSmtpServer[] = [];
  let live: TestSmtpServer | undefined;
  let fault: ServerFault | undefined;
  return {
    port,
    get isUp() {
      return live !== undefined;
    },
    async up() {
      if (live) return;
      live = await startSmtpServer({ port });
      live.fault = fault;
      past.push(live);
    },
    async down() {
      const server = live;
      live = undefined;
      await server?.close();
    },
    setFault(next) {
      fault = next;
      if (live) live.fault = next;
    },
    received: () =>
      past.flatMap((server) =>
        server.deliveries.flatMap((d) => {
          const mail = parseMail(d.raw);
          const messageId = mail.headers.get('message-id') ?? '';
          return d.rcptTo.map((to) => ({ to, subject: mail.subject, text: mail.text, messageId }));
        }),
      ),
  };
}

/**
 * Acme has two owners plus a shared mailbox registered twice under different case, and a
 * member who is not an owner; Rival has one owner.
 */
export function createDeliveryWorld(
  port: number,
  options: { policy?: ApexproofPolicy; pool?: boolean } = {},
) {
  const storage = createMemoryStorage();
  const dns = createMemoryDns();
  const clock = createManualClock(new Date('2026-03-01T09:00:00Z'));
  const directory = createMemoryDirectory({
    organizations: [
      {
        id: 'org_acme',
        name: 'Acme Inc',
        members: [
          { userId: 'u_alice', role: 'owner', email: 'alice@acme.co' },
          { userId: 'u_anna', role: 'owner', email: 'anna@acme.co' },
          { userId: 'u_alias', role: 'owner', email: 'Alice@ACME.co' },
          { userId: 'u_mallory', role: 'member', email: 'mallory@acme.co' },
        ],
      },
      {
        id: 'org_rival',
        name: 'Rival LLC',
        members: [{ userId: 'u_bob', role: 'owner', email: 'bob@rival.example' }],
      },
    ],
  });
  const mailer = createSmtpMailer({
    host: '127.0.0.1',
    port,
    from: 'apexproof <no-reply@apexproof.test>',
    name: 'apexproof.test',
    pool: options.pool ?? false,
    ...quick,
  });
  const app = createApexproof({
    storage,
    dns,
    mailer,
    directory,
    clock,
    policy: options.policy,
  });
  return { app, storage, dns, clock, directory, mailer };
}

export type DeliveryWorld = ReturnType<typeof createDeliveryWorld>;

/** Proves control of `domain` for `actor` with a published TXT record. */
export async function verifyDomain(w: DeliveryWorld, actor: Actor, domain: string, ack = false) {
  const started = (
    await w.app.startChallenge(actor, { domain, method: 'dns-txt' })
  )._unsafeUnwrap();
  if (!started.record) throw new Error('dns-txt challenge without a record');
  w.dns.setTxt(started.record.name, [started.record.value]);
  return (
    await w.app.verifyChallenge(actor, { challengeId: started.id, acknowledgeTakeover: ack })
  )._unsafeUnwrap();
}

/** Acme verifies `domain`, then Rival takes it over: notices for Acme's owners are queued. */
export async function takeover(w: DeliveryWorld, domain: string) {
  await verifyDomain(w, acme, domain);
  return verifyDomain(w, rival, domain, true);
}

/** Recipient + subject, the identity of a notice on both sides of the wire. */
export const keyOf = (m: { to: string; subject: string }) => `${m.to.toLowerCase()} | ${m.subject}`;

export const sortedKeys = (messages: readonly { to: string; subject: string }[]) =>
  messages.map(keyOf).sort();

export const byStatus = (rows: readonly OutboxRecord[], status: OutboxRecord['status']) =>
  rows.filter((m) => m.status === status);
