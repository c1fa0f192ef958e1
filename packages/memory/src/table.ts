// One table of the memory storage: rows by id, secondary indexes kept in step with every
// write, and an undo log so a transaction costs what it touches rather than a copy of all rows.
// Rows are stored and handed out as copies: a caller mutating an object never changes the store.

/**
 * A deep copy of a record: plain objects, arrays, Dates and primitives, which is all a record
 * holds (JSON details included). Several times cheaper than structuredClone, which a sweep
 * pays a few times per domain. An own `__proto__` key (JSON.parse makes them) stays a key.
 */
export function copy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copy) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key]);
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = item;
  }
  return out as T;
}

/** Where a row goes in an index; `null` keeps it out (a partial index). */
export type IndexKey<T> = (row: T) => string | null;

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
  private readonly indexes = new Map<string, { key: IndexKey<T>; map: Map<string, Set<string>> }>();
  /** The log of the open transaction, if one is open. */
  log: UndoLog | null = null;

  constructor(indexes: Record<string, IndexKey<T>> = {}) {
    for (const [name, key] of Object.entries(indexes))
      this.indexes.set(name, { key, map: new Map() });
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
  lookup(name: string, key: string): T[] {
    const ids = this.indexes.get(name)?.map.get(key);
    if (!ids) return [];
    return [...ids].map((id) => this.rows.get(id) as T);
  }

  /** The keys index `name` holds now, in no particular order. */
  keys(name: string): string[] {
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
    for (const { map } of this.indexes.values()) map.clear();
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
    for (const { key, map } of this.indexes.values()) {
      const old = before === undefined ? null : key(before);
      const next = after === undefined ? null : key(after);
      if (old === next) continue;
      if (old !== null) {
        const set = map.get(old);
        set?.delete(id);
        if (set?.size === 0) map.delete(old);
      }
      if (next !== null) {
        let set = map.get(next);
        if (!set) {
          set = new Set();
          map.set(next, set);
        }
        set.add(id);
      }
    }
    if (after === undefined) this.rows.delete(id);
    else this.rows.set(id, after);
  }
}
