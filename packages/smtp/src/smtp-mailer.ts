// The SMTP adapter of the Mailer port (DESIGN §8, §11): translation between the port and
// nodemailer, nothing else. It never throws and its promises never reject.
import type { ConnectionOptions } from 'node:tls';
import type { Mailer, MailFailure, MailResult, OutgoingMail } from '@apexproof/core';
import nodemailer, { type SMTPPoolOptions, type Transporter } from 'nodemailer';
import { toWireAddress } from './address.js';
import { refused, toMailFailure } from './failure.js';

/** SMTP AUTH credentials (`SmtpMailerOptions.auth`). */
export interface SmtpAuth {
  readonly user: string;
  readonly pass: string;
  /** SASL mechanism, e.g. 'PLAIN' or 'LOGIN'; by default the first one the server offers. */
  readonly method?: string;
}

/** Connection pool settings (`SmtpMailerOptions.pool`); `pool: true` takes these defaults. */
export interface SmtpPoolOptions {
  /** Open connections at most (default 5). */
  readonly maxConnections?: number;
  /** Messages per connection before it is replaced (default 100). */
  readonly maxMessages?: number;
  /** Idle time in ms before a pooled connection is closed (default 4 minutes). */
  readonly idleTimeout?: number;
}

/** PEM text or bytes (a Node `Buffer` is a `Uint8Array`). */
export type Pem = string | Uint8Array;

/**
 * The TLS settings passed to Node's `tls.connect` (a subset of `tls.ConnectionOptions`, spelled
 * out so that these declarations need no `@types/node`; a `ConnectionOptions` value fits).
 */
export interface SmtpTlsOptions {
  /** Trusted CA certificates, replacing Node's bundled roots. */
  readonly ca?: Pem | readonly Pem[];
  /** Client certificate chain and key, for servers that ask for one. */
  readonly cert?: Pem | readonly Pem[];
  readonly key?: Pem | readonly (Pem | { readonly pem: Pem; readonly passphrase?: string })[];
  readonly passphrase?: string;
  /** Refuse a certificate that does not verify (default true). */
  readonly rejectUnauthorized?: boolean;
  /** Name checked against the certificate (SNI), when `host` is an IP address. */
  readonly servername?: string;
  readonly minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  readonly maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  /** OpenSSL cipher list. */
  readonly ciphers?: string;
  /** Replaces the host name check; returns an Error to refuse the certificate. */
  readonly checkServerIdentity?: (hostname: string, cert: never) => Error | undefined;
}

/**
 * Options of `createSmtpMailer`; only `host` and `from` are required. Bad options do not throw:
 * every send then fails as permanent with the reason. Timeouts are in milliseconds.
 * @example
 * ```ts
 * const mailer = createSmtpMailer({
 *   host: 'smtp.example.com',
 *   auth: { user: 'apexproof', pass: process.env.SMTP_PASSWORD ?? '' },
 *   from: 'Acme <no-reply@acme.co>',
 *   requireTLS: true,
 * });
 * const check = await mailer.verify(); // at start-up
 * ```
 */
