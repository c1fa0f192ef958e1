// The app's `sendEmail` as apexproof's Mailer port. better-auth apps already have a function
// that sends mail (verification, password reset); the plugin reuses it. A throw or a rejected
// promise is a transient failure: the outbox keeps the message and tries again later, so a
// mail outage delays mail and never loses it.
import type { Mailer, OutgoingMail } from '@apexproof/core';

/** What the app gives the plugin to send mail with: resolves when the mail was accepted. */
export type SendEmail = (mail: OutgoingMail) => Promise<unknown> | unknown;

const MAX_DETAIL = 500;

/** Wraps `sendEmail` as a Mailer: resolved → sent; a throw → transient failure with its text. */
export function mailerFromSendEmail(sendEmail: SendEmail): Mailer {
  return {
    async send(mail) {
      try {
        await sendEmail(mail);
        return { ok: true };
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          transient: true,
          detail: `sendEmail threw: ${detail}`.slice(0, MAX_DETAIL),
        };
      }
    },
  };
}

/** The Mailer used when the app gave neither `mailer` nor `sendEmail`: every send waits. */
export const noMailer: Mailer = {
  send: async () => ({
    ok: false,
    transient: true,
    detail: 'no mailer configured: pass sendEmail or mailer to the apexproof plugin',
  }),
};
