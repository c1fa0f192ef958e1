// The Mailer contract against a real SMTP server on 127.0.0.1, with and without TLS (STARTTLS
// or implicit) and with and without AUTH.
import { mailerContract } from '@apexproof/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createSmtpMailer, type SmtpMailer } from '../src/index.js';
import { startSmtpServer, TEST_CERT, type TestSmtpServer } from './support/server.js';

const from = 'apexproof <no-reply@apexproof.test>';
const quick = { connectionTimeout: 2_000, greetingTimeout: 2_000, socketTimeout: 5_000 };

function suite(
  name: string,
  start: () => Promise<TestSmtpServer>,
  mailerFor: (server: TestSmtpServer) => SmtpMailer,
) {
  let server: TestSmtpServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
  });
  mailerContract({
    name,
    create: () => mailerFor(server),
    dispose: (mailer) => (mailer as SmtpMailer).close(),
    inbox: {
      received: () => server.inbox.received(),
      reset: () => server.inbox.reset(),
    },
    failures: {
      transient: () => server.faults.transient(),
      permanent: () => server.faults.permanent(),
      heal: () => server.faults.heal(),
    },
  });
}

suite(
  'smtp (plain)',
  () => startSmtpServer(),
  (server) => createSmtpMailer({ host: '127.0.0.1', port: server.port, from, ...quick }),
);

suite(
  'smtp (STARTTLS, verified certificate)',
  () => startSmtpServer({ starttls: true }),
  (server) =>
    createSmtpMailer({
      host: '127.0.0.1',
      port: server.port,
      requireTLS: true,
      tls: { ca: TEST_CERT, rejectUnauthorized: true },
      from,
      ...quick,
    }),
);

suite(
  'smtp (STARTTLS + AUTH PLAIN, pooled)',
  () => startSmtpServer({ starttls: true, auth: { user: 'mailer', pass: 's3cret' } }),
  (server) =>
    createSmtpMailer({
      host: '127.0.0.1',
      port: server.port,
      requireTLS: true,
      tls: { ca: TEST_CERT },
      auth: { user: 'mailer', pass: 's3cret', method: 'PLAIN' },
      pool: { maxConnections: 1 },
      from,
      ...quick,
    }),
);

suite(
  'smtp (AUTH LOGIN without TLS)',
  () => startSmtpServer({ auth: { user: 'relay', pass: 'p4ss' }, insecureAuth: true }),
  (server) =>
    createSmtpMailer({
      host: '127.0.0.1',
      port: server.port,
      auth: { user: 'relay', pass: 'p4ss', method: 'LOGIN' },
      from,
      ...quick,
    }),
);

suite(
  'smtp (implicit TLS + AUTH)',
  () => startSmtpServer({ implicitTls: true, auth: { user: 'mailer', pass: 's3cret' } }),
  (server) =>
    createSmtpMailer({
      host: '127.0.0.1',
      port: server.port,
      secure: true,
      tls: { ca: TEST_CERT },
      auth: { user: 'mailer', pass: 's3cret' },
      from,
      ...quick,
    }),
);
