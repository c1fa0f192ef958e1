// The package runs on `fetch` alone: bundled by esbuild for the neutral platform (standardwebhooks
// included) and run in a bare V8 context with Web-standard globals only (no Buffer, process or
// require), it still delivers a signed event the real receiver verifies.
import { readdirSync, readFileSync } from 'node:fs';
import vm from 'node:vm';
import type { DomainEvent } from '@apexproof/core';
import { sampleEvents } from '@apexproof/testkit';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../src/index.js';
import { type Receiver, startReceiver } from './support/receiver.js';

// Real sockets on a shared, loaded machine: generous per-test limits (never a timed assertion).
const SLOW = 60_000;

let receiver: Receiver;
let bundle: string;
const secret = generateWebhookSecret();

beforeAll(async () => {
  receiver = await startReceiver([secret]);
  const result = await build({
    entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['@apexproof/source'],
    format: 'iife',
    globalName: 'apexproofWebhooks',
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]?.text ?? '';
}, 60_000);
afterAll(() => receiver?.close(), 60_000);

describe('@apexproof/webhooks without Node', { timeout: SLOW }, () => {
  it('has no node: imports in its sources', () => {
    const dir = new URL('../src/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:|require\(|\bBuffer\b|\bprocess\./);
    }
  });

  it('bundles for the neutral platform without node: imports', () => {
    expect(bundle.length).toBeGreaterThan(0);
    expect(bundle).not.toMatch(/\bnode:/);
    expect(bundle).not.toMatch(/\brequire\(/);
  });

  it('delivers a verifying message from a context with Web globals only', async () => {
    const context = vm.createContext({
      fetch,
      Response,
      URL,
      TextEncoder,
      TextDecoder,
      AbortController,
      AbortSignal,
      setTimeout,
      clearTimeout,
      btoa,
      atob,
      crypto: globalThis.crypto,
    });
    const probe = vm.runInContext('[typeof Buffer, typeof process, typeof require]', context);
    expect(probe).toEqual(['undefined', 'undefined', 'undefined']);
    const webhooks = vm.runInContext(
      `${bundle}\n;apexproofWebhooks`,
      context,
    ) as typeof import('../src/index.js');
    const sink = webhooks.createWebhookSink({ url: receiver.url, secret, allowHttp: true });
    expect(sink.problem).toBeNull();
    const [event] = sampleEvents() as [DomainEvent];
    expect(JSON.parse(JSON.stringify(await sink.deliver(event)))).toEqual({ ok: true });
    expect(receiver.attempts.map((a) => a.verified)).toEqual([true]);
    expect(receiver.accepted.map((a) => a.event)).toEqual([event]);
    expect(JSON.parse(JSON.stringify(webhooks.generateWebhookSecret()))).toMatch(/^whsec_/);
  });
});
