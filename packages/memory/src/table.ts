// One table of the memory storage: rows by id, secondary indexes kept in step with every
// write, and an undo log so a transaction costs what it touches rather than a copy of all rows.
// Rows are stored and handed out as copies: a caller mutating an object never changes the store.
import { FirstRows } from './first-rows.js';

/**
 * A deep copy of a record: plain objects, arrays, Dates and primitives, which is all a record
 * holds (JSON details included). Several times cheaper than structuredClone, which a sweep
 * pays a few times per domain. An own `__proto__` key (JSON.parse makes them) stays a key.
 */
export function copy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copy) as T;
  // A spread copies the own enumerable properties (an own `__proto__` key stays a key) without
  // listing them first; only the nested objects (Dates, details) then need copies of their own.
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key in out) {
    if (!Object.hasOwn(out, key)) continue; // an enumerable key someone put on Object.prototype
    const item = out[key];
    if (item !== null && typeof item === 'object') out[key] = copy(item);
  }
  return out as T;
}

/**
 * Where a row goes in an index; `null` keeps it out (a partial index). A number (a minute) is
 * its own key: no string is made for it on every write.
 */
export type IndexKey<T> = (row: T) => string | number | null;

/**
 * An index whose rows are read in `time`, then insertion, order (`firstAt`): each bucket
 * remembers whether its rows entered it in that order, as they do when rows are due one after
 * another. Such a bucket is read only as far as a claim needs; any other is read whole.
 */
export interface OrderedIndex<T> {
  readonly key: IndexKey<T>;
  readonly time: (row: T) => number;
}

/** The last row that entered an ordered bucket, and whether every row entered in order. */
interface BucketOrder {
  time: number;
  seq: number;
  sorted: boolean;
}

interface Index<T> {
  readonly key: IndexKey<T>;
  readonly map: Map<string | number, Set<string>>;
  readonly time?: (row: T) => number;
  readonly order?: Map<string | number, BucketOrder>;
}

/** Writes made by the open transaction, newest last: (table, id, row and seq before). */
export type UndoLog = {
  table: Table<{ id: string }>;
  id: string;
  before: unknown;
  seq: number | undefined;
}[];

export class Table<T extends { id: string }> {
  private readonly rows = new Map<string, T>();
  /** Insertion order, as SQL's `seq` column: ties in time-ordered lists keep it. */
  private readonly seqs = new Map<string, number>();
  private nextSeq = 0;
  private readonly indexes = new Map<string, Index<T>>();
  /** The log of the open transaction, if one is open. */
  log: UndoLog | null = null;

  constructor(indexes: Record<string, IndexKey<T> | OrderedIndex<T>> = {}) {
    for (const [name, spec] of Object.entries(indexes))
      this.indexes.set(
        name,
        typeof spec === 'function'
          ? { key: spec, map: new Map() }
          : { key: spec.key, map: new Map(), time: spec.time, order: new Map() },
      );
  }

