// `ORDER BY … LIMIT n` for the memory storage: the first rows by an order, kept in a bounded
// heap while candidates are offered one by one.

/**
 * The `limit` first rows by `order` among those offered, in that order: what `ORDER BY … LIMIT
 * n` reads. A bounded max-heap, so picking n rows among many due ones costs about one comparison
 * per candidate rather than a sort of all of them (a sweep claims a small chunk at a time from
 * what may be a large backlog). `order` must be total (every comparator here ends with the
 * insertion order).
 */
export class FirstRows<T> {
  private readonly heap: T[] = []; // heap[0] is the last of the rows kept so far
  private readonly limit: number;
  constructor(
    private readonly order: (a: T, b: T) => number,
    limit: number,
  ) {
    // As SQL's LIMIT takes it: a whole number, nothing for zero, a negative or NaN.
    this.limit = Math.max(0, Math.floor(limit)) || 0;
  }

  /** Whether `limit` rows are kept: a later row must beat one of them to get in. */
  get full(): boolean {
    return this.heap.length >= this.limit;
  }

  offer(row: T): void {
    const heap = this.heap;
    if (this.limit <= 0) return;
    if (heap.length < this.limit) {
      heap.push(row);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!this.above(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
    } else if (this.order(row, heap[0] as T) < 0) {
      heap[0] = row;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let top = i;
        if (l < heap.length && this.above(l, top)) top = l;
        if (r < heap.length && this.above(r, top)) top = r;
        if (top === i) break;
        this.swap(i, top);
        i = top;
      }
    }
  }

  /** The rows kept, first first. */
  sorted(): T[] {
    return this.heap.sort(this.order);
  }

  private above(i: number, j: number): boolean {
    return this.order(this.heap[i] as T, this.heap[j] as T) > 0;
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i] as T;
    this.heap[i] = this.heap[j] as T;
    this.heap[j] = t;
  }
}

/** The `limit` first rows of `candidates` by `order` that `keep` accepts (see FirstRows). */
export function firstRows<T>(
  candidates: Iterable<T>,
  keep: (row: T) => boolean,
  order: (a: T, b: T) => number,
  limit: number,
): T[] {
  const first = new FirstRows(order, limit);
  for (const row of candidates) if (keep(row)) first.offer(row);
  return first.sorted();
}
