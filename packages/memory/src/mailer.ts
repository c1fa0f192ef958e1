import type { Mailer, MailFailure, MailResult, OutgoingMail } from '@apexproof/core';
import { createFaultSchedule, type FaultControls } from './faults.js';

/** A message the memory mailer accepted, numbered in the order it was sent (from 1). */
export interface SentMail extends OutgoingMail {
  readonly seq: number;
}

/** How the mailer should fail: the `MailFailure` fields without `ok`. */
export interface MailFault {
  readonly transient: boolean;
  readonly detail: string;
  readonly code?: number;
}

/**
 * The in-memory `Mailer` (`createMemoryMailer`): records what it accepted, refuses an address that
 * is not `local@domain` without spaces or control characters (permanent), and fails on demand
 * (`failNext`, `failWith`, `heal`).
 */
export interface MemoryMailer extends Mailer, FaultControls<MailFault> {
  /** Every accepted message, oldest first. Failed sends are never recorded. */
  readonly sent: readonly SentMail[];
  /** Forgets what was sent (faults stay as they are). */
  clear(): void;
}

// The same rough shape check an SMTP server would apply: one '@', a non-empty local part and
// domain, no whitespace or control characters (they would be header or command injection).
const ADDRESS = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u;

/** An in-memory `Mailer` that records what it sent and fails when a test tells it to. */
export function createMemoryMailer(): MemoryMailer {
  const sent: SentMail[] = [];
  const faults = createFaultSchedule<MailFault>();
  let seq = 0;

  const failure = (fault: MailFault): MailFailure => ({ ok: false, ...fault });

  function send(mail: OutgoingMail): MailResult {
    const fault = faults.take();
    if (fault) return failure(fault);
    if (typeof mail?.to !== 'string' || !ADDRESS.test(mail.to)) {
      return { ok: false, transient: false, detail: 'invalid recipient address' };
    }
    seq += 1;
    const { to, subject, text, html } = mail;
    sent.push({ to, subject, text, html, seq });
    return { ok: true, messageId: `<memory-${seq}@apexproof.invalid>` };
  }

  return {
    sent,
    send: async (mail) => send(mail),
    failNext: faults.failNext,
    failWith: faults.failWith,
    heal: faults.heal,
    clear() {
      sent.length = 0;
    },
  };
}
