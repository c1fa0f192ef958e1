// deliverNotifications (DESIGN §9): lease due outbox messages, send each through the Mailer,
// and record the outcome. Transient failures are retried with capped exponential backoff for as
// long as it takes; permanent ones are parked with their reason. Nothing is ever deleted.
import { ok, ResultAsync } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import { printable } from '../model/printable.js';
import type { MailResult } from '../ports/mailer.js';
import type { OutboxRecord } from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import { describeThrown } from '../runtime/guards.js';
import { inTransaction } from '../runtime/transaction.js';

/**
 * What one `deliverNotifications` batch did: `claimed` messages were leased, then each `sent`,
 * `retried` later (transient failure) or `parked` (permanent failure). A message another worker
 * took over, or whose outcome could not be saved, is in none of the three.
 */
export interface DeliveryReport {
  readonly claimed: number;
  readonly sent: number;
  readonly retried: number;
  readonly parked: number;
}

/** Delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
}

/**
 * One-time codes are wiped from the stored copy once the message is settled: sent, or parked
 * (a parked code can never be used, and a stored code is one more place it could leak from).
 */
const REDACTED = '[redacted]';
const redact = (m: OutboxRecord) =>
  m.kind === 'email-otp' ? { text: REDACTED, html: REDACTED } : {};

async function send(ctx: Context, m: OutboxRecord): Promise<MailResult> {
  try {
    return await ctx.mailer.send({ to: m.to, subject: m.subject, text: m.text, html: m.html });
  } catch (e) {
    // A Mailer must not reject; if one does, treat it as passing trouble, never as loss.
    return { ok: false, transient: true, detail: describeThrown(e) };
  }
}

function outcome(ctx: Context, m: OutboxRecord, result: MailResult): OutboxRecord {
  const now = ctx.clock.now();
  const attempts = m.attempts + 1;
  const base = { ...m, attempts, leaseUntil: null, version: m.version + 1 };
  if (result.ok) return { ...base, ...redact(m), status: 'sent', sentAt: now, lastError: null };
  // Server text is stored: typed defensively and escaped (a reply may carry U+0000).
  const code = typeof result.code === 'number' ? `${result.code} ` : '';
  const detail = typeof result.detail === 'string' ? result.detail : '';
  const reason = printable(`${code}${detail}`.slice(0, 1000));
  if (!result.transient) return { ...base, ...redact(m), status: 'parked', lastError: reason };
  const { baseDelayMs, maxDelayMs } = ctx.policy.delivery;
  return {
    ...base,
    lastError: reason,
    nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, baseDelayMs, maxDelayMs)),
  };
}

/**
 * Extends the lease of one claimed message right before it is sent. The batch's lease started
 * when it was claimed; sent one by one through a slow server, later messages could outlive it
 * and be claimed (and sent) by another worker too. The compare-and-set fails exactly then, and
 * the message is left to that worker. So the lease only has to outlast one send, not a batch.
 */
async function renewLease(ctx: Context, m: OutboxRecord): Promise<OutboxRecord | null> {
  const leaseUntil = new Date(ctx.clock.now().getTime() + ctx.policy.delivery.leaseMs);
  const held = { ...m, leaseUntil, version: m.version + 1 };
  const saved = await inTransaction(ctx, async (tx) => ok(await tx.outbox.update(held, m.version)));
  return saved.isOk() && saved.value ? held : null;
}

export function deliverNotifications(
  ctx: Context,
  { limit }: { limit: number },
): ResultAsync<DeliveryReport, ApexproofError> {
  const now = ctx.clock.now();
  const leaseUntil = new Date(now.getTime() + ctx.policy.delivery.leaseMs);
  return inTransaction(ctx, async (tx) =>
    ok(await tx.outbox.claim({ now, limit, leaseUntil })),
  ).andThen((claimed) => {
    const report = { claimed: claimed.length, sent: 0, retried: 0, parked: 0 };
    const run = async () => {
      // One at a time: mail servers throttle bursts, and order is kept per run.
      for (const m of claimed) {
        const held = await renewLease(ctx, m);
        if (!held) continue; // another worker claimed it after our batch lease ran out
        const next = outcome(ctx, held, await send(ctx, held));
        const saved = await inTransaction(ctx, async (tx) =>
          ok(await tx.outbox.update(next, held.version)),
        );
        // If saving fails the lease expires and the message is sent again: at least once, never lost.
        if (saved.isErr() || !saved.value) continue;
        if (next.status === 'sent') report.sent++;
        else if (next.status === 'parked') report.parked++;
        else report.retried++;
      }
      return report;
    };
    return ResultAsync.fromSafePromise(run());
  });
}
