// What goes on the wire: Standard Webhooks headers over the event's versioned JSON, signed so
// that the standardwebhooks library verifies it; replays keep the id; rotation signs twice.
import { type DomainEvent, encodeEvent } from '@apexproof/core';
import { sampleEvents } from '@apexproof/testkit';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createWebhookSink,
  generateWebhookSecret,
  MAX_SECRET_BYTES,
  MIN_SECRET_BYTES,
  secretProblem,
} from '../src/index.js';
import { type Receiver, startReceiver } from './support/receiver.js';

// Real sockets on a shared, loaded machine: generous per-test limits (never a timed assertion).
const SLOW = 60_000;

const current = generateWebhookSecret();
const previous = generateWebhookSecret();
const [event, other] = sampleEvents() as [DomainEvent, DomainEvent];
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver([current]);
}, 60_000);
afterAll(() => receiver?.close(), 60_000);
beforeEach(() => receiver.reset());

describe('webhook sink: the message', { timeout: SLOW }, () => {
  it('posts the encoded event with webhook-id, webhook-timestamp and a verifying signature', async () => {
    const at = new Date();
    const sink = createWebhookSink({
      url: receiver.url,
      secret: current,
      allowHttp: true,
      clock: { now: () => at },
    });
    expect(await sink.deliver(event)).toEqual({ ok: true });
    const [attempt] = receiver.attempts;
    expect(attempt).toMatchObject({
      webhookId: event.id,
      timestamp: String(Math.floor(at.getTime() / 1000)),
      contentType: 'application/json',
      body: encodeEvent(event),
      verified: true,
    });
    expect(attempt?.signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(receiver.accepted).toEqual([{ id: event.id, event }]);
  });

  it('signs exactly what the library signs for id, attempt time and body', async () => {
    const at = new Date('2026-12-02T05:00:00.000Z');
    const sink = createWebhookSink({
      url: receiver.url,
      secret: current,
      allowHttp: true,
      clock: { now: () => at },
    });
    await sink.deliver(event);
    const expected = new Webhook(current).sign(event.id, at, encodeEvent(event));
    expect(receiver.attempts[0]?.signature).toBe(expected);
    // Too old for the receiver's five-minute tolerance: a replayed capture is refused.
    expect(receiver.attempts[0]?.verified).toBe(false);
  });

  it('a replay keeps the webhook-id and gets a fresh timestamp and signature', async () => {
    let now = Date.now();
    const sink = createWebhookSink({
      url: receiver.url,
      secret: current,
      allowHttp: true,
      clock: { now: () => new Date(now) },
    });
    await sink.deliver(event);
    now += 61_000;
    await sink.deliver(event);
    await sink.deliver(other);
    const [a, b, c] = receiver.attempts;
    expect([a?.webhookId, b?.webhookId, c?.webhookId]).toEqual([event.id, event.id, other.id]);
    expect(Number(b?.timestamp) - Number(a?.timestamp)).toBe(61);
    expect(a?.signature).not.toBe(b?.signature);
    expect(receiver.attempts.every((x) => x.verified)).toBe(true);
  });

  it('signs with every secret during a rotation; a receiver on either one verifies', async () => {
    const onPrevious = await startReceiver([previous]);
    try {
      for (const target of [receiver, onPrevious]) {
        const sink = createWebhookSink({
          url: target.url,
          secret: [current, previous],
          allowHttp: true,
        });
        expect(await sink.deliver(event)).toEqual({ ok: true });
        expect(target.attempts[0]?.signature?.split(' ')).toHaveLength(2);
        expect(target.attempts[0]?.verified).toBe(true);
      }
    } finally {
      await onPrevious.close();
    }
  });

  it('a message signed with another secret is refused by the receiver (401, permanent)', async () => {
    const sink = createWebhookSink({ url: receiver.url, secret: previous, allowHttp: true });
    expect(await sink.deliver(event)).toMatchObject({ ok: false, transient: false, status: 401 });
    expect(receiver.attempts[0]?.verified).toBe(false);
    expect(receiver.accepted).toHaveLength(0);
  });

  it('never sends the secret, and sends extra headers it was given', async () => {
    const sink = createWebhookSink({
      url: receiver.url,
      secret: current,
      allowHttp: true,
      headers: { Authorization: 'Bearer gateway-token' },
    });
    expect(await sink.deliver(event)).toEqual({ ok: true });
    const wire = JSON.stringify(receiver.attempts);
    expect(wire).not.toContain(current.slice('whsec_'.length));
  });

  it('falls back to the system clock when the configured one is broken', async () => {
    for (const now of [
      () => new Date(Number.NaN),
      () => 'now' as unknown as Date,
      () => {
        throw new Error('clock');
      },
    ]) {
      const sink = createWebhookSink({
        url: receiver.url,
        secret: current,
        allowHttp: true,
        clock: { now },
      });
      expect(await sink.deliver(event)).toEqual({ ok: true });
    }
    expect(receiver.attempts.every((x) => x.verified)).toBe(true);
  });
});

describe('webhook sink: secrets', () => {
  it('makes random secrets in the whsec_ format', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretProblem(a)).toBeNull();
    expect(generateWebhookSecret()).not.toBe(a);
    expect(atob(generateWebhookSecret(64).slice(6))).toHaveLength(64);
    expect(atob(generateWebhookSecret(1).slice(6))).toHaveLength(MIN_SECRET_BYTES);
  });

  const b64 = (n: number) => btoa('k'.repeat(n));
  it.each([
    ['not a string', 42, 'string'],
    ['without the prefix', b64(32), 'whsec_'],
    ['a raw passphrase', 'whsec_correct horse battery staple', 'base64'],
    ['URL-safe base64', `whsec_${b64(32).replace(/\+/g, '-')}-_`, 'base64'],
    ['unpadded base64', `whsec_${b64(32).replace(/=+$/, '')}`, 'base64'],
    [
      'too short (16 bytes)',
      `whsec_${b64(16)}`,
      `${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes`,
    ],
    ['too long (96 bytes)', `whsec_${b64(96)}`, 'base64'],
    ['1 MB long', `whsec_${'A'.repeat(1 << 20)}`, 'base64'],
  ])('refuses a secret %s', (_label, secret, why) => {
    expect(secretProblem(secret)).toContain(why);
  });
});

