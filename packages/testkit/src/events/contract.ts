// The contract every `EventSink` adapter passes (DESIGN §8, issue #14 §4). It talks to the
// sink only through the port, and checks what the receiver really accepted through `inbox`.
import {
  type DomainEvent,
  EVENT_TYPES,
  type EventDeliveryResult,
  type EventSink,
  readDeliveryAnswer,
} from '@apexproof/core';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { domainEventArb } from './arbitraries.js';

export * from './arbitraries.js';

/** One event as the receiver accepted it. */
export interface ReceivedEvent {
  /** The id the receiver saw it under (the `webhook-id`, or the event's own id). */
  readonly id: string;
  /** The event as the receiver decoded it. */
  readonly event: DomainEvent;
}

/** Direct access to what the receiver behind the sink accepted, bypassing the adapter. */
export interface EventInbox {
  /** Every accepted delivery since the last `reset()`, oldest first (replays included). */
  received(): Promise<readonly ReceivedEvent[]>;
  /** Forgets everything received; runs before each case. */
  reset(): Promise<void> | void;
}

/** Optional fault hooks: make the receiver refuse events until `heal()`. */
export interface EventSinkFaults {
  /** The receiver fails for now (HTTP 5xx or equivalent). */
  transient(): Promise<void> | void;
  /** The receiver refuses these events for good (HTTP 4xx other than 410). */
  permanent(): Promise<void> | void;
  /** The endpoint no longer exists (HTTP 410). */
  gone(): Promise<void> | void;
  /** The receiver accepts events again; runs before each case and after the suite. */
  heal(): Promise<void> | void;
}

/**
 * How `eventSinkContract` reaches the sink under test and the receiver behind it (`inbox`). Without
 * `faults` the fault cases (transient, permanent, gone) do not run.
 */
export interface EventSinkContractOptions {
  /** Suite name, e.g. 'webhooks (Standard Webhooks over fetch)'. */
  readonly name: string;
  /** Called once per suite; the same sink serves every case, faults included. */
  readonly create: () => EventSink | Promise<EventSink>;
  /** Releases what `create` opened; runs once after the suite. */
  readonly dispose?: (sink: EventSink) => Promise<void> | void;
  readonly inbox: EventInbox;
  readonly faults?: EventSinkFaults;
  /** A reason to skip the whole suite, or false. */
  readonly skip?: string | false;
  /** Runs of the round-trip property (default 25). */
  readonly propertyRuns?: number;
}

/** One event of each type of the catalog, in catalog order. */
export function sampleEvents(): DomainEvent[] {
  const events = fc.sample(domainEventArb, { numRuns: 400, seed: 14 });
  return EVENT_TYPES.map((type, i) => {
    const found = events.find((e) => e.type === type) as DomainEvent;
    return { ...found, id: `evt_sample_${i}` };
  });
}

async function settle(promise: Promise<EventDeliveryResult>): Promise<EventDeliveryResult> {
  const outcome = await promise.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).not.toHaveProperty('error');
  const { result } = outcome as { result: EventDeliveryResult };
  // Whatever it answers is already well formed: reading it defensively changes nothing.
  expect(readDeliveryAnswer(result)).toEqual(result);
  return result;
}

/** Registers the event sink contract suite for one adapter configuration. */
export function eventSinkContract(options: EventSinkContractOptions): void {
  const { inbox, faults } = options;
  const suite = options.skip ? describe.skip : describe;
  const title = options.skip ? `${options.name} (skipped: ${options.skip})` : options.name;

  // Adapters talk to real receivers: generous per-test limits for loaded machines.
  suite(`EventSink contract: ${title}`, { timeout: 60_000 }, () => {
    let sink: EventSink;

    beforeAll(async () => {
      sink = await options.create();
    }, 60_000);
    afterAll(async () => {
      if (faults) await faults.heal();
      if (sink && options.dispose) await options.dispose(sink);
    }, 60_000);
    beforeEach(async () => {
      if (faults) await faults.heal();
      await inbox.reset();
    });

    it('delivers each type of the catalog once, intact, under its own id', async () => {
      const events = sampleEvents();
      for (const event of events) expect(await settle(sink.deliver(event))).toEqual({ ok: true });
      const received = await inbox.received();
      expect(received.map((r) => r.id)).toEqual(events.map((e) => e.id));
      expect(received.map((r) => r.event)).toEqual(events);
    });

    it('round-trips any event', async () => {
      await fc.assert(
        fc.asyncProperty(domainEventArb, async (event) => {
          await inbox.reset();
          expect(await settle(sink.deliver(event))).toEqual({ ok: true });
          expect(await inbox.received()).toEqual([{ id: event.id, event }]);
        }),
        { numRuns: options.propertyRuns ?? 25 },
      );
    }, 60_000);

    it('delivers a replay under the same id, so receivers can deduplicate', async () => {
      const [event] = sampleEvents() as [DomainEvent];
      expect(await settle(sink.deliver(event))).toEqual({ ok: true });
      expect(await settle(sink.deliver(event))).toEqual({ ok: true });
      expect(await inbox.received()).toEqual([
        { id: event.id, event },
        { id: event.id, event },
      ]);
    });

    it('refuses what is not an event for good, delivers nothing and never rejects', async () => {
      const [good] = sampleEvents() as [DomainEvent];
      const junk: unknown[] = [
        null,
        undefined,
        {},
        'domain.verified',
        { ...good, id: '' },
        { ...good, id: 'evt\r\nx-injected: 1' },
        { ...good, type: 'domain.hijacked' },
        { ...good, subject: 'Not A Host' },
        { ...good, timestamp: 'yesterday' },
        { ...good, data: null },
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('hostile getter');
            },
          },
        ),
      ];
      for (const value of junk) {
        const result = await settle(sink.deliver(value as DomainEvent));
        expect(result).toMatchObject({ ok: false, transient: false });
        expect(result).not.toHaveProperty('gone', true);
      }
      expect(await inbox.received()).toHaveLength(0);
    });

    describe.skipIf(!faults)('faults', () => {
      const event = () => sampleEvents()[0] as DomainEvent;

      it('reports a passing failure as transient and records nothing', async () => {
        await faults?.transient();
        const result = await settle(sink.deliver(event()));
        expect(result).toMatchObject({ ok: false, transient: true });
        expect(result).not.toHaveProperty('gone', true);
        expect(await inbox.received()).toHaveLength(0);
      });

      it('reports a refusal as permanent, not gone, and records nothing', async () => {
        await faults?.permanent();
        const result = await settle(sink.deliver(event()));
        expect(result).toMatchObject({ ok: false, transient: false });
        expect(result).not.toHaveProperty('gone', true);
        expect(await inbox.received()).toHaveLength(0);
      });

      it('reports a gone endpoint as permanent and gone', async () => {
        await faults?.gone();
        const result = await settle(sink.deliver(event()));
        expect(result).toMatchObject({ ok: false, transient: false, gone: true });
        expect(await inbox.received()).toHaveLength(0);
      });

      it('delivers again once the receiver heals', async () => {
        await faults?.transient();
        expect(await settle(sink.deliver(event()))).toMatchObject({ ok: false, transient: true });
        await faults?.heal();
        expect(await settle(sink.deliver(event()))).toEqual({ ok: true });
        expect(await inbox.received()).toEqual([{ id: event().id, event: event() }]);
      });
    });
  });
}