  get size(): number {
    return this.rows.size;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  /** The stored row itself (never hand it out: copy it). */
  peek(id: string): T | undefined {
    return this.rows.get(id);
  }

  get(id: string): T | null {
    const row = this.rows.get(id);
    return row === undefined ? null : copy(row);
  }

  /** Stored rows whose index `name` key is `key` (not copies). */
  lookup(name: string, key: string | number): T[] {
    const ids = this.indexes.get(name)?.map.get(key);
    if (!ids) return [];
    return [...ids].map((id) => this.rows.get(id) as T);
  }

  /** Calls `fn` with each stored row (not a copy) whose index `name` key is `key`. */
  eachAt(name: string, key: string | number, fn: (row: T) => void): void {
    const ids = this.indexes.get(name)?.map.get(key);
    if (ids) for (const id of ids) fn(this.rows.get(id) as T);
  }

  /**
   * Up to `want` stored rows (not copies) of bucket `key` of ordered index `name` that `keep`
   * accepts, first first: by the index's time, then insertion order. A bucket whose rows
   * entered in that order stops at the `want`-th row; another is read whole.
   */
  firstAt(name: string, key: string | number, keep: (row: T) => boolean, want: number): T[] {
    const index = this.indexes.get(name);
    const ids = index?.map.get(key);
    const time = index?.time;
    if (!ids || !time || want <= 0) return [];
    const rows: T[] = [];
    if (index.order?.get(key)?.sorted) {
      for (const id of ids) {
        const row = this.rows.get(id) as T;
        if (keep(row) && rows.push(row) >= want) break;
      }
      return rows;
    }
    const first = new FirstRows<T>((a, b) => time(a) - time(b) || this.bySeq(a, b), want);
    for (const id of ids) {
      const row = this.rows.get(id) as T;
      if (keep(row)) first.offer(row);
    }
    return first.sorted();
  }

  /** The keys index `name` holds now, in no particular order. */
  keys(name: string): (string | number)[] {
    return [...(this.indexes.get(name)?.map.keys() ?? [])];
  }

  /** Every stored row (not copies). */
  all(): IterableIterator<T> {
    return this.rows.values();
  }

  /** Compares rows by insertion order: the tie-breaker of every time-ordered list. */
  readonly bySeq = (a: T, b: T): number => (this.seqs.get(a.id) ?? 0) - (this.seqs.get(b.id) ?? 0);

  /** Copies of every row in insertion order (for inspection). */
  ordered(): T[] {
    return [...this.rows.values()].sort(this.bySeq).map(copy);
  }

  /** Writes (or, with `undefined`, deletes) a row, logging what it replaced. */
  put(id: string, row: T | undefined): void {
    this.store(id, row === undefined ? undefined : copy(row));
  }

  /**
   * `put` without the copy, for a row the storage built itself from a stored row (a lease):
   * nobody outside holds it, and the objects it shares with the stored row (Dates, details)
   * are never changed in place, since rows only ever leave the table as copies.
   */
  adopt(id: string, row: T): void {
    this.store(id, row);
  }

  /** Puts back a row as it was before a write (rollback); never logged. */
  restore(id: string, before: unknown, seq: number | undefined): void {
    if (seq === undefined) this.seqs.delete(id);
    else this.seqs.set(id, seq);
    this.write(id, this.rows.get(id), before as T | undefined);
  }

  clear(): void {
    this.rows.clear();
    this.seqs.clear();
    for (const { map, order } of this.indexes.values()) {
      map.clear();
      order?.clear();
    }
  }

  private store(id: string, row: T | undefined): void {
    const before = this.rows.get(id);
    const seq = this.seqs.get(id);
    this.log?.push({ table: this as unknown as Table<{ id: string }>, id, before, seq });
    if (row !== undefined && seq === undefined) this.seqs.set(id, this.nextSeq++);
    if (row === undefined) this.seqs.delete(id);
    this.write(id, before, row);
  }

  private write(id: string, before: T | undefined, after: T | undefined): void {
    for (const index of this.indexes.values()) {
      const { key, map } = index;
      const old = before === undefined ? null : key(before);
      const next = after === undefined ? null : key(after);
      // A row that moves in time within its ordered bucket leaves it and enters again.
      const moved =
        index.time !== undefined &&
        old !== null &&
        before !== undefined &&
        after !== undefined &&
        index.time(before) !== index.time(after);
      if (old === next && !moved) continue;
      if (old !== null) {
        const set = map.get(old);
        set?.delete(id);
        if (set?.size === 0) {
          map.delete(old);
          index.order?.delete(old);
        }
      }
      if (next !== null && after !== undefined) {
        let set = map.get(next);
        if (!set) {
          set = new Set();
          map.set(next, set);
        }
        set.add(id);
        if (index.time) this.entered(index, next, index.time(after), this.seqs.get(id) ?? 0);
      }
    }
    if (after === undefined) this.rows.delete(id);
    else this.rows.set(id, after);
  }

  /** Keeps an ordered bucket's memory of whether its rows entered in order. */
  private entered(index: Index<T>, key: string | number, time: number, seq: number): void {
    const last = index.order?.get(key);
    if (last === undefined) {
      index.order?.set(key, { time, seq, sorted: true });
      return;
    }
    if (time < last.time || (time === last.time && seq < last.seq)) last.sorted = false;
    last.time = time;
    last.seq = seq;
  }
}
