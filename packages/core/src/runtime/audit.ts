import type { AuditRecord } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import type { Context } from './context.js';
import { newRowId } from './ids.js';

/** An audit event as a use case states it; the id and (unless given) the time are filled in. */
export type AuditEvent = Omit<AuditRecord, 'id' | 'at' | 'domainId' | 'challengeId'> & {
  readonly domainId?: string | null;
  readonly challengeId?: string | null;
  readonly at?: Date;
};

/** Appends one audit event in the caller's transaction: it commits exactly with the change. */
export function appendAudit(ctx: Context, tx: StorageTx, event: AuditEvent): Promise<void> {
  return tx.audit.append({
    ...event,
    id: newRowId(ctx),
    domainId: event.domainId ?? null,
    challengeId: event.challengeId ?? null,
    at: event.at ?? ctx.clock.now(),
  });
}
