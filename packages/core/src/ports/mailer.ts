/**
 * Outgoing mail (DESIGN §8, §9). The core only calls it from `deliverNotifications`, never in
 * the middle of a state change.
 *
 * Rules every implementation keeps:
 * - The promise never rejects; every failure is a `MailFailure`.
 * - `transient: true` means "try again later" (SMTP 4xx, connection refused or reset, timeout);
 *   `transient: false` means the message will never be accepted as it is (SMTP 5xx, bad address).
 * - A resolved `ok: true` means the receiving server accepted the message.
 */
export interface Mailer {
  /** Sends one message; resolves (never rejects) with the outcome, under the rules above. */
  send(mail: OutgoingMail): Promise<MailResult>;
}

/**
 * One message as `deliverNotifications` hands it to the `Mailer`: one recipient address, the
 * rendered subject, plain text and HTML (`RenderedMail`).
 */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * A message not accepted: `transient: true` is retried with backoff, `transient: false` parks it
 * for good. `detail` (and `code`) are kept in the outbox row's `lastError`.
 */
export interface MailFailure {
  readonly ok: false;
  readonly transient: boolean;
  readonly detail: string;
  /** SMTP reply code when there was one. */
  readonly code?: number;
}

/**
 * What `Mailer.send` resolves with: `ok: true` (the server accepted it; `messageId` if known) or a
 * `MailFailure`.
 */
export type MailResult = { readonly ok: true; readonly messageId?: string } | MailFailure;
