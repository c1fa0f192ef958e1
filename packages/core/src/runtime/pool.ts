// Bounded concurrency for the sweeps (reverifyDue, checkPending): lookups of one batch overlap,
// but never more than the host's `concurrency` at once.

/** Runs `task` over `items` with at most `limit` in flight; answers in the items' order. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
