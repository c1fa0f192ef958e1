// How each receiver answer is reported (Standard Webhooks' status handling), against the real
// receiver: 2xx delivered; 410 gone; other 4xx permanent, but 408/425/429 transient; 3xx never
// followed; 5xx, timeouts, resets and a closed port transient; error bodies read only in part.
import { type DomainEvent, readDeliveryAnswer } from '@apexproof/core';
import { sampleEvents } from '@apexproof/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookSink, generateWebhookSecret, type WebhookSink } from '../src/index.js';
import { closedPortUrl, type Receiver, startReceiver } from './support/receiver.js';

// Real sockets on a shared, loaded machine: generous per-test limits (never a timed assertion).
const SLOW = 60_000;

const secret = generateWebhookSecret();
const [event] = sampleEvents() as [DomainEvent];
let receiver: Receiver;
let sink: WebhookSink;
// Answer tests get a generous deadline (a loaded machine must not turn a 503 into a timeout);
// only the tests about deadlines use a short one.
let quick: WebhookSink;

beforeAll(async () => {
  receiver = await startReceiver([secret]);
  sink = createWebhookSink({ url: receiver.url, secret, allowHttp: true, timeoutMs: 30_000 });
  quick = createWebhookSink({ url: receiver.url, secret, allowHttp: true, timeoutMs: 1500 });
}, 60_000);
afterAll(() => receiver?.close(), 60_000);
beforeEach(() => receiver.reset());

const answer = async (
  status: number,
  extra: { headers?: Record<string, string>; body?: string } = {},
) => {
  receiver.schedule({ kind: 'status', status, ...extra });
  const result = await sink.deliver(event);
  expect(readDeliveryAnswer(result)).toEqual(result);
  return result;
};

describe('webhook sink: answers', { timeout: SLOW }, () => {
  it.each([200, 201, 202, 204, 299])('%i is delivered', async (status) => {
    receiver.schedule({ kind: 'accept', status });
    expect(await sink.deliver(event)).toEqual({ ok: true });
    expect(receiver.accepted).toHaveLength(1);
  });

  it('410 is gone: permanent, and marked so the endpoint can be parked', async () => {
    expect(await answer(410)).toEqual({
      ok: false,
      transient: false,
      gone: true,
      status: 410,
      detail: 'HTTP 410 Gone',
    });
  });

  it.each([400, 401, 403, 404, 405, 413, 415, 422, 451])(
    '%i is permanent, not gone',
    async (status) => {
      const result = await answer(status);
      expect(result).toMatchObject({ ok: false, transient: false, status });
      expect(result).not.toHaveProperty('gone');
    },
  );

  it.each([408, 425, 429])('%i says "later": transient', async (status) => {
    expect(await answer(status)).toMatchObject({ ok: false, transient: true, status });
  });

  it.each([500, 502, 503, 504, 599])('%i is transient', async (status) => {
    expect(await answer(status)).toMatchObject({ ok: false, transient: true, status });
  });

  it('passes Retry-After on, as seconds or as an HTTP date', async () => {
    expect(await answer(429, { headers: { 'retry-after': '120' } })).toMatchObject({
      retryAfterSeconds: 120,
    });
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const dated = await answer(503, { headers: { 'retry-after': inAMinute } });
    expect((dated as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(50);
    expect(await answer(503, { headers: { 'retry-after': '99999999999' } })).toMatchObject({
      retryAfterSeconds: 86_400,
    });
    expect(await answer(503, { headers: { 'retry-after': 'soon' } })).not.toHaveProperty(
      'retryAfterSeconds',
    );
  });

  it('never follows a redirect: transient, and the target is never asked', async () => {
    const target = await startReceiver([secret]);
    try {
      for (const status of [301, 302, 307, 308]) {
        const result = await answer(status, { headers: { location: target.url } });
        expect(result).toMatchObject({ ok: false, transient: true, status });
        expect((result as { detail: string }).detail).toContain('not followed');
      }
      expect(target.attempts).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it('keeps the start of an error body as one printable line', async () => {
    const result = await answer(422, { body: 'invalid\r\npayload\u0000 \u2028here' });
    expect(result).toMatchObject({ detail: 'HTTP 422 Unprocessable Entity: invalid payload here' });
  });

  it('reads only the start of an endless error body and still answers in time', async () => {
    receiver.schedule({ kind: 'flood', status: 500 });
    const result = await sink.deliver(event);
    expect(result).toMatchObject({ ok: false, transient: true, status: 500 });
    const { detail } = result as { detail: string };
    expect(detail).toMatch(/^HTTP 500 Internal Server Error: x+$/);
    expect(detail.length).toBeLessThan(300);
  });
});

describe('webhook sink: trouble on the way', { timeout: SLOW }, () => {
  it('a receiver that never answers is a transient timeout', async () => {
    receiver.schedule({ kind: 'hang' });
    expect(await quick.deliver(event)).toEqual({
      ok: false,
      transient: true,
      detail: 'no response within 1500 ms',
    });
  });

  it('a dropped connection is transient', async () => {
    receiver.schedule({ kind: 'reset' });
    expect(await sink.deliver(event)).toMatchObject({ ok: false, transient: true });
    expect(receiver.accepted).toHaveLength(0);
  });

  it('a closed port (the receiver went away) is transient, with the system code', async () => {
    const gone = createWebhookSink({ url: await closedPortUrl(), secret, allowHttp: true });
    const result = await gone.deliver(event);
    expect(result).toMatchObject({ ok: false, transient: true });
    expect((result as { detail: string }).detail).toContain('ECONNREFUSED');
  });

  it('a receiver that recovers gets the next attempt; once it has gone, attempts are transient', async () => {
    const own = await startReceiver([secret]);
    const url = own.url;
    const sinkThere = createWebhookSink({ url, secret, allowHttp: true, timeoutMs: 30_000 });
    own.schedule({ kind: 'status', status: 503 });
    expect(await sinkThere.deliver(event)).toMatchObject({ transient: true });
    expect(await sinkThere.deliver(event)).toEqual({ ok: true });
    await own.close();
    expect(await sinkThere.deliver(event)).toMatchObject({ ok: false, transient: true });
    expect(own.accepted.map((a) => a.id)).toEqual([event.id]);
  });

  it('a fetch that ignores its AbortSignal still cannot hang a delivery', async () => {
    const stuck = createWebhookSink({
      url: 'https://hooks.example/x',
      secret,
      timeoutMs: 50,
      fetch: () => new Promise<Response>(() => {}),
    });
    expect(await stuck.deliver(event)).toEqual({
      ok: false,
      transient: true,
      detail: 'no response within 50 ms',
    });
  });

  it('a fetch that rejects, throws or resolves to garbage is transient, never a rejection', async () => {
    const fetches = [
      () =>
        Promise.reject(
          new TypeError('fetch failed', {
            cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }),
          }),
        ),
      () => {
        throw new Error('sync throw');
      },
      () => Promise.resolve(undefined as unknown as Response),
      () => Promise.resolve({ status: 'two hundred' } as unknown as Response),
      () => Promise.reject('a string'),
    ];
    for (const fetch of fetches) {
      const broken = createWebhookSink({ url: 'https://hooks.example/x', secret, fetch });
      const result = await broken.deliver(event);
      expect(result).toMatchObject({ ok: false, transient: true });
      expect(readDeliveryAnswer(result)).toEqual(result);
    }
    const reset = createWebhookSink({ url: 'https://hooks.example/x', secret, fetch: fetches[0] });
    expect(await reset.deliver(event)).toMatchObject({ detail: 'fetch failed: ECONNRESET' });
  });
});
