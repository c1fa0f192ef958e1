import type { DomainEvent } from '../events/catalog.js';

/**
 * Where domain events go (DESIGN §8, issue #14 §4): a webhook endpoint, a queue, a test's list.
 * The core calls it only when delivering the event outbox, never in the middle of a state
 * change, and may call it again with the same event (at least once): a sink should let the
 * receiver deduplicate by `event.id`.
 *
 * Rules every implementation keeps:
 * - The promise never rejects; every failure is an `EventDeliveryFailure`.
 * - `ok: true` means the receiver accepted the event.
 * - `transient: true` means "try again later" (5xx, timeout, connection refused or reset);
 *   `transient: false` means this event will never be accepted as it is (4xx, malformed event).
 * - `gone: true` (always with `transient: false`) means the endpoint says it no longer exists
 *   (HTTP 410): nothing sent to it will be accepted, so the outbox can stop sending there.
 */
export interface EventSink {
  /** Delivers one event; resolves (never rejects) with the outcome, under the rules above. */
  deliver(event: DomainEvent): Promise<EventDeliveryResult>;
}

/**
 * An event not accepted: `transient` (try again later) or not (this event never will be), with a
 * `detail` for the operator. `readDeliveryAnswer` reads any answer into this shape, defensively.
 */
export interface EventDeliveryFailure {
  readonly ok: false;
  readonly transient: boolean;
  readonly detail: string;
  /** The endpoint is gone for good (HTTP 410); implies `transient: false`. */
  readonly gone?: boolean;
  /** The HTTP status (or similar protocol code) when there was one. */
  readonly status?: number;
  /** The receiver asked to wait this long before the next attempt (HTTP `Retry-After`). */
  readonly retryAfterSeconds?: number;
}

/** What `EventSink.deliver` resolves with: `ok: true` (accepted) or an `EventDeliveryFailure`. */
export type EventDeliveryResult = { readonly ok: true } | EventDeliveryFailure;

/** Longest `detail` kept from a sink's answer. */
export const MAX_DELIVERY_DETAIL_LENGTH = 1000;

/** Longest wait a receiver's `Retry-After` can impose on the outbox (one day). */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

const read = (answer: unknown, key: string): unknown => {
  try {
    return (answer as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
};

/** At most the bounded length, never ending in half a surrogate pair. */
const cut = (text: string): string => {
  const head = text.slice(0, MAX_DELIVERY_DETAIL_LENGTH);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
};

/**
 * Reads a sink's answer the way the outbox must: only an exact `ok: true` counts as delivered;
 * anything else that is not a well-formed failure (undefined, a string, an object with no
 * `ok`, a getter that throws) is a transient failure, so a broken sink delays events and never
 * loses them. A failure is permanent only when it says `transient: false` itself; `gone` only
 * when it says `gone: true`. The detail is cut to a bounded length (the caller still makes it
 * storable); a status is kept only when it is a whole number from 100 to 599, and a
 * `retryAfterSeconds` only on a transient failure, as a whole number, capped at one day.
 */
export function readDeliveryAnswer(answer: unknown): EventDeliveryResult {
  const ok = read(answer, 'ok');
  if (ok === true) return { ok: true };
  if (ok !== false) {
    const what = answer === null ? 'null' : typeof answer;
    return { ok: false, transient: true, detail: `event sink gave no usable answer (${what})` };
  }
  const rawDetail = read(answer, 'detail');
  const detail = typeof rawDetail === 'string' ? cut(rawDetail) : '';
  const status = read(answer, 'status');
  const withStatus =
    typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
      ? { status }
      : {};
  if (read(answer, 'gone') === true) {
    return { ok: false, transient: false, gone: true, detail, ...withStatus };
  }
  if (read(answer, 'transient') === false)
    return { ok: false, transient: false, detail, ...withStatus };
  const wait = read(answer, 'retryAfterSeconds');
  const withWait =
    typeof wait === 'number' && Number.isInteger(wait) && wait >= 0
      ? { retryAfterSeconds: Math.min(wait, MAX_RETRY_AFTER_SECONDS) }
      : {};
  return { ok: false, transient: true, detail, ...withStatus, ...withWait };
}
