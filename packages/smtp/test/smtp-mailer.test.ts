// What the contract cannot see: TLS and AUTH really happened, addresses on the wire, header
// injection, option checking, verify() and close().
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer, type SmtpMailer, type SmtpMailerOptions } from '../src/index.js';
import { parseMail } from './support/mime.js';
import { closedPort, startSmtpServer, TEST_CERT, type TestSmtpServer } from './support/server.js';

const from = 'Apexproof <no-reply@apexproof.test>';
const mail = { to: 'owner@example.com', subject: 'Verify', text: 'code 1', html: '<p>code 1</p>' };
const quick = { connectionTimeout: 1_000, greetingTimeout: 1_000, socketTimeout: 2_000 };
const credentials = { user: 'mailer', pass: 's3cret' };

let plain: TestSmtpServer;
let plainNoUtf8: TestSmtpServer;
let secured: TestSmtpServer;
let smtps: TestSmtpServer;
let clearAuth: TestSmtpServer;
const mailers: SmtpMailer[] = [];
function mailer(server: TestSmtpServer, extra: Partial<SmtpMailerOptions> = {}): SmtpMailer {
  const created = createSmtpMailer({
    host: '127.0.0.1',
    port: server.port,
    from,
    ...quick,
    ...extra,
  });
  mailers.push(created);
  return created;
}

beforeAll(async () => {
  plain = await startSmtpServer();
  plainNoUtf8 = await startSmtpServer({ hideSMTPUTF8: true });
  secured = await startSmtpServer({ starttls: true, auth: credentials });
  smtps = await startSmtpServer({ implicitTls: true, auth: credentials });
  clearAuth = await startSmtpServer({ auth: credentials, insecureAuth: true });
});
afterAll(async () => {
  await Promise.all(mailers.map((m) => m.close()));
  await Promise.all([plain, plainNoUtf8, secured, smtps, clearAuth].map((s) => s?.close()));
});

describe('TLS and authentication', () => {
  const tls = { ca: TEST_CERT };

  it.each(['PLAIN', 'LOGIN'])('logs in with AUTH %s over STARTTLS', async (method) => {
    secured.inbox.reset();
    const m = mailer(secured, { requireTLS: true, tls, auth: { ...credentials, method } });
    expect(await m.send(mail)).toMatchObject({ ok: true });
    expect(secured.deliveries).toHaveLength(1);
    expect(secured.deliveries[0]).toMatchObject({ secure: true, user: 'mailer' });
  });

  it('a wrong password is a permanent failure with code 535', async () => {
    const m = mailer(secured, { requireTLS: true, tls, auth: { ...credentials, pass: 'wrong' } });
    const result = await m.send(mail);
    expect(result).toMatchObject({ ok: false, transient: false, code: 535 });
    expect((await m.verify()) as object).toMatchObject({ ok: false, transient: false, code: 535 });
  });

  it('secure: true speaks TLS from the first byte (SMTPS) and logs in', async () => {
    smtps.inbox.reset();
    const m = mailer(smtps, { secure: true, tls, auth: credentials });
    expect(await m.send(mail)).toMatchObject({ ok: true });
    expect(smtps.deliveries).toHaveLength(1);
    expect(smtps.deliveries[0]).toMatchObject({ secure: true, user: 'mailer' });
    expect(smtps.commands).not.toContain('STARTTLS');
  });

  it('without secure, an SMTPS port is a transient failure and nothing is sent', async () => {
    smtps.inbox.reset();
    const result = await mailer(smtps, { auth: credentials }).send(mail);
    expect(result).toMatchObject({ ok: false, transient: true });
    expect(smtps.deliveries).toHaveLength(0);
  });

  it('logs in without TLS where the server allows it (a local relay)', async () => {
    clearAuth.inbox.reset();
    const m = mailer(clearAuth, { auth: { ...credentials, method: 'LOGIN' } });
    expect(await m.send(mail)).toMatchObject({ ok: true });
    expect(clearAuth.deliveries[0]).toMatchObject({ secure: false, user: 'mailer' });
    expect(clearAuth.commands).toContain('AUTH LOGIN');
  });

  it('verify() succeeds with good settings', async () => {
    const m = mailer(secured, { requireTLS: true, tls, auth: credentials });
    expect(await m.verify()).toEqual({ ok: true });
  });

  it('an untrusted certificate is a transient failure and nothing is sent', async () => {
    secured.inbox.reset();
    const m = mailer(secured, { requireTLS: true, auth: credentials });
    const result = await m.send(mail);
    expect(result).toMatchObject({ ok: false, transient: true });
    expect(result.ok === false && result.detail).toMatch(/certificate/i);
    expect(secured.deliveries).toHaveLength(0);
  });

  it('requireTLS refuses a server without STARTTLS instead of sending in clear', async () => {
    plain.inbox.reset();
    const result = await mailer(plain, { requireTLS: true }).send(mail);
    // the server answers STARTTLS with 500 "command not recognized": a 5xx, so permanent
    expect(result).toMatchObject({ ok: false, transient: false, code: 500 });
    expect(result.ok === false && result.detail).toContain('STARTTLS');
    expect(plain.deliveries).toHaveLength(0);
  });
});

