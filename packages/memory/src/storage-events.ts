// The memory event outbox. Rows live in a `Table`, so every write is in the open transaction's
// undo log and a rollback takes it back, as for every other table. Only the lowest-sequence
// pending event of a subject (its head) can be leased, so one subject's events go out in order.
import type { EventOutboxRecord, StorageTx } from '@apexproof/core';
import type { Table } from './table.js';
import { compareAndSet, conflict, copies, lease } from './table-writes.js';

const bySequence = (a: EventOutboxRecord, b: EventOutboxRecord) => a.sequence - b.sequence;

/** The head of every subject's pending queue (the `pendingSubject` index). */
function heads(table: Table<EventOutboxRecord>): EventOutboxRecord[] {
  const found: EventOutboxRecord[] = [];
  for (const subject of table.keys('pendingSubject')) {
    let head: EventOutboxRecord | undefined;
    for (const e of table.lookup('pendingSubject', subject))
      if (head === undefined || e.sequence < head.sequence) head = e;
    if (head) found.push(head);
  }
  return found;
}

export function eventsRepository(table: Table<EventOutboxRecord>): StorageTx['events'] {
  // The last sequence handed out. Like PostgreSQL's identity column it is not taken back by a
  // rollback: sequences may have gaps, but they only ever increase.
  let last = 0;
  return {
    append: async (row) => {
      if (table.has(row.id)) conflict(`event ${row.id} exists`);
      last += 1;
      table.put(row.id, { ...row, sequence: last });
    },
    get: async (id) => table.get(id),
    claim: async (options) =>
      lease(
        table,
        heads(table),
        (e) => e.nextAttemptAt <= options.now,
        (a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || bySequence(a, b),
        options,
      ),
    // The storage assigned the sequence; an update never changes it (SQL never writes it).
    update: async (next, expected) => {
      const stored = table.peek(next.id);
      if (!stored) return false;
      return compareAndSet(table, { ...next, sequence: stored.sequence }, expected);
    },
    listBySubject: async (subject) => copies(table.lookup('subject', subject).sort(bySequence)),
  };
}
