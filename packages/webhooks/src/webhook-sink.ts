// The EventSink over Standard Webhooks: each event is POSTed as its versioned JSON encoding,
// signed by the `standardwebhooks` library over `id.timestamp.body`. The webhook-id is the
// event's own id, so every retry of one event carries the same id and receivers can
// deduplicate; the timestamp is the attempt's, as the spec asks (it guards against replays).
import {
  checkEvent,
  type DomainEvent,
  type EventDeliveryResult,
  type EventSink,
  encodeEvent,
} from '@apexproof/core';
import { post } from './http.js';
import { resolveOptions, type SinkConfig, type WebhookSinkOptions } from './options.js';

/**
 * An `EventSink` that POSTs each event to one endpoint as Standard Webhooks (`createWebhookSink`):
 * the body is `encodeEvent`'s JSON, `webhook-id` is the event's id (the same on every retry, so the
 * receiver can deduplicate), and `webhook-signature` signs `id.timestamp.body` with each secret.
 */
export interface WebhookSink extends EventSink {
  /**
   * Why the options cannot work (no secret, an http: URL, …), or null. While it is set every
   * delivery fails as transient with this text, so events wait for the fix instead of being
   * parked; check it when the application starts.
   */
  readonly problem: string | null;
}

const USER_AGENT = 'apexproof-webhooks/0.1';

/** The wall clock, unless the configured clock gives a usable instant. */
function attemptTime(config: SinkConfig): Date {
  try {
    const at = config.now();
    if (at instanceof Date && Number.isFinite(at.getTime())) return at;
  } catch {
    // a broken clock must not stop delivery; the system time is the honest fallback
  }
  return new Date();
}

async function send(config: SinkConfig, event: unknown): Promise<EventDeliveryResult> {
  const checked = checkEvent(event);
  if (!checked.ok)
    return { ok: false, transient: false, detail: `not an event: ${checked.reason}` };
  const body = encodeEvent(checked.event);
  const id = checked.event.id;
  const at = attemptTime(config);
  return post({
    url: config.url,
    headers: {
      'user-agent': USER_AGENT,
      ...config.headers,
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': config.sign(id, at, body),
    },
    body,
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
    now: at,
  });
}

/**
 * An `EventSink` that delivers to one webhook endpoint. Never throws, and its `deliver` never
 * rejects: 2xx → delivered; 410 → gone; other 4xx (but 408, 425, 429) → permanent; anything
 * else, timeouts and connection errors → transient.
 */
export function createWebhookSink(options: WebhookSinkOptions): WebhookSink {
  const config = resolveOptions(options);
  const problem = config.ok ? null : config.problem;
  return {
    problem,
    async deliver(event: DomainEvent): Promise<EventDeliveryResult> {
      if (!config.ok) {
        return { ok: false, transient: true, detail: `invalid webhook sink options: ${problem}` };
      }
      try {
        return await send(config.value, event);
      } catch (e) {
        const why = e instanceof Error ? e.message : typeof e;
        return { ok: false, transient: true, detail: `delivery failed unexpectedly: ${why}` };
      }
    },
  };
}
