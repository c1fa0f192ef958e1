// deliverEvents (issue #14 §4): lease the events that head their subject's queue, hand each to
// the EventSink, and record the outcome. At least once (an event is marked delivered only after
// the sink accepted it, so a crash in between sends it again under the same id), in order per
// subject (only a subject's oldest pending event can be leased), never lost: transient failures
// are retried with capped exponential back-off (at least as long as the receiver's
// Retry-After), and after `policy.events.maxAttempts` attempts, or on a permanent failure or
// an endpoint that is gone, the event is parked with its reason. Nothing is ever deleted.
import { ok, ResultAsync } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import { printable } from '../model/printable.js';
import { type EventDeliveryResult, readDeliveryAnswer } from '../ports/events.js';
import type { EventOutboxRecord } from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import { describeThrown } from '../runtime/guards.js';
import { inTransaction } from '../runtime/transaction.js';
import { backoffMs } from './deliver.js';

/**
 * One `deliverEvents` batch: events claimed (at most one per subject), delivered, failed
 * transiently (retried later, with back-off) and parked (permanent failure or too many attempts).
 */
export interface EventDeliveryReport {
  /** Events leased by this call. */
  readonly claimed: number;
  /** Accepted by the sink. */
  readonly delivered: number;
  /** Failed transiently; they will be tried again later. */
  readonly failed: number;
  /** Parked: permanent failure, endpoint gone, or out of attempts. */
  readonly parked: number;
}

async function send(sink: NonNullable<Context['events']>, e: EventOutboxRecord) {
  try {
    return readDeliveryAnswer(await sink.deliver(e.event));
  } catch (error) {
    // A sink must not reject; if one does, it is passing trouble, never loss.
    return readDeliveryAnswer({ ok: false, transient: true, detail: describeThrown(error) });
  }
}

/** The stored row after one attempt with `result`. */
export function afterAttempt(
  ctx: Context,
  e: EventOutboxRecord,
  result: EventDeliveryResult,
): EventOutboxRecord {
  const now = ctx.clock.now();
  const attempts = e.attempts + 1;
  const base = { ...e, attempts, leaseUntil: null, version: e.version + 1 };
  if (result.ok) return { ...base, status: 'delivered', deliveredAt: now, lastError: null };
  const status = typeof result.status === 'number' ? `${result.status} ` : '';
  const reason = printable(`${result.gone ? 'gone: ' : ''}${status}${result.detail}`).slice(
    0,
    1000,
  );
  const { maxAttempts, baseDelayMs, maxDelayMs } = ctx.policy.events;
  if (!result.transient) return { ...base, status: 'parked', lastError: reason };
  if (attempts >= maxAttempts)
    return {
      ...base,
      status: 'parked',
      lastError: `gave up after ${attempts} attempts: ${reason}`,
    };
  const wait = Math.max(
    backoffMs(attempts, baseDelayMs, maxDelayMs),
    (result.retryAfterSeconds ?? 0) * 1000,
  );
  return { ...base, lastError: reason, nextAttemptAt: new Date(now.getTime() + wait) };
}

/** Extends the lease of one claimed event right before it is sent (see deliverNotifications). */
async function renewLease(ctx: Context, e: EventOutboxRecord): Promise<EventOutboxRecord | null> {
  const leaseUntil = new Date(ctx.clock.now().getTime() + ctx.policy.events.leaseMs);
  const held = { ...e, leaseUntil, version: e.version + 1 };
  const saved = await inTransaction(ctx, async (tx) => ok(await tx.events.update(held, e.version)));
  return saved.isOk() && saved.value ? held : null;
}

/**
 * Without a sink nothing is sent and nothing is claimed: events recorded while a sink was
 * configured wait for the next call that has one.
 */
export function deliverEvents(
  ctx: Context,
  { limit }: { limit: number },
): ResultAsync<EventDeliveryReport, ApexproofError> {
  const sink = ctx.events;
  const report = { claimed: 0, delivered: 0, failed: 0, parked: 0 };
  if (!sink || limit === 0) return ResultAsync.fromSafePromise(Promise.resolve(report));
  const now = ctx.clock.now();
  const leaseUntil = new Date(now.getTime() + ctx.policy.events.leaseMs);
  return inTransaction(ctx, async (tx) =>
    ok(await tx.events.claim({ now, limit, leaseUntil })),
  ).andThen((claimed) => {
    report.claimed = claimed.length;
    const run = async () => {
      // One at a time, in claim order: a receiver sees one subject's events in sequence.
      for (const e of claimed) {
        const held = await renewLease(ctx, e);
        if (!held) continue; // our lease ran out and another worker has it now
        const next = afterAttempt(ctx, held, await send(sink, held));
        const saved = await inTransaction(ctx, async (tx) =>
          ok(await tx.events.update(next, held.version)),
        );
        // If saving fails the lease expires and the event goes again: at least once.
        if (saved.isErr() || !saved.value) continue;
        if (next.status === 'delivered') report.delivered++;
        else if (next.status === 'parked') report.parked++;
        else report.failed++;
      }
      return report;
    };
    return ResultAsync.fromSafePromise(run());
  });
}