describe('addresses on the wire', () => {
  it('sends an IDN domain as A-labels, in the envelope and the To header', async () => {
    plain.inbox.reset();
    expect(await mailer(plain).send({ ...mail, to: 'owner@Bücher.example' })).toMatchObject({
      ok: true,
    });
    expect(plain.commands).toContain('RCPT TO:<owner@xn--bcher-kva.example>');
    expect(plain.commands.filter((c) => /^MAIL FROM/.test(c)).join()).not.toContain('SMTPUTF8');
    const [delivery] = plain.deliveries;
    expect(delivery?.smtpUtf8).toBe(false);
    expect(parseMail(delivery?.raw ?? Buffer.alloc(0)).headers.get('to')).toBe(
      'owner@xn--bcher-kva.example',
    );
  });

  it('uses SMTPUTF8 for a non-ASCII local part when the server offers it', async () => {
    plain.inbox.reset();
    expect(await mailer(plain).send({ ...mail, to: 'jöran@bücher.example' })).toMatchObject({
      ok: true,
    });
    expect(plain.commands.find((c) => /^MAIL FROM/.test(c))).toMatch(/ SMTPUTF8\b/);
    const [delivery] = plain.deliveries;
    expect(delivery?.smtpUtf8).toBe(true);
    expect(delivery?.rcptTo.map((a) => a.normalize())).toContain('jöran@bücher.example');
  });

  it('without SMTPUTF8 on offer, a non-ASCII local part goes out as is (the server decides)', async () => {
    plainNoUtf8.inbox.reset();
    const result = await mailer(plainNoUtf8).send({ ...mail, to: 'jöran@bücher.example' });
    // smtp-server is lenient and takes it; a strict server answers 5xx (permanent).
    expect(result).toMatchObject({ ok: true });
    expect(plainNoUtf8.commands.find((c) => /^MAIL FROM/.test(c))).not.toMatch(/SMTPUTF8/);
  });

  it('never lets the subject or address add recipients or headers', async () => {
    plain.inbox.reset();
    const m = mailer(plain);
    const injected = await m.send({
      ...mail,
      subject: 'hello\r\nBcc: evil@example.net\r\nX-Injected: yes',
    });
    expect(injected).toMatchObject({ ok: true });
    expect(await m.send({ ...mail, to: 'owner@example.com, evil@example.net' })).toMatchObject({
      ok: false,
      transient: false,
    });
    expect(plain.deliveries).toHaveLength(1);
    const [delivery] = plain.deliveries;
    expect(delivery?.rcptTo).toEqual(['owner@example.com']);
    const headers = parseMail(delivery?.raw ?? Buffer.alloc(0)).headers;
    expect(headers.has('bcc')).toBe(false);
    expect(headers.has('x-injected')).toBe(false);
    expect(headers.get('auto-submitted')).toBe('auto-generated');
  });
});

