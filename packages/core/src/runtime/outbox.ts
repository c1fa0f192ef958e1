// The outbox as a write in the caller's transaction (DESIGN §9): a notice is committed exactly
// when the state change it tells about is.
import type { RenderedMail } from '../model/templates.js';
import type { NotificationKind } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import type { Context } from './context.js';
import { newRowId } from './ids.js';
import { displayName } from './subject.js';
import { ask } from './transaction.js';

/** Base context every template gets. */
export function templateBase(
  ctx: Context,
  organization: { id: string; name: string },
  subject: string,
) {
  return {
    organizationId: organization.id,
    organizationName: organization.name,
    subject,
    subjectDisplay: displayName(subject),
    link: ctx.policy.dashboardUrl,
  };
}

/**
 * Appends one message per distinct address (case-insensitive) to the outbox, in the caller's
 * transaction: the notice is committed exactly when the state change is.
 */
export async function appendMessages(
  ctx: Context,
  tx: StorageTx,
  message: {
    organizationId: string;
    kind: NotificationKind;
    to: readonly string[];
    mail: RenderedMail;
  },
): Promise<number> {
  const now = ctx.clock.now();
  const seen = new Set<string>();
  for (const to of message.to) {
    const key = to.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    await tx.outbox.append({
      id: newRowId(ctx),
      organizationId: message.organizationId,
      kind: message.kind,
      to: to.trim(),
      subject: message.mail.subject,
      text: message.mail.text,
      html: message.mail.html,
      status: 'pending',
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      sentAt: null,
      version: 0,
    });
  }
  return seen.size;
}

/** The organization's name and owner addresses, asked of the Directory. */
export function ownersOf(ctx: Context, organizationId: string) {
  return ask(async () => {
    const [org, emails] = await Promise.all([
      ctx.directory.organization(organizationId),
      ctx.directory.ownerEmails(organizationId),
    ]);
    return { name: org?.name ?? organizationId, emails };
  });
}
