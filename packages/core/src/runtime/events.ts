// The event outbox as a write in the caller's transaction (issue #14 §4): an event commits
// exactly when the state change it tells about does, and a rollback leaves none.
//
// Events are written only when the host configured an EventSink (`events` in
// createApexproof): without one nobody would ever drain the table, and a careful host expects
// no table that only grows.
import type { DomainEvent } from '../events/catalog.js';
import type { EventHeader } from '../events/create.js';
import type { StorageTx } from '../ports/storage.js';
import type { Context } from './context.js';
import { newRowId } from './ids.js';

/** The header of a new event: a fresh id, the subject and the instant of the change. */
export const eventHeader = (
  ctx: Context,
  organizationId: string,
  subject: string,
  at: Date,
): EventHeader => ({ id: newRowId(ctx), organizationId, subject, at });

/** Whether this instance records events at all (a sink is configured). */
export const recordsEvents = (ctx: Context): boolean => ctx.events !== undefined;

/**
 * Appends the events in order, in the caller's transaction. The subject is locked first, so
 * two transactions that tell about one subject append (and commit) one after the other: the
 * storage's `sequence` then follows the order the changes happened in, which is the order
 * `deliverEvents` keeps per subject.
 */
export async function appendEvents(
  ctx: Context,
  tx: StorageTx,
  events: readonly DomainEvent[],
): Promise<void> {
  if (!recordsEvents(ctx) || events.length === 0) return;
  const locked = new Set<string>();
  const now = ctx.clock.now();
  for (const event of events) {
    if (!locked.has(event.subject)) {
      locked.add(event.subject);
      await tx.domains.lockSubject(event.subject);
    }
    await tx.events.append({
      id: event.id,
      organizationId: event.organizationId,
      subject: event.subject,
      event,
      status: 'pending',
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      deliveredAt: null,
      version: 0,
    });
  }
}