describe('options and lifecycle', () => {
  it('passes from, replyTo, name and headers through to the wire', async () => {
    plain.inbox.reset();
    const m = mailer(plain, {
      from: '"Acme Domains" <domains@acme.test>',
      replyTo: 'support@acme.test',
      name: 'mailer.acme.test',
      headers: { 'X-Tenant': 'acme' },
    });
    expect(await m.send(mail)).toMatchObject({ ok: true });
    expect(plain.commands).toContain('EHLO mailer.acme.test');
    const [delivery] = plain.deliveries;
    expect(delivery?.mailFrom).toBe('domains@acme.test');
    const headers = parseMail(delivery?.raw ?? Buffer.alloc(0)).headers;
    expect(headers.get('from')).toBe('Acme Domains <domains@acme.test>');
    expect(headers.get('reply-to')).toBe('support@acme.test');
    expect(headers.get('x-tenant')).toBe('acme');
    expect(headers.get('auto-submitted')).toBe('auto-generated');
  });

  it.each([
    ['no options', undefined],
    ['no host', { from }],
    ['no from', { host: '127.0.0.1' }],
    ['a from with a line break', { host: '127.0.0.1', from: 'a@b.test\r\nBcc: x@y.test' }],
    ['a port out of range', { host: '127.0.0.1', port: 70_000, from }],
    ['auth without a password', { host: '127.0.0.1', from, auth: { user: 'u' } }],
  ])('%s: never throws, every send fails for good', async (_label, options) => {
    const m = createSmtpMailer(options as unknown as SmtpMailerOptions);
    const result = await m.send(mail);
    expect(result).toMatchObject({ ok: false, transient: false });
    expect(result.ok === false && result.detail).toContain('invalid SMTP mailer options');
    expect(await m.verify()).toMatchObject({ ok: false, transient: false });
  });

  it('never throws or rejects, whatever the options hold', async () => {
    // Only 127.0.0.1, on a port nothing listens on or no port at all: nothing leaves the machine.
    const unusedPort = await closedPort();
    const junk = fc.oneof(fc.constant(undefined), fc.anything());
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          host: fc.constant('127.0.0.1'),
          port: fc.oneof(
            fc.constant(unusedPort),
            fc.constantFrom(0, -1, 65_536, 1.5, Number.NaN),
            fc.string(),
          ),
          secure: junk,
          requireTLS: junk,
          from: junk,
          auth: junk,
          tls: junk,
          pool: junk,
          connectionTimeout: junk,
          greetingTimeout: junk,
          headers: junk,
          replyTo: junk,
        }),
        async (options) => {
          const m = createSmtpMailer(options as unknown as SmtpMailerOptions);
          const result = await m.send(mail);
          expect(result.ok).toBe(false);
          await m.close();
        },
      ),
      { numRuns: 50 },
    );
  });

  it('close() releases the pool; later sends fail as transient; closing twice is fine', async () => {
    plain.inbox.reset();
    const m = mailer(plain, { pool: { maxConnections: 2 } });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => m.send({ ...mail, subject: `message ${i}` })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const subjects = (await plain.inbox.received()).map((r) => r.subject).sort();
    expect(subjects).toEqual(Array.from({ length: 6 }, (_, i) => `message ${i}`));
    await m.close();
    await m.close();
    expect(await m.send(mail)).toMatchObject({ ok: false, transient: true });
    expect(plain.deliveries).toHaveLength(6);
  });

  it('returns the Message-ID the message was sent with', async () => {
    plain.inbox.reset();
    const result = await mailer(plain).send(mail);
    expect(result.ok).toBe(true);
    const header = parseMail(plain.deliveries[0]?.raw ?? Buffer.alloc(0)).headers.get('message-id');
    expect(result.ok && result.messageId).toBe(header);
  });
});
