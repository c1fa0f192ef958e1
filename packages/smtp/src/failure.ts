// Translation of nodemailer errors into the port's MailFailure (DESIGN §8, §11). The rule:
// the SMTP reply decides when there is one (4xx transient, 5xx permanent); without a reply,
// transport trouble is transient and only mistakes that cannot heal on their own are permanent.
import type { MailFailure } from '@apexproof/core';

// Nodemailer codes for failures that no retry with the same message and settings can fix:
// bad configuration, missing credentials, an envelope nodemailer refuses to send.
const PERMANENT_CODES = new Set([
  'ECONFIG',
  'ENOAUTH',
  'EAUTH',
  'EENVELOPE',
  'EMAXRECIPIENTS',
  'EREQUIRETLS',
  'EFILEACCESS',
  'EURLACCESS',
]);

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
}

const isSmtpReplyCode = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 200 && value <= 599;

// String() itself throws for values such as Object.create(null) or { toString: 0 }.
function describe(value: unknown): string {
  try {
    return String(value ?? '') || 'unknown error';
  } catch {
    return 'unknown error';
  }
}

/** Builds the port failure for anything nodemailer (or Node underneath it) threw or passed back. */
export function toMailFailure(error: unknown): MailFailure {
  const e: ErrorLike = typeof error === 'object' && error !== null ? (error as ErrorLike) : {};
  const message = (typeof e.message === 'string' && e.message) || describe(error);
  const codes = [e.code, e.originalCode].filter(
    (c, i, all): c is string => typeof c === 'string' && all.indexOf(c) === i,
  );
  const during = typeof e.command === 'string' && e.command !== 'API' ? ` during ${e.command}` : '';
  const detail = `${message}${during}${codes.length ? ` [${codes.join('/')}]` : ''}`;

  if (isSmtpReplyCode(e.responseCode)) {
    // RFC 5321 §4.2.1: 4yz is a transient negative completion, 5yz a permanent one. A 2yz or
    // 3yz reply where another was expected is a protocol hiccup, worth another try.
    return { ok: false, transient: e.responseCode < 500, detail, code: e.responseCode };
  }
  const permanent = codes.some((c) => PERMANENT_CODES.has(c));
  return { ok: false, transient: !permanent, detail };
}

/** A failure the adapter raises itself, before any connection is made. */
export function refused(detail: string): MailFailure {
  return { ok: false, transient: false, detail };
}
