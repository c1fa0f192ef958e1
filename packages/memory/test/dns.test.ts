import type { DnsResult } from '@apexproof/core';
import { dnsResolverContract } from '@apexproof/testkit';
import { describe, expect, it } from 'vitest';
import { createMemoryDns } from '../src/dns.js';

const shared = createMemoryDns();
const touched = new Set<string>();

dnsResolverContract({
  name: 'memory',
  create: () => shared,
  zone: {
    setTxt: (name, records) => {
      touched.add(name);
      shared.setTxt(name, records);
    },
    setCname: (name, target) => {
      touched.add(name);
      shared.setCname(name, target);
    },
    setNs: (name, hosts) => {
      touched.add(name);
      shared.setNs(name, hosts);
    },
    remove: (name) => shared.remove(name),
  },
  reset: () => {
    for (const name of touched) shared.remove(name);
    touched.clear();
  },
});

function failureKinds<R>(result: DnsResult<R>): string[] {
  return result.ok ? [] : result.failures.map((f) => f.kind);
}

describe('memory DNS zone', () => {
  it('fails a faulty name with the injected kind until healed or removed', async () => {
    const dns = createMemoryDns();
    dns.setTxt('acme.co', ['v']);
    dns.fail('ACME.co.', 'servfail');
    expect(failureKinds(await dns.txt('acme.co'))).toEqual(['servfail']);
    expect(failureKinds(await dns.ns('acme.co'))).toEqual(['servfail']);
    dns.heal('acme.co');
    expect(await dns.txt('acme.co')).toMatchObject({ ok: true, answer: { records: [['v']] } });
    dns.fail('acme.co', 'timeout');
    dns.remove('acme.co');
    expect(await dns.txt('acme.co')).toMatchObject({ ok: true, answer: { rcode: 'NXDOMAIN' } });
  });

  it('fails when a name along the CNAME chain is faulty', async () => {
    const dns = createMemoryDns();
    dns.setCname('www.acme.co', 'edge.cdn.net');
    dns.setTxt('edge.cdn.net', ['v']);
    dns.fail('edge.cdn.net', 'refused');
    expect(failureKinds(await dns.txt('www.acme.co'))).toEqual(['refused']);
  });

  it('reports a CNAME loop and an overlong chain as servfail, never as an answer', async () => {
    const dns = createMemoryDns();
    dns.setCname('a.acme.co', 'b.acme.co');
    dns.setCname('b.acme.co', 'a.acme.co');
    expect(failureKinds(await dns.txt('a.acme.co'))).toEqual(['servfail']);
    for (let i = 0; i < 10; i++) dns.setCname(`h${i}.acme.co`, `h${i + 1}.acme.co`);
    dns.setTxt('h10.acme.co', ['end']);
    expect(failureKinds(await dns.txt('h0.acme.co'))).toEqual(['servfail']);
    expect(await dns.txt('h3.acme.co')).toMatchObject({ ok: true, answer: { records: [['end']] } });
  });

  it('reports the settable AD bit and its own name as the resolver', async () => {
    const dns = createMemoryDns({ authenticated: true });
    dns.setTxt('acme.co', ['v']);
    expect(await dns.txt('acme.co')).toMatchObject({
      ok: true,
      answer: { authenticated: true, resolvers: ['memory'] },
    });
    dns.authenticated = false;
    expect(await dns.txt('acme.co')).toMatchObject({ ok: true, answer: { authenticated: false } });
  });

  it('waits the configured latency before answering', async () => {
    const dns = createMemoryDns({ latencyMs: 30 });
    let settled = false;
    const pending = dns.txt('acme.co').then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 1));
    expect(settled).toBe(false);
    dns.latencyMs = 0;
    await pending;
    expect(settled).toBe(true);
  });

  it('refuses a character-string longer than 255 octets at set time', () => {
    const dns = createMemoryDns();
    expect(() => dns.setTxt('acme.co', ['é'.repeat(128)])).toThrow(RangeError);
    expect(() => dns.setTxt('acme.co', [['a'.repeat(255), 'b']])).not.toThrow();
  });

  it('replaces a record set, and a CNAME replaces the data at its name', async () => {
    const dns = createMemoryDns();
    dns.setTxt('acme.co', ['old', 'older']);
    dns.setTxt('acme.co', ['new']);
    expect(await dns.txt('acme.co')).toMatchObject({ ok: true, answer: { records: [['new']] } });
    dns.setCname('acme.co', 'other.net');
    dns.setTxt('other.net', ['there']);
    expect(await dns.txt('acme.co')).toMatchObject({
      ok: true,
      answer: { records: [['there']], cnameChain: ['other.net'] },
    });
    dns.setTxt('acme.co', []);
    expect(await dns.txt('acme.co')).toMatchObject({
      ok: true,
      answer: { cnameChain: ['other.net'] },
    });
  });
});
