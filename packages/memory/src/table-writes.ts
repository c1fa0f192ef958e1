// The writes and reads every memory repository shares: uniqueness and compare-and-set checked
// where SQL would check them, leases as `FOR UPDATE SKIP LOCKED` hands them out, and
// time-ordered lists whose ties keep insertion order, as SQL's `seq` column does.
import { StorageConflictError } from '@apexproof/core';
import { FirstRows, firstRows } from './first-rows.js';
import { copy, type IndexKey, type OrderedIndex, type Table } from './table.js';

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

type Leasable = { id: string; version: number; leaseUntil: Date | null };

/** Free of a lease at `now` (ms): a lease ending exactly at `now` is already free. */
const free = (row: Leasable, now: number) =>
  row.leaseUntil === null || row.leaseUntil.getTime() <= now;

/** Leases `rows` (stored rows, already chosen) until `leaseUntil`; answers copies. */
function leaseRows<T extends Leasable>(table: Table<T>, rows: readonly T[], until: Date): T[] {
  const leaseUntil = new Date(until.getTime());
  return rows.map((row) => {
    const leased = { ...row, leaseUntil, version: row.version + 1 };
    table.adopt(row.id, leased);
    return copy(leased);
  });
}

/** Leases due rows: the shared shape of outbox and event `claim`. */
export function lease<T extends Leasable>(
  table: Table<T>,
  candidates: Iterable<T>,
  isDue: (row: T) => boolean,
  order: (a: T, b: T) => number,
  options: { now: Date; limit: number; leaseUntil: Date },
): T[] {
  // Instants compared as numbers: `<=` on two Dates converts both through Symbol.toPrimitive.
  const now = options.now.getTime();
  const rows = firstRows(candidates, (row) => isDue(row) && free(row, now), order, options.limit);
  return leaseRows(table, rows, options.leaseUntil);
}

export const copies = <T>(rows: readonly T[]) => rows.map(copy);

/** A composite index key; JSON keeps any two parts apart, whatever characters they hold. */
export const key = (...parts: readonly (string | null)[]) => JSON.stringify(parts);

/** The key of a `due` index: the minute of a row's next check (a number: no string per write). */
export const minute = (at: Date | number) =>
  Math.floor((typeof at === 'number' ? at : at.getTime()) / 60_000);

/**
 * The two indexes a `claimDue` reads, by minute: `due` holds the unleased rows with a next
 * check, ordered by it; `leased` holds leased rows by the minute they become claimable (their
 * lease ended and their check due). Rows being checked are in neither place a claim reads, so a
 * claim never walks past the chunks a sweep has in flight.
 */
export function dueIndexes<T extends Leasable>(
  nextCheck: (row: T) => Date | null,
): { due: OrderedIndex<T>; leased: IndexKey<T> } {
  return {
    due: {
      key: (row) => {
        const at = nextCheck(row);
        return at === null || row.leaseUntil !== null ? null : minute(at);
      },
      time: (row) => nextCheck(row)?.getTime() ?? 0,
    },
    leased: (row) => {
      const at = nextCheck(row);
      if (at === null || row.leaseUntil === null) return null;
      return minute(Math.max(at.getTime(), row.leaseUntil.getTime()));
    },
  };
}

/** The minutes of index `name` up to the one holding `now`, earliest first. */
const minutesUpTo = <T extends { id: string }>(table: Table<T>, name: string, now: Date) => {
  const until = minute(now);
  return (table.keys(name) as number[]).filter((m) => m <= until).sort((a, b) => a - b);
};

/** Two lists sorted by `order`, merged. */
function merge<T>(a: readonly T[], b: readonly T[], order: (x: T, y: T) => number): T[] {
  const out: T[] = [];
  let [i, j] = [0, 0];
  while (i < a.length && j < b.length)
    out.push(order(a[i] as T, b[j] as T) <= 0 ? (a[i++] as T) : (b[j++] as T));
  return out.concat(a.slice(i), b.slice(j));
}

/**
 * `claimDue` over `dueIndexes`: the `limit` oldest rows (by `order`, which must be the due
 * index's: next check, then insertion) that are due and free of a lease, leased until
 * `leaseUntil`. It reads the due minutes up to `now`, earliest first, each only as far as the
 * claim needs (`Table.firstAt`), plus the rows whose lease has run out: what a SQL index on the
 * next-check column lets `claimDue` read. So a claim costs about the rows it hands out, however
 * many more are due: a sweep claims a chunk every few lookups from what may be a large backlog.
 */
export function claimDueRows<T extends Leasable>(
  table: Table<T>,
  isDue: (row: T) => boolean,
  order: (a: T, b: T) => number,
  options: { now: Date; limit: number; leaseUntil: Date },
): T[] {
  const now = options.now.getTime();
  const limit = Math.max(0, Math.floor(options.limit)) || 0;
  const keep = (row: T) => isDue(row) && free(row, now);
  // Rows whose lease ran out (a worker died mid-check): usually none.
  const expired = new FirstRows(order, limit);
  for (const m of minutesUpTo(table, 'leased', options.now))
    table.eachAt('leased', m, (row) => {
      if (keep(row)) expired.offer(row);
    });
  const due: T[] = [];
  for (const m of minutesUpTo(table, 'due', options.now)) {
    if (due.length >= limit) break;
    for (const row of table.firstAt('due', m, keep, limit - due.length)) due.push(row);
  }
  const rows = merge(expired.sorted(), due, order).slice(0, limit);
  return leaseRows(table, rows, options.leaseUntil);
}
