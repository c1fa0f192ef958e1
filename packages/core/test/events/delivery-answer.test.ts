// readDeliveryAnswer: how the outbox reads what an EventSink answered. Only an exact `ok: true`
// is a delivery; anything unreadable is a transient failure, so a broken sink never loses events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_DELIVERY_DETAIL_LENGTH,
  MAX_RETRY_AFTER_SECONDS,
  readDeliveryAnswer,
} from '../../src/index.js';

const transient = { ok: false, transient: true };

describe('readDeliveryAnswer', () => {
  it('takes ok: true as delivered, dropping anything else the sink added', () => {
    expect(readDeliveryAnswer({ ok: true, extra: 'x' })).toEqual({ ok: true });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ok'],
    ['true', true],
    ['an empty object', {}],
    ['ok: "true"', { ok: 'true' }],
    ['ok: 1', { ok: 1 }],
    ['an array', [true]],
  ])('reads %s as a transient failure, never as delivered', (_label, answer) => {
    expect(readDeliveryAnswer(answer)).toMatchObject(transient);
  });

  it('reads a failure without transient: false as transient', () => {
    expect(readDeliveryAnswer({ ok: false })).toEqual({ ...transient, detail: '' });
    expect(readDeliveryAnswer({ ok: false, transient: 'no' })).toMatchObject(transient);
    expect(readDeliveryAnswer({ ok: false, transient: 0 })).toMatchObject(transient);
  });

  it('keeps a permanent failure permanent, with its detail and status', () => {
    expect(
      readDeliveryAnswer({ ok: false, transient: false, detail: 'HTTP 400', status: 400 }),
    ).toEqual({ ok: false, transient: false, detail: 'HTTP 400', status: 400 });
  });

  it('a gone endpoint is permanent even when the sink also says transient', () => {
    expect(
      readDeliveryAnswer({ ok: false, transient: true, gone: true, detail: 'HTTP 410' }),
    ).toEqual({
      ok: false,
      transient: false,
      gone: true,
      detail: 'HTTP 410',
    });
    expect(readDeliveryAnswer({ ok: false, transient: true, gone: 'yes' })).not.toHaveProperty(
      'gone',
    );
  });

  it('drops a status that is not an HTTP-like code, and a detail that is not text', () => {
    for (const status of [99, 600, 404.5, '404', Number.NaN, -1]) {
      expect(readDeliveryAnswer({ ok: false, status })).not.toHaveProperty('status');
    }
    expect(readDeliveryAnswer({ ok: false, detail: { toString: () => 'x' } })).toMatchObject({
      detail: '',
    });
  });

  it('keeps a Retry-After wait on transient failures only, capped at one day', () => {
    expect(readDeliveryAnswer({ ok: false, detail: 'HTTP 429', retryAfterSeconds: 30 })).toEqual({
      ...transient,
      detail: 'HTTP 429',
      retryAfterSeconds: 30,
    });
    expect(readDeliveryAnswer({ ok: false, retryAfterSeconds: 1e12 })).toMatchObject({
      retryAfterSeconds: MAX_RETRY_AFTER_SECONDS,
    });
    for (const wait of [-1, 1.5, '30', Number.POSITIVE_INFINITY]) {
      expect(readDeliveryAnswer({ ok: false, retryAfterSeconds: wait })).not.toHaveProperty(
        'retryAfterSeconds',
      );
    }
    const permanent = { ok: false, transient: false, detail: '', retryAfterSeconds: 30 };
    expect(readDeliveryAnswer(permanent)).not.toHaveProperty('retryAfterSeconds');
  });

  it('cuts a long detail to the bound without splitting a surrogate pair', () => {
    const detail = `${'a'.repeat(MAX_DELIVERY_DETAIL_LENGTH - 1)}😀${'b'.repeat(1 << 20)}`;
    const read = readDeliveryAnswer({ ok: false, detail });
    expect(read).toMatchObject({ detail: 'a'.repeat(MAX_DELIVERY_DETAIL_LENGTH - 1) });
  });

  it('reads an answer whose getters throw as a transient failure', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('getter');
        },
      },
    );
    expect(readDeliveryAnswer(hostile)).toMatchObject(transient);
    const half = {
      ok: false,
      get detail(): string {
        throw new Error('detail');
      },
    };
    expect(readDeliveryAnswer(half)).toEqual({ ...transient, detail: '' });
  });

  it('never throws, and is delivered only when the answer said ok: true', () => {
    fc.assert(
      fc.property(fc.anything(), (answer) => {
        const read = readDeliveryAnswer(answer);
        const saidOk =
          typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === true;
        expect(read.ok).toBe(saidOk);
        if (!read.ok) expect(typeof read.detail).toBe('string');
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});
