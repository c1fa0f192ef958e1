// The authoritative resolver against real NSD servers: referrals from the root, every server
// of the zone asked, `all` and `any`, lame and silent servers, truncation, NXDOMAIN, CNAMEs.
import { checkRecord, type DnsResult } from '@apexproof/core';
import { expect, it } from 'vitest';
import { type AuthoritativeResolverOptions, createAuthoritativeResolver } from '../src/index.js';
import { ADDRESSES, OLD_TOKEN, TOKEN } from './support/hierarchy.js';
import { useHierarchy } from './support/use-hierarchy.js';

const { suite, current } = useHierarchy('authoritative');
const record = (domain: string) => `_kayle-id-verification.${domain}`;
const NS1 = `ns1.dns.co (${ADDRESSES.ns1})`;
const NS2 = `ns2.dns.co (${ADDRESSES.ns2})`;

function resolver(options: AuthoritativeResolverOptions = {}) {
  const h = current();
  return createAuthoritativeResolver({ roots: h.roots, port: h.port, timeoutMs: 400, ...options });
}
const failuresOf = <R>(result: DnsResult<R>) => (result.ok ? [] : result.failures);

suite('authoritative resolver over a real NSD hierarchy', () => {
  it('follows referrals from the root and returns the record every server agrees on', async () => {
    const sent: string[] = [];
    const dns = resolver({ onQuery: (q) => sent.push(`${q.zone || '.'}@${q.address}`) });
    const result = await dns.txt(record('agree.co'));
    expect(result.ok && result.answer).toMatchObject({
      rcode: 'NOERROR',
      records: [[TOKEN]],
      resolvers: [NS1, NS2],
      authenticated: false,
    });
    expect(result.ok && result.answer.views?.map((v) => v.resolver)).toEqual([NS1, NS2]);
    expect(sent).toEqual([
      `.@${ADDRESSES.root}`,
      `co@${ADDRESSES.tld}`,
      `agree.co@${ADDRESSES.ns1}`,
      `agree.co@${ADDRESSES.ns2}`,
    ]);
  });

  it('does not find a record one server lags on under `all`, finds it under `any`, and names the stale server', async () => {
    const input = { subject: 'stale.co', recordName: record('stale.co'), expected: TOKEN };
    const all = await checkRecord(resolver(), input);
    expect(all.outcome).toBe('missing');
    if (all.outcome !== 'missing') return;
    expect(all.diagnosis.hints).toEqual([
      { kind: 'stale_server', resolver: NS2, found: [OLD_TOKEN] },
    ]);
    expect(all.message).toContain(`${NS2} still serves another value`);
    const any = await checkRecord(resolver({ require: 'any' }), input);
    expect(any.outcome).toBe('found');
  });

  it('reports a lame server per server and makes the lookup a failure, never a miss', async () => {
    const result = await resolver().txt(record('lame.co'));
    expect(failuresOf(result)).toEqual([
      {
        kind: 'refused',
        resolver: `lame.dns.co (${ADDRESSES.lame})`,
        detail: 'No nameservers available for query: REFUSED (lame server for lame.co)',
      },
    ]);
    expect(!result.ok && result.views?.map((v) => [v.resolver, v.ok])).toEqual([
      [NS1, true],
      [`lame.dns.co (${ADDRESSES.lame})`, false],
    ]);
    const check = await checkRecord(resolver({ require: 'any' }), {
      subject: 'lame.co',
      recordName: record('lame.co'),
      expected: TOKEN,
    });
    expect(check).toMatchObject({
      outcome: 'lookup-failed',
      message: 'No nameservers available for query',
    });
  });

  it('reports a silent server as a timeout (no strike: a lookup failure)', async () => {
    const result = await resolver({ timeoutMs: 300, attempts: 1 }).txt(record('silent.co'));
    expect(failuresOf(result)).toEqual([
      {
        kind: 'timeout',
        resolver: `silent.dns.co (${ADDRESSES.silent})`,
        detail: 'DNS query timed out (no UDP reply in 300 ms)',
      },
    ]);
    const check = await checkRecord(resolver({ timeoutMs: 300, attempts: 1 }), {
      subject: 'silent.co',
      recordName: record('silent.co'),
      expected: TOKEN,
    });
    expect(check).toMatchObject({ outcome: 'lookup-failed', message: 'DNS query timed out' });
  });

  it('retries over TCP when a reply is truncated', async () => {
    for (const udpPayloadSize of [512, 1232]) {
      const result = await resolver({ udpPayloadSize }).txt(record('big.co'));
      expect(result.ok && result.answer.records.length).toBe(41);
      expect(result.ok && result.answer.records).toContainEqual([TOKEN]);
    }
  });

  it("answers NXDOMAIN for a missing name (from the zone's servers) and a missing domain (from the TLD)", async () => {
    const dns = resolver();
    const inZone = await dns.txt('nothing.agree.co');
    expect(inZone.ok && inZone.answer).toMatchObject({
      rcode: 'NXDOMAIN',
      records: [],
      resolvers: [NS1, NS2],
    });
    const domain = await dns.txt(record('missing.co'));
    expect(domain.ok && domain.answer).toMatchObject({
      rcode: 'NXDOMAIN',
      resolvers: [`ns.nic.co (${ADDRESSES.tld})`],
    });
    const check = await checkRecord(dns, {
      subject: 'missing.co',
      recordName: record('missing.co'),
      expected: TOKEN,
    });
    expect(check.message).toBe('Domain missing.co does not exist in DNS');
  });

  it('follows a CNAME at the record name, in the zone and into another zone', async () => {
    const dns = resolver();
    const elsewhere = await dns.txt(record('moved.agree.co'));
    expect(elsewhere.ok && elsewhere.answer).toMatchObject({
      records: [['somebody-else']],
      cnameChain: [record('other.co')],
    });
    const inZone = await dns.txt(record('inzone.agree.co'));
    expect(inZone.ok && inZone.answer).toMatchObject({
      records: [['in-zone target']],
      cnameChain: ['target.agree.co'],
    });
    const check = await checkRecord(dns, {
      subject: 'agree.co',
      recordName: record('moved.agree.co'),
      expected: TOKEN,
    });
    expect(check.outcome === 'missing' && check.diagnosis.hints).toContainEqual({
      kind: 'cname_elsewhere',
      target: record('other.co'),
    });
  });

  it('resolves name servers named without glue through the same walk', async () => {
    const result = await resolver().txt(record('glueless.co'));
    expect(result.ok && result.answer).toMatchObject({
      records: [[TOKEN]],
      resolvers: [`ns1.provider.net (${ADDRESSES.ns1})`, `ns2.provider.net (${ADDRESSES.ns2})`],
    });
  });

  it('returns the delegation for NS at a zone cut, as the parent serves it', async () => {
    const result = await resolver().ns('lame.co');
    expect(result.ok && result.answer).toMatchObject({
      rcode: 'NOERROR',
      records: ['ns1.dns.co', 'lame.dns.co'],
      resolvers: [`ns.nic.co (${ADDRESSES.tld})`],
    });
  });

  it('fails every lookup when no root answers, with the timeout per root', async () => {
    const dns = createAuthoritativeResolver({
      roots: [ADDRESSES.silent],
      port: current().port,
      timeoutMs: 200,
      attempts: 1,
    });
    const result = await dns.txt(record('agree.co'));
    expect(failuresOf(result)).toEqual([
      {
        kind: 'timeout',
        resolver: ADDRESSES.silent,
        detail: 'DNS query timed out (no UDP reply in 200 ms)',
      },
    ]);
  });
});
