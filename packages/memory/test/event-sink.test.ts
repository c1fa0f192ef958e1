import { eventSinkContract, sampleEvents } from '@apexproof/testkit';
import { describe, expect, it } from 'vitest';
import { createMemoryEventSink, EVENT_FAULTS } from '../src/event-sink.js';

const shared = createMemoryEventSink();

eventSinkContract({
  name: 'memory',
  create: () => shared,
  inbox: {
    received: async () => shared.delivered.map(({ event }) => ({ id: event.id, event })),
    reset: () => shared.clear(),
  },
  faults: {
    transient: () => shared.failWith(EVENT_FAULTS.transient),
    permanent: () => shared.failWith(EVENT_FAULTS.permanent),
    gone: () => shared.failWith(EVENT_FAULTS.gone),
    heal: () => shared.heal(),
  },
});

const [first, second] = sampleEvents();
if (!first || !second) throw new Error('sampleEvents gave too few events');

describe('createMemoryEventSink', () => {
  it('numbers deliveries in order, replays included', async () => {
    const sink = createMemoryEventSink();
    await sink.deliver(first);
    await sink.deliver(second);
    await sink.deliver(first);
    expect(sink.delivered.map((d) => [d.seq, d.event.id])).toEqual([
      [1, first.id],
      [2, second.id],
      [3, first.id],
    ]);
  });

  it('fails exactly the next n deliveries, then delivers', async () => {
    const sink = createMemoryEventSink();
    sink.failNext(2, EVENT_FAULTS.transient);
    expect(await sink.deliver(first)).toEqual({ ok: false, ...EVENT_FAULTS.transient });
    expect(await sink.deliver(first)).toMatchObject({ ok: false, transient: true });
    expect(await sink.deliver(first)).toEqual({ ok: true });
    expect(sink.delivered).toHaveLength(1);
  });

  it('keeps failing with a standing fault until healed, recording nothing', async () => {
    const sink = createMemoryEventSink();
    sink.failWith(EVENT_FAULTS.gone);
    for (let i = 0; i < 3; i += 1) {
      expect(await sink.deliver(first)).toEqual({ ok: false, ...EVENT_FAULTS.gone });
    }
    expect(sink.delivered).toHaveLength(0);
    sink.heal();
    expect(await sink.deliver(first)).toEqual({ ok: true });
  });

  it('a gone fault is always permanent, whatever the test wrote', async () => {
    const sink = createMemoryEventSink();
    sink.failNext(1, { transient: true, gone: true, detail: 'gone' });
    expect(await sink.deliver(first)).toEqual({
      ok: false,
      transient: false,
      gone: true,
      detail: 'gone',
    });
  });

  it('keeps a copy: changing the delivered object afterwards changes nothing', async () => {
    const sink = createMemoryEventSink();
    const mutable = structuredClone(first) as { subject: string };
    await sink.deliver(mutable as unknown as typeof first);
    mutable.subject = 'evil.example';
    expect(sink.delivered[0]?.event).toEqual(first);
  });

  it('clear forgets deliveries but keeps a standing fault; failNext(0) is no fault', async () => {
    const sink = createMemoryEventSink();
    await sink.deliver(first);
    sink.failWith(EVENT_FAULTS.permanent);
    sink.clear();
    expect(sink.delivered).toHaveLength(0);
    expect(await sink.deliver(first)).toMatchObject({ ok: false, transient: false });
    sink.heal();
    sink.failNext(0, EVENT_FAULTS.transient);
    expect(await sink.deliver(first)).toEqual({ ok: true });
  });
});
