// The property: whatever the receiver's failures (5xx, 429, hangs, resets, answers that
// arrive after the sender gave up), a delivery loop that retries transient failures through
// this sink gets every event to the receiver at least once, in order per domain, with a valid
// signature, and every replay carries the same webhook-id. The loop lives here, test-side: the
// outbox and `deliverEvents` that will run it in the core arrive with the rest of issue #14.
import { type DomainEvent, decodeEvent, readDeliveryAnswer } from '@apexproof/core';
import { eventStreamArb } from '@apexproof/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSink, generateWebhookSecret, type WebhookSink } from '../src/index.js';
import { type Behaviour, type Receiver, startReceiver } from './support/receiver.js';

const secret = generateWebhookSecret();
// Short enough to keep runs quick; a request slowed past it by load is just one more retry.
const TIMEOUT_MS = 1000;
let receiver: Receiver;
let sink: WebhookSink;

beforeAll(async () => {
  receiver = await startReceiver([secret]);
  sink = createWebhookSink({ url: receiver.url, secret, allowHttp: true, timeoutMs: TIMEOUT_MS });
}, 60_000);
afterAll(() => receiver?.close(), 60_000);

const behaviourArb: fc.Arbitrary<Behaviour> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'accept' as const }) },
  {
    weight: 4,
    arbitrary: fc
      .constantFrom(500, 502, 503, 504, 429, 408)
      .map((status) => ({ kind: 'status' as const, status })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'hang' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'slow-accept' as const, ms: TIMEOUT_MS + 500 }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reset' as const }) },
);

/**
 * At least once, in order per domain: each domain's oldest undelivered event is retried until
 * the sink reports it delivered, before the next one of that domain is tried; domains take turns
 * as `turns` says. Permanent failures would be parked by the outbox; here they fail the test.
 */
async function deliverAll(events: readonly DomainEvent[], turns: readonly number[]): Promise<void> {
  const queues = new Map<string, DomainEvent[]>();
  for (const e of events) queues.set(e.subject, [...(queues.get(e.subject) ?? []), e]);
  for (let turn = 0; ; turn += 1) {
    const open = [...queues.values()].filter((q) => q.length > 0);
    if (open.length === 0) return;
    if (turn > 500) throw new Error('delivery did not finish');
    const queue = open[(turns[turn % turns.length] ?? 0) % open.length] as DomainEvent[];
    const result = readDeliveryAnswer(await sink.deliver(queue[0] as DomainEvent));
    if (result.ok) queue.shift();
    else if (!result.transient) throw new Error(`permanent failure: ${result.detail}`);
  }
}

/** The ids in the order they first arrived. */
const firstArrivals = (ids: readonly string[]) => [...new Set(ids)];

describe('webhook sink under a failing receiver (property)', () => {
  it('every event arrives at least once, in order per domain, signed, under one webhook-id', async () => {
    await fc.assert(
      fc.asyncProperty(
        eventStreamArb(8),
        fc.array(behaviourArb, { maxLength: 10 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        async (events, failures, turns) => {
          receiver.reset();
          receiver.schedule(...failures);
          await deliverAll(events, turns);

          // Signed: every request that arrived verifies with the library, replays included.
          expect(receiver.attempts.every((a) => a.verified)).toBe(true);
          // One id per event: each request's webhook-id is the id of the event in its body.
          for (const attempt of receiver.attempts) {
            const decoded = decodeEvent(attempt.body);
            expect(decoded.ok && decoded.event.id).toBe(attempt.webhookId);
          }
          // At least once, intact.
          const byId = new Map(events.map((e) => [e.id, e]));
          for (const { id, event } of receiver.accepted) expect(event).toEqual(byId.get(id));
          expect(new Set(receiver.accepted.map((a) => a.id))).toEqual(new Set(byId.keys()));
          // In order per domain.
          for (const subject of new Set(events.map((e) => e.subject))) {
            const sent = events.filter((e) => e.subject === subject).map((e) => e.id);
            const arrived = receiver.accepted.filter((a) => a.event.subject === subject);
            expect(firstArrivals(arrived.map((a) => a.id))).toEqual(sent);
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 180_000);
});
