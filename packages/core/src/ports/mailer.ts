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
  send(mail: OutgoingMail): Promise<MailResult>;
}

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface MailFailure {
  readonly ok: false;
  readonly transient: boolean;
  readonly detail: string;
  /** SMTP reply code when there was one. */
  readonly code?: number;
}

export type MailResult = { readonly ok: true; readonly messageId?: string } | MailFailure;
