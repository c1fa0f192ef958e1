// A real SMTP server (smtp-server) on 127.0.0.1 for the adapter tests, with a direct-read
// inbox for the contract and switchable RCPT faults.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { MailFaults, MailInbox, ReceivedMail } from '@apexproof/testkit';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { parseMail } from './mime.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
export const TEST_CERT = fixture('test-cert.pem');
export const TEST_KEY = fixture('test-key.pem');

export interface Delivery {
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  readonly smtpUtf8: boolean;
  readonly secure: boolean;
  readonly user: unknown;
  readonly raw: Buffer;
}

export interface TestServerOptions {
  /** Offer STARTTLS with the fixture certificate (otherwise STARTTLS is hidden). */
  readonly starttls?: boolean;
  /** TLS from the first byte (SMTPS) with the fixture certificate. */
  readonly implicitTls?: boolean;
  /** Allow AUTH on a connection without TLS (smtp-server refuses it by default). */
  readonly insecureAuth?: boolean;
  /** Require AUTH with these credentials. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Listen on this port (default: any free one). */
  readonly port?: number;
  readonly hideSMTPUTF8?: boolean;
}

/** Answer every `stage` command with this reply until cleared. */
export interface ServerFault {
  readonly stage: 'connect' | 'mail' | 'rcpt' | 'data';
  readonly code: number;
  readonly message: string;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly deliveries: Delivery[];
  /** Every command line clients sent, as written on the wire (credentials redacted). */
  readonly commands: string[];
  fault: ServerFault | undefined;
  readonly inbox: MailInbox;
  readonly faults: MailFaults;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpServer(options: TestServerOptions = {}): Promise<TestSmtpServer> {
  const deliveries: Delivery[] = [];
  const commands: string[] = [];
  // smtp-server decodes A-labels before handing addresses over, so the wire form is read from
  // its command log instead.
  const quiet = () => {};
  const logger = {
    trace: quiet,
    info: quiet,
    warn: quiet,
    error: quiet,
    fatal: quiet,
    debug: (meta: { tnx?: string }, ...message: unknown[]) => {
      if (meta?.tnx === 'command') commands.push(String(message[message.length - 1]));
    },
  };
  const state: { fault: ServerFault | undefined } = { fault: undefined };
  const faultAt = (stage: ServerFault['stage']) => {
    const fault = state.fault;
    return fault?.stage === stage ? smtpError(fault.code, fault.message) : null;
  };
  const config: SMTPServerOptions = {
    logger: logger as unknown as SMTPServerOptions['logger'],
    closeTimeout: 500, // do not wait long for clients that left a connection open
    disableReverseLookup: true, // no DNS traffic leaves the machine
    // without `starttls` the command is refused outright, not merely left unadvertised
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    hideSMTPUTF8: options.hideSMTPUTF8 ?? false,
    secure: options.implicitTls ?? false,
    allowInsecureAuth: options.insecureAuth ?? false,
    ...(options.starttls || options.implicitTls ? { key: TEST_KEY, cert: TEST_CERT } : {}),
    authOptional: !options.auth,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      const good =
        options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (!good) return callback(smtpError(535, 'Authentication credentials invalid'));
      callback(null, { user: auth.username });
    },
    onConnect: (_session, callback) => callback(faultAt('connect')),
    onMailFrom: (_address, _session, callback) => callback(faultAt('mail')),
    onRcptTo: (_address, _session, callback) => callback(faultAt('rcpt')),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const refusal = faultAt('data');
        if (refusal) return callback(refusal);
        const { mailFrom, rcptTo } = session.envelope;
        deliveries.push({
          mailFrom: mailFrom ? mailFrom.address : '',
          rcptTo: rcptTo.map((r) => r.address),
          smtpUtf8: Boolean(session.envelope.smtpUtf8),
          secure: session.secure,
          user: session.user,
          raw: Buffer.concat(chunks),
        });
        callback(null); // the 250 goes out only after the message is recorded
      });
    },
  };
  const server = new SMTPServer(config);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {}); // client-side resets in fault tests are expected
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const inbox: MailInbox = {
    received: async () =>
      deliveries.flatMap((d): ReceivedMail[] => {
        const parsed = parseMail(d.raw);
        return d.rcptTo.map((to) => ({
          to,
          subject: parsed.subject,
          text: parsed.text,
          html: parsed.html,
        }));
      }),
    reset: () => {
      deliveries.length = 0;
      commands.length = 0;
    },
  };
  const result: TestSmtpServer = {
    port,
    deliveries,
    commands,
    get fault() {
      return state.fault;
    },
    set fault(value) {
      state.fault = value;
    },
    inbox,
    faults: {
      transient: () => {
        state.fault = { stage: 'rcpt', code: 450, message: 'Mailbox temporarily unavailable' };
      },
      permanent: () => {
        state.fault = { stage: 'rcpt', code: 550, message: 'No such user here' };
      },
      heal: () => {
        state.fault = undefined;
      },
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return result;
}

/** A port that nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
