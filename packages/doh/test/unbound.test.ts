// The DnsResolver contract against a real unbound speaking DoH over HTTP/2 only, through the
// default transport of the Node entry: proves undici's HTTP/2 fetch works with it end to end.
import { dnsResolverContract, type ZoneControl } from '@apexproof/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDohResolver,
  createNodeDohResolver,
  createNodeFetch,
  type NodeDohResolver,
} from '../src/node.js';
import { startUnbound, type UnboundServer, unboundAvailable } from './support/unbound.js';

const APEX = 'contract.apexproof.test';
const available = await unboundAvailable();
const required = process.env.CI === 'true';
const skip = available ? false : 'unbound (or openssl) is not installed';

if (!available && required) {
  describe('unbound DoH server', () => {
    it('is installed (CI=true requires it)', () => {
      throw new Error('unbound/unbound-control/openssl not found; CI must install them');
    });
  });
} else if (!available) {
  console.warn('[doh] skipping the unbound DoH suite: unbound (or openssl) is not installed');
}

let server: UnboundServer | undefined;
const resolvers: NodeDohResolver[] = [];

beforeAll(async () => {
  if (available) server = await startUnbound(APEX);
}, 30_000);

afterAll(async () => {
  for (const resolver of resolvers) await resolver.close();
  await server?.stop();
});

const zone: ZoneControl = {
  setTxt: (name, records) => server?.setTxt(name, records),
  setCname: (name, target) => server?.setCname(name, target),
  setNs: (name, hosts) => server?.setNs(name, hosts),
  remove: (name) => server?.remove(name),
};

for (const method of ['GET', 'POST'] as const) {
  dnsResolverContract({
    name: `DoH ${method} to unbound over HTTP/2`,
    apex: APEX,
    skip,
    zone,
    reset: () => server?.clear(),
    create: () => {
      if (!server) throw new Error('unbound did not start');
      // The exact name, from the Node entry, with its default transport.
      const resolver = createDohResolver({
        upstreams: [{ url: server.url, name: 'unbound', method }],
        ca: server.ca,
        timeoutMs: 5000,
      });
      resolvers.push(resolver);
      return resolver;
    },
  });
}

(skip ? describe.skip : describe)('Node entry against unbound', () => {
  it('reports the upstream name and the AD bit (unbound here does not validate)', async () => {
    if (!server) throw new Error('unbound did not start');
    const resolver = createNodeDohResolver({ upstreams: [server.url], ca: server.ca });
    resolvers.push(resolver);
    await server.setTxt(`_evidence.${APEX}`, ['value']);
    const result = await resolver.txt(`_evidence.${APEX}`);
    expect(result).toEqual({
      ok: true,
      answer: {
        rcode: 'NOERROR',
        records: [['value']],
        cnameChain: [],
        authenticated: false,
        resolvers: [server.url],
      },
    });
  });

  it('refuses a name outside the local zone as a lookup failure, not a miss', async () => {
    if (!server) throw new Error('unbound did not start');
    const resolver = createNodeDohResolver({ upstreams: [server.url], ca: server.ca });
    resolvers.push(resolver);
    const result = await resolver.txt('outside.example');
    expect(result).toMatchObject({
      ok: false,
      failures: [{ kind: 'refused', resolver: server.url }],
    });
  });

  it('fails with network when the certificate is not trusted', async () => {
    if (!server) throw new Error('unbound did not start');
    const resolver = createNodeDohResolver({ upstreams: [server.url] });
    resolvers.push(resolver);
    const result = await resolver.txt(`_evidence.${APEX}`);
    expect(result).toMatchObject({ ok: false, failures: [{ kind: 'network' }] });
  });

  it('is not reachable over HTTP/1.1, which is why the Node entry negotiates HTTP/2', async () => {
    if (!server) throw new Error('unbound did not start');
    const http1 = createNodeFetch({ ca: server.ca, allowH2: false });
    try {
      const resolver = createDohResolver({ upstreams: [server.url], fetch: http1.fetch });
      const result = await resolver.txt(`_evidence.${APEX}`);
      expect(result).toMatchObject({ ok: false, failures: [{ kind: 'network' }] });
    } finally {
      await http1.close();
    }
  });
});
