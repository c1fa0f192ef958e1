import {
  checkEvent,
  type DomainEvent,
  type EventDeliveryFailure,
  type EventDeliveryResult,
  type EventSink,
} from '@apexproof/core';
import { createFaultSchedule, type FaultControls } from './faults.js';

/** An event the memory sink accepted, numbered in the order it arrived (from 1). */
export interface DeliveredEvent {
  readonly seq: number;
  /** A copy taken on delivery: later changes to the caller's object do not show here. */
  readonly event: DomainEvent;
}

/** How the sink should fail: the `EventDeliveryFailure` fields without `ok`. */
export interface EventFault {
  readonly transient: boolean;
  readonly detail: string;
  readonly gone?: boolean;
  readonly status?: number;
}

/** Ready-made faults shaped like what the webhook sink reports for the same trouble. */
export const EVENT_FAULTS = {
  transient: { transient: true, detail: 'HTTP 503 Service Unavailable', status: 503 },
  permanent: { transient: false, detail: 'HTTP 400 Bad Request', status: 400 },
  gone: { transient: false, gone: true, detail: 'HTTP 410 Gone', status: 410 },
} as const satisfies Record<string, EventFault>;

/**
 * The in-memory `EventSink` (`createMemoryEventSink`): records what it accepted, refuses for good
 * anything `checkEvent` refuses, and fails on demand (`failNext`, `failWith`, `heal`; ready-made
 * faults in `EVENT_FAULTS`).
 */
export interface MemoryEventSink extends EventSink, FaultControls<EventFault> {
  /** Every accepted delivery, oldest first; a replayed event appears once per delivery. */
  readonly delivered: readonly DeliveredEvent[];
  /** Forgets what was delivered (faults stay as they are). */
  clear(): void;
}

/**
 * An in-memory `EventSink` that records what it accepted and fails when a test tells it to.
 * Like a real receiver it refuses, for good, anything that is not an event of the catalog.
 */
export function createMemoryEventSink(): MemoryEventSink {
  const delivered: DeliveredEvent[] = [];
  const faults = createFaultSchedule<EventFault>();
  let seq = 0;

  const failure = (fault: EventFault): EventDeliveryFailure =>
    fault.gone ? { ok: false, ...fault, transient: false, gone: true } : { ok: false, ...fault };

  function deliver(event: DomainEvent): EventDeliveryResult {
    const fault = faults.take();
    if (fault) return failure(fault);
    const checked = checkEvent(event);
    if (!checked.ok)
      return { ok: false, transient: false, detail: `not an event: ${checked.reason}` };
    seq += 1;
    delivered.push({ seq, event: checked.event });
    return { ok: true };
  }

  return {
    delivered,
    deliver: async (event) => deliver(event),
    failNext: faults.failNext,
    failWith: faults.failWith,
    heal: faults.heal,
    clear() {
      delivered.length = 0;
    },
  };
}
