// Bounded concurrency for the sweeps (reverifyDue, checkPending): lookups of one call overlap,
// but never more than the host's `concurrency` at once, and rows are leased as slots free up.
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { ApexproofError } from '../errors.js';

/**
 * Claims up to `limit` rows in chunks of `concurrency` and runs `task` on each, at most
 * `concurrency` at once. The next chunk is claimed while the current lookups are in flight, as
 * soon as fewer than a chunk of rows is waiting, so:
 * - a row is leased about two lookups before it is checked, never a whole call ahead: the lease
 *   only has to outlast a few lookups, not `limit / concurrency` of them;
 * - no claim runs while nothing is in flight, except the first.
 * Stops claiming when a claim answers fewer rows than it asked for (nothing more is due). A claim
 * that fails stops the claiming; the rows already claimed are still checked, then the call answers
 * that claim's error (the first claim's error at once).
 */
export async function claimingPool<T, R>(
  { limit, concurrency }: { limit: number; concurrency: number },
  claim: (count: number) => ResultAsync<readonly T[], ApexproofError>,
  task: (row: T) => Promise<R>,
): Promise<Result<R[], ApexproofError>> {
  const chunk = Math.max(1, Math.min(concurrency, limit));
  const waiting: T[] = [];
  const done: R[] = [];
  let asked = 0;
  let exhausted = limit <= 0;
  let failure: ApexproofError | null = null;
  let claiming: Promise<void> | null = null;

  const refill = (): Promise<void> | null => {
    if (claiming !== null || exhausted || failure !== null) return claiming;
    const count = Math.min(chunk, limit - asked);
    asked += count;
    claiming = Promise.resolve(claim(count)).then(
      (claimed: Result<readonly T[], ApexproofError>) => {
        claiming = null;
        if (claimed.isErr()) {
          failure = claimed.error;
          return;
        }
        waiting.push(...claimed.value);
        if (claimed.value.length < count || asked >= limit) exhausted = true;
      },
    );
    return claiming;
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (waiting.length < chunk) refill();
      let row = waiting.shift();
      while (row === undefined) {
        const pending = refill();
        if (pending === null) return;
        await pending;
        row = waiting.shift();
      }
      done.push(await task(row));
    }
  };

  await refill();
  if (failure !== null) return err(failure);
  await Promise.all(Array.from({ length: chunk }, worker));
  return failure !== null ? err(failure) : ok(done);
}