export interface SmtpMailerOptions {
  readonly host: string;
  /** Default 587, or 465 with `secure`. */
  readonly port?: number;
  /** TLS from the first byte (SMTPS, usually port 465). Otherwise STARTTLS is used when offered. */
  readonly secure?: boolean;
  /** Refuse to send unless the connection is upgraded with STARTTLS. */
  readonly requireTLS?: boolean;
  /** Passed to `tls.connect`: `ca`, `rejectUnauthorized`, `servername`, `minVersion`, … */
  readonly tls?: SmtpTlsOptions;
  readonly auth?: SmtpAuth;
  /** Sender, `addr@example.com` or `Name <addr@example.com>`. Required. */
  readonly from: string;
  readonly replyTo?: string;
  /** Host name sent with EHLO (default: the machine's host name). */
  readonly name?: string;
  /** Keep connections open and reuse them: `true` or pool settings. Call `close()` when done. */
  readonly pool?: boolean | SmtpPoolOptions;
  /** ms to wait for the TCP connection (default 15 000). */
  readonly connectionTimeout?: number;
  /** ms to wait for the server greeting once connected (default 15 000). */
  readonly greetingTimeout?: number;
  /** ms of silence before a connection is dropped (default 60 000). */
  readonly socketTimeout?: number;
  /** ms to wait for the DNS lookup of `host` (default 15 000). */
  readonly dnsTimeout?: number;
  /** Extra headers on every message; `Auto-Submitted: auto-generated` is always added. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The `Mailer` over SMTP (`createSmtpMailer`, nodemailer underneath). Never throws and never
 * rejects: an SMTP 4xx reply or a connection problem is transient, a 5xx reply or a mistake that
 * cannot heal (bad options, refused credentials, a malformed recipient address) is permanent.
 */
export interface SmtpMailer extends Mailer {
  /** Connects (and logs in) without sending anything: a start-up check of the settings. */
  verify(): Promise<{ readonly ok: true } | MailFailure>;
  /** Closes pooled connections. Later sends fail as transient. Safe to call twice. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUTS = {
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 60_000,
  dnsTimeout: 15_000,
};

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
const isAddressLine = (value: unknown) =>
  typeof value === 'string' && value.includes('@') && !/[\r\n]/.test(value);

// Checks the settings nodemailer would only stumble over later, in the middle of a send.
function optionsProblem(o: SmtpMailerOptions | undefined): string | undefined {
  if (!isObject(o)) return 'options are required';
  if (typeof o.host !== 'string' || o.host.trim() === '') return '`host` is required';
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port > 0 && o.port < 65536)) {
    return '`port` must be an integer from 1 to 65535';
  }
  if (!isAddressLine(o.from)) {
    return '`from` must be an address such as "Example <no-reply@example.com>"';
  }
  if (o.replyTo !== undefined && !isAddressLine(o.replyTo)) return '`replyTo` must be an address';
  if (
    o.auth !== undefined &&
    !(typeof o.auth?.user === 'string' && typeof o.auth.pass === 'string')
  ) {
    return '`auth` needs a string `user` and `pass`';
  }
  for (const flag of ['secure', 'requireTLS'] as const) {
    if (o[flag] !== undefined && typeof o[flag] !== 'boolean')
      return `\`${flag}\` must be a boolean`;
  }
  if (o.tls !== undefined && !isObject(o.tls)) return '`tls` must be an object of TLS options';
  if (o.pool !== undefined && typeof o.pool !== 'boolean' && !isObject(o.pool)) {
    return '`pool` must be a boolean or pool settings';
  }
  for (const key of [
    'connectionTimeout',
    'greetingTimeout',
    'socketTimeout',
    'dnsTimeout',
  ] as const) {
    const ms = o[key];
    if (ms !== undefined && !(typeof ms === 'number' && Number.isFinite(ms) && ms > 0)) {
      return `\`${key}\` must be a positive number of milliseconds`;
    }
  }
  if (o.headers !== undefined) {
    const values = isObject(o.headers) ? Object.values(o.headers) : [null];
    if (!values.every((v) => typeof v === 'string' && !/[\r\n]/.test(v))) {
      return '`headers` must map header names to single-line strings';
    }
  }
  return undefined;
}

function transportOptions(o: SmtpMailerOptions): SMTPPoolOptions {
  const pool = o.pool === true ? {} : o.pool || undefined;
  return {
    host: o.host,
    port: o.port,
    secure: o.secure ?? false,
    requireTLS: o.requireTLS ?? false,
    // The fields are tls.connect's own (`Pem` arrays are readonly views of the same values).
    tls: o.tls as ConnectionOptions | undefined,
    auth: o.auth ? { user: o.auth.user, pass: o.auth.pass, method: o.auth.method } : undefined,
    name: o.name,
    connectionTimeout: o.connectionTimeout ?? DEFAULT_TIMEOUTS.connectionTimeout,
    greetingTimeout: o.greetingTimeout ?? DEFAULT_TIMEOUTS.greetingTimeout,
    socketTimeout: o.socketTimeout ?? DEFAULT_TIMEOUTS.socketTimeout,
    dnsTimeout: o.dnsTimeout ?? DEFAULT_TIMEOUTS.dnsTimeout,
    // Notifications carry no attachments; nothing in a message may make nodemailer read
    // local files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    ...(pool ? { pool: true, ...pool } : {}),
  };
}

/** A Mailer that always answers with the same permanent failure (bad options). */
function brokenMailer(detail: string): SmtpMailer {
  const failure = refused(`invalid SMTP mailer options: ${detail}`);
  return { send: async () => failure, verify: async () => failure, close: async () => {} };
}

/** Creates the SMTP Mailer. Never throws: bad options surface as permanent send failures. */
export function createSmtpMailer(options: SmtpMailerOptions): SmtpMailer {
  try {
    const problem = optionsProblem(options);
    if (problem) return brokenMailer(problem);
    return openMailer(options);
  } catch (error) {
    return brokenMailer(toMailFailure(error).detail);
  }
}

function openMailer(options: SmtpMailerOptions): SmtpMailer {
  const transporter: Transporter = nodemailer.createTransport(transportOptions(options));
  const headers = { ...options.headers, 'Auto-Submitted': 'auto-generated' };
  let closed = false;

  async function send(mail: OutgoingMail): Promise<MailResult> {
    if (closed) return { ok: false, transient: true, detail: 'SMTP mailer is closed' };
    if (typeof mail !== 'object' || mail === null) return refused('not a mail');
    const to = toWireAddress(mail.to);
    if (!to) {
      const shown = typeof mail.to === 'string' ? JSON.stringify(mail.to) : `(${typeof mail.to})`;
      return refused(`invalid recipient address ${shown}`);
    }
    const { subject, text, html } = mail;
    if (typeof subject !== 'string' || typeof text !== 'string' || typeof html !== 'string') {
      return refused('a mail needs a string subject, text and html');
    }
    const info = await transporter.sendMail({
      from: options.from,
      replyTo: options.replyTo,
      // An address object, not a string: nodemailer would parse a string as a list. The
      // envelope (MAIL FROM / RCPT TO) is derived from these headers.
      to: { name: '', address: to },
      subject,
      text,
      html,
      headers,
    });
    if (Array.isArray(info.accepted) && info.accepted.length === 0) {
      return { ok: false, transient: true, detail: `recipient not accepted: ${info.response}` };
    }
    return { ok: true, messageId: info.messageId };
  }

  return {
    send: (mail) => send(mail).catch(toMailFailure),
    verify: () =>
      transporter.verify().then(
        () => ({ ok: true as const }),
        (error: unknown) => toMailFailure(error),
      ),
    close: async () => {
      closed = true;
      try {
        transporter.close();
      } catch {
        // closing is best effort; nothing is left to release
      }
    },
  };
}
