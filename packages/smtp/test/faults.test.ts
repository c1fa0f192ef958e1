// Failure mapping against real sockets: SMTP replies at each stage, a closed port, a server
// that never greets, and recovery once a working server appears on the same port.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer, type SmtpMailer } from '../src/index.js';
import {
  closedPort,
  type ServerFault,
  startSmtpServer,
  type TestSmtpServer,
} from './support/server.js';

const from = 'no-reply@apexproof.test';
const mail = { to: 'owner@example.com', subject: 'Verify', text: 'code 1', html: '<p>code 1</p>' };
const quick = { connectionTimeout: 1_000, greetingTimeout: 300, socketTimeout: 2_000 };

/** Accepts TCP connections and says nothing, or only `greeting`. */
async function silentServer(greeting?: string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    if (greeting) socket.write(greeting);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('SMTP replies', () => {
  let server: TestSmtpServer;
  const mailers: SmtpMailer[] = [];
  const mailerFor = (pool: boolean) => {
    const mailer = createSmtpMailer({ host: '127.0.0.1', port: server.port, from, pool, ...quick });
    mailers.push(mailer);
    return mailer;
  };

  beforeAll(async () => {
    server = await startSmtpServer();
  });
  afterEach(() => {
    server.fault = undefined;
    server.inbox.reset();
  });
  afterAll(async () => {
    await Promise.all(mailers.map((m) => m.close()));
    await server.close();
  });

  const cases: [ServerFault, boolean][] = [
    [{ stage: 'rcpt', code: 450, message: 'Mailbox busy' }, true],
    [{ stage: 'rcpt', code: 451, message: 'Local error in processing' }, true],
    [{ stage: 'rcpt', code: 550, message: 'No such user here' }, false],
    [{ stage: 'rcpt', code: 553, message: 'Mailbox name not allowed' }, false],
    [{ stage: 'mail', code: 452, message: 'Insufficient system storage' }, true],
    [{ stage: 'mail', code: 553, message: 'Sender address rejected' }, false],
    [{ stage: 'data', code: 451, message: 'Try again later' }, true],
    [{ stage: 'data', code: 552, message: 'Message size exceeds limit' }, false],
    [{ stage: 'data', code: 554, message: 'Transaction failed' }, false],
    [{ stage: 'connect', code: 421, message: 'Too many connections' }, true],
    [{ stage: 'connect', code: 554, message: 'No SMTP service here' }, false],
  ];

  for (const pool of [false, true]) {
    describe(pool ? 'pooled' : 'one connection per message', () => {
      it.each(cases)('$stage $code → transient: $1', async (fault, transient) => {
        const mailer = mailerFor(pool);
        server.fault = fault;
        const result = await mailer.send(mail);
        expect(result).toMatchObject({ ok: false, transient, code: fault.code });
        expect(result.ok === false && result.detail).toContain(fault.message);
        expect(server.deliveries).toHaveLength(0);

        server.fault = undefined;
        expect(await mailer.send(mail)).toMatchObject({ ok: true });
        expect(server.deliveries).toHaveLength(1);
      });
    });
  }
});

describe('transport failures', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  for (const pool of [false, true]) {
    it(`connection refused is transient, and mail flows once the server is up (pool: ${pool})`, async () => {
      const port = await closedPort();
      const mailer = createSmtpMailer({ host: '127.0.0.1', port, from, pool, ...quick });
      cleanup.push(() => mailer.close());

      const refused = await mailer.send(mail);
      expect(refused).toMatchObject({ ok: false, transient: true });
      expect(refused.ok === false && refused.detail).toContain('ECONNREFUSED');
      expect(refused).not.toHaveProperty('code');

      const server = await startSmtpServer({ port });
      cleanup.push(() => server.close());
      expect(await mailer.send(mail)).toMatchObject({ ok: true });
      expect(server.deliveries).toHaveLength(1);
    });
  }

  it('a server that never greets times out as transient, then a real one delivers', async () => {
    const silent = await silentServer();
    const mailer = createSmtpMailer({ host: '127.0.0.1', port: silent.port, from, ...quick });
    cleanup.push(() => mailer.close());

    const timedOut = await mailer.send(mail);
    expect(timedOut).toMatchObject({ ok: false, transient: true });
    expect(timedOut.ok === false && timedOut.detail).toContain('ETIMEDOUT');

    await silent.close();
    const server = await startSmtpServer({ port: silent.port });
    cleanup.push(() => server.close());
    expect(await mailer.send(mail)).toMatchObject({ ok: true });
    expect(server.deliveries).toHaveLength(1);
  });

  it('a server that greets, then falls silent, hits socketTimeout: transient', async () => {
    const mute = await silentServer('220 mute.test ESMTP\r\n');
    cleanup.push(() => mute.close());
    const mailer = createSmtpMailer({
      host: '127.0.0.1',
      port: mute.port,
      from,
      ...quick,
      socketTimeout: 300,
    });
    cleanup.push(() => mailer.close());
    const result = await mailer.send(mail);
    expect(result).toMatchObject({ ok: false, transient: true });
    expect(result.ok === false && result.detail).toMatch(/timeout/i);
  });

  it('a connection dropped in the middle of the conversation is transient', async () => {
    // Greets, then hangs up as soon as the client says EHLO.
    const rude = net.createServer((socket) => {
      socket.write('220 rude.test ESMTP\r\n');
      socket.once('data', () => socket.destroy());
    });
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', () => resolve()));
    cleanup.push(() => new Promise<void>((resolve) => rude.close(() => resolve())));
    const { port } = rude.address() as net.AddressInfo;
    const mailer = createSmtpMailer({ host: '127.0.0.1', port, from, ...quick });
    cleanup.push(() => mailer.close());
    expect(await mailer.send(mail)).toMatchObject({ ok: false, transient: true });
  });
});
