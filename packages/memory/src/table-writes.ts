// The writes and reads every memory repository shares: uniqueness and compare-and-set checked
// where SQL would check them, leases as `FOR UPDATE SKIP LOCKED` hands them out, and
// time-ordered lists whose ties keep insertion order, as SQL's `seq` column does.
import { StorageConflictError } from '@apexproof/core';
import { copy, type Table } from './table.js';

export const byTime =
  <T>(table: Table<T & { id: string }>, time: (row: T) => Date) =>
  (a: T & { id: string }, b: T & { id: string }) =>
    time(a).getTime() - time(b).getTime() || table.bySeq(a, b);

export function conflict(what: string): never {
  throw new StorageConflictError(what);
}

export function insertUnique<T extends { id: string }>(table: Table<T>, row: T, name: string) {
  if (table.has(row.id)) conflict(`${name} ${row.id} exists`);
  table.put(row.id, row);
}

export function compareAndSet<T extends { id: string; version: number }>(
  table: Table<T>,
  next: T,
  expectedVersion: number,
): boolean {
  const stored = table.peek(next.id);
  if (!stored || stored.version !== expectedVersion) return false;
  table.put(next.id, next);
  return true;
}

/** Leases due rows: the shared shape of `claimDue` and outbox `claim`. */
export function lease<T extends { id: string; version: number; leaseUntil: Date | null }>(
  table: Table<T>,
  candidates: readonly T[],
  isDue: (row: T) => boolean,
  order: (a: T, b: T) => number,
  options: { now: Date; limit: number; leaseUntil: Date },
): T[] {
  // A claim runs while no check is in flight (the sweeps lease, then look up), so its cost
  // adds straight to a sweep's wall clock: compare instants as numbers (`<=` on two Dates
  // converts both through Symbol.toPrimitive) and copy each leased row once, not twice.
  const now = options.now.getTime();
  const free = (row: T) => row.leaseUntil === null || row.leaseUntil.getTime() <= now;
  const rows = candidates
    .filter((row) => isDue(row) && free(row))
    .sort(order)
    .slice(0, Math.max(0, options.limit));
  const leaseUntil = new Date(options.leaseUntil.getTime());
  return rows.map((row) => {
    const leased = { ...row, leaseUntil, version: row.version + 1 };
    table.adopt(row.id, leased);
    return copy(leased);
  });
}

export const copies = <T>(rows: readonly T[]) => rows.map(copy);

/** A composite index key; JSON keeps any two parts apart, whatever characters they hold. */
export const key = (...parts: readonly (string | null)[]) => JSON.stringify(parts);

/** The key of a `due` index: the minute of a row's next check. */
export const minute = (at: Date) => String(Math.floor(at.getTime() / 60_000));

/**
 * Rows of a by-minute `due` index up to `now`, earliest minutes first, until `limit` of them
 * are due and free of a lease: what a SQL index on the next-check column lets `claimDue` read,
 * instead of sorting every row that has a next check. `lease` then filters and orders them
 * exactly, with the same `isDue`.
 */
export function dueRows<T extends { id: string; leaseUntil: Date | null }>(
  table: Table<T>,
  index: string,
  isDue: (row: T) => boolean,
  options: { now: Date; limit: number },
): T[] {
  const until = Number(minute(options.now));
  const minutes = table
    .keys(index)
    .map(Number)
    .filter((m) => m <= until)
    .sort((a, b) => a - b);
  const rows: T[] = [];
  const now = options.now.getTime();
  let usable = 0;
  for (const m of minutes) {
    if (usable >= options.limit) break;
    for (const row of table.lookup(index, String(m))) {
      rows.push(row);
      if (isDue(row) && (row.leaseUntil === null || row.leaseUntil.getTime() <= now)) usable++;
    }
  }
  return rows;
}