describe('webhook sink: options', { timeout: SLOW }, () => {
  const url = 'https://hooks.example/apexproof';
  it.each([
    ['no options', undefined, 'options'],
    ['no url', { secret: current }, 'url'],
    ['a relative url', { url: '/hooks', secret: current }, 'absolute'],
    ['an http url', { url: 'http://hooks.example/', secret: current }, 'https'],
    ['a ftp url', { url: 'ftp://hooks.example/', secret: current, allowHttp: true }, 'http'],
    ['credentials in the url', { url: 'https://u:p@hooks.example/', secret: current }, 'password'],
    [
      'a 1 MB url',
      { url: `https://hooks.example/${'a'.repeat(1 << 20)}`, secret: current },
      '2048',
    ],
    ['no secret', { url }, 'secret'],
    ['an empty secret list', { url, secret: [] }, 'secret'],
    ['a bad second secret', { url, secret: [current, 'whsec_x'] }, 'secret 2'],
    ['a zero timeout', { url, secret: current, timeoutMs: 0 }, 'timeoutMs'],
    ['a fractional timeout', { url, secret: current, timeoutMs: 1.5 }, 'timeoutMs'],
    [
      'a header that overrides the signature',
      { url, secret: current, headers: { 'Webhook-Signature': 'v1,x' } },
      'set by the sink',
    ],
    [
      'a header with a line break',
      { url, secret: current, headers: { 'x-a': 'b\r\nx-c: d' } },
      'one line',
    ],
    ['a header name with a space', { url, secret: current, headers: { 'x a': 'b' } }, 'token'],
    ['a clock without now', { url, secret: current, clock: {} }, 'clock'],
    ['a fetch that is no function', { url, secret: current, fetch: 'fetch' }, 'fetch'],
  ])(
    '%s: the sink names the problem and every delivery waits (transient), sending nothing',
    async (_l, options, why) => {
      let calls = 0;
      const counting = async () => {
        calls += 1;
        return new Response(null, { status: 204 });
      };
      const withFetch =
        options && typeof options === 'object' && !('fetch' in options)
          ? { ...options, fetch: counting }
          : options;
      const sink = createWebhookSink(withFetch as never);
      expect(sink.problem).toContain(why);
      const result = await sink.deliver(event);
      expect(result).toMatchObject({ ok: false, transient: true });
      expect((result as { detail: string }).detail).toMatch(/^invalid webhook sink options: /);
      expect(JSON.stringify([sink.problem, result])).not.toContain(current.slice(6));
      expect(calls).toBe(0);
    },
  );

  it('a usable configuration has no problem', () => {
    expect(createWebhookSink({ url, secret: current }).problem).toBeNull();
    expect(
      createWebhookSink({ url: new URL(url), secret: [current, previous], timeoutMs: 30_000 })
        .problem,
    ).toBeNull();
  });
});
