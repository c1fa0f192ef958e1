// The main entry is runtime-neutral: bundled by esbuild for the neutral platform and run in a
// bare V8 context that has only Web-standard globals (no Buffer, process or require), it still
// resolves against the fake upstream.
import vm from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstreams, startFakeUpstreams, txtAnswer } from './support/fake-upstream.js';

let fakes: FakeUpstreams;
let bundle: string;

beforeAll(async () => {
  fakes = await startFakeUpstreams();
  fakes.on('wire', txtAnswer([['from', ' the bundle']]));
  fakes.on('json', (q, res) => {
    res.writeHead(200, { 'content-type': 'application/dns-json' });
    res.end(
      JSON.stringify({
        Status: 0,
        Question: [{ name: q.name, type: 16 }],
        Answer: [{ name: q.name, type: 16, data: '"json \\"ok\\""' }],
      }),
    );
  });
  const result = await build({
    entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'neutral',
    format: 'iife',
    globalName: 'apexproofDoh',
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]?.text ?? '';
}, 30_000);

afterAll(() => fakes.close());

/** A context with Web-standard globals only; the bundle's exports are returned. */
function loadInBareContext() {
  const context = vm.createContext({
    fetch,
    URL,
    URLSearchParams,
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
  const probe = vm.runInContext(
    '[typeof Buffer, typeof process, typeof require, typeof globalThis.Buffer]',
    context,
  );
  expect(probe).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  return vm.runInContext(`${bundle}\n;apexproofDoh`, context) as typeof import('../src/index.js');
}

describe('main entry without Node globals', () => {
  it('bundles for the neutral platform without node: imports or Buffer', () => {
    expect(bundle.length).toBeGreaterThan(0);
    expect(bundle).not.toMatch(/\bnode:/);
    expect(bundle).not.toMatch(/\brequire\(/);
    expect(bundle).not.toMatch(/\bBuffer\.\w|\bnew Buffer\b|\.Buffer\b/);
  });

  it('looks up TXT in the wire format and in the JSON API from a bare context', async () => {
    const doh = loadInBareContext();
    const resolver = doh.createDohResolver({
      upstreams: [fakes.url('wire'), { url: fakes.url('json'), format: 'json' }],
      strategy: 'quorum',
      quorum: 1,
    });
    const wire = doh.createDohResolver({ upstreams: [fakes.url('wire')] });
    const fromWire = JSON.parse(JSON.stringify(await wire.txt('_x.acme.test')));
    expect(fromWire).toEqual({
      ok: true,
      answer: {
        rcode: 'NOERROR',
        records: [['from', ' the bundle']],
        cnameChain: [],
        authenticated: false,
        resolvers: [fakes.url('wire')],
      },
    });
    const json = doh.createDohResolver({ upstreams: [{ url: fakes.url('json'), format: 'json' }] });
    const fromJson = JSON.parse(JSON.stringify(await json.txt('_x.acme.test')));
    expect(fromJson.answer.records).toEqual([['json "ok"']]);
    expect((await resolver.txt('_x.acme.test')).ok).toBe(true);
  });
});
