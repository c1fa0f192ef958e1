// Bounded concurrency for the sweeps (reverifyDue, checkPending): lookups of one call overlap,
// but never more than the host's `concurrency` at once, and rows are leased as slots free up.
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import { describeThrown } from './guards.js';

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
export async function claimingPool<T extends { readonly id: string }, R>(
  { limit, concurrency }: { limit: number; concurrency: number },
  claim: (count: number) => ResultAsync<readonly T[], ApexproofError>,
  task: (row: T) => Promise<R>,
): Promise<Result<R[], ApexproofError>> {
  const chunk = Math.max(1, Math.min(concurrency, limit));
  // Claimed rows not yet taken: an array read from `head`, compacted now and then, since
  // `shift()` on a large array copies it (a chunk may be as large as `limit`).
  const waiting: (T | undefined)[] = [];
  let head = 0;
  const queued = () => waiting.length - head;
  const take = (): T | undefined => {
    if (head >= waiting.length) return undefined;
    const row = waiting[head];
    waiting[head++] = undefined;
    if (head > 1024 && head * 2 > waiting.length) {
      waiting.splice(0, head);
      head = 0;
    }
    return row;
  };
  const done: R[] = [];
  // Every row this call took, by id: a storage that answers a row twice (or a lease that ran out
  // while its check was in flight) never gets one row checked twice by one call.
  const seen = new Set<string>();
  let asked = 0;
  let exhausted = limit <= 0;
  let failure: ApexproofError | null = null;
  let claiming: Promise<void> | null = null;

  // Workers are started as rows arrive, never more than a chunk and never more than rows: a
  // huge `concurrency` over an empty backlog costs nothing.
  const workers: Promise<void>[] = [];
  let active = 0;
  const spawn = () => {
    while (active < chunk && queued() > 0) {
      active++;
      workers.push(worker(take() as T));
    }
  };

  const refill = (): Promise<void> | null => {
    if (claiming !== null || exhausted || failure !== null) return claiming;
    const count = Math.min(chunk, limit - asked);
    asked += count;
    const answered = (claimed: Result<readonly T[], ApexproofError>) => {
      claiming = null;
      if (claimed.isErr()) {
        failure = claimed.error;
        return;
      }
      // Never more than asked for, and never a row this call already took.
      const rows = claimed.value.slice(0, count);
      for (const row of rows)
        if (!seen.has(row.id)) {
          seen.add(row.id);
          waiting.push(row);
        }
      if (rows.length < count || asked >= limit) exhausted = true;
      spawn();
    };
    // A claim that throws or rejects (a storage breaking its port) ends the claiming like one
    // that answers an error: it must never become an unhandled rejection.
    const broken = (e: unknown) => {
      claiming = null;
      failure = apexError('STORAGE_UNAVAILABLE', { detail: describeThrown(e) });
    };
    let pending: PromiseLike<Result<readonly T[], ApexproofError>>;
    try {
      pending = claim(count);
    } catch (e) {
      pending = Promise.reject(e);
    }
    claiming = Promise.resolve(pending).then(answered, broken);
    return claiming;
  };

  async function worker(first: T): Promise<void> {
    let row: T | undefined = first;
    while (row !== undefined) {
      if (queued() < chunk) refill();
      done.push(await task(row));
      row = take();
      while (row === undefined) {
        const pending = refill();
        if (pending === null) break;
        await pending;
        row = take();
      }
    }
    active--;
  }

  await refill();
  if (failure !== null) return err(failure);
  // Workers started while others ran are awaited too.
  for (let seen = 0; seen < workers.length; ) {
    const started = workers.slice(seen);
    seen = workers.length;
    await Promise.all(started);
  }
  return failure !== null ? err(failure) : ok(done);
}
