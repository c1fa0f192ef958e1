// The shared EventSink contract against a real receiver on 127.0.0.1 that verifies every
// signature with the standardwebhooks library; the contract also proves no unverified request
// is counted (the receiver answers 401 to those, which the contract would see as a failure).
import { eventSinkContract } from '@apexproof/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createWebhookSink, generateWebhookSecret } from '../src/index.js';
import { type Receiver, startReceiver } from './support/receiver.js';

const secret = generateWebhookSecret();
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver([secret]);
}, 60_000);
afterAll(() => receiver?.close(), 60_000);

eventSinkContract({
  name: 'webhooks (Standard Webhooks over fetch, real receiver)',
  create: () =>
    createWebhookSink({ url: receiver.url, secret, allowHttp: true, timeoutMs: 10_000 }),
  inbox: {
    received: async () => receiver.accepted.map(({ id, event }) => ({ id, event })),
    reset: () => receiver.reset(),
  },
  faults: {
    transient: () => receiver.setDefault({ kind: 'status', status: 503 }),
    permanent: () => receiver.setDefault({ kind: 'status', status: 422 }),
    gone: () => receiver.setDefault({ kind: 'status', status: 410 }),
    heal: () => receiver.setDefault({ kind: 'accept' }),
  },
});
