// ScaiDNS as it runs in production: lookups go to the zone's authoritative servers (real NSD
// servers on loopback here), and each failure reads in ScaiDNS's words: a silent nameserver
// times out, a lame one leaves no nameserver available, a lagging one is named.
import { createManualClock } from '@apexproof/memory';
import { expect, it } from 'vitest';
import { ADDRESSES, useAuthoritative } from '../../shared/authoritative.js';
import { listen } from '../../shared/test-client.js';
import { createDeps, createServer } from '../src/app.js';

const { suite, current, resolver } = useAuthoritative('scaidns example');

async function start() {
  const h = current();
  // A manual clock: each check comes 5 s after the last, as the core's default verifyLimits ask.
  const clock = createManualClock(new Date('2026-04-23T10:42:00Z'));
  const call = await listen(createServer(createDeps({ clock }), { resolver: resolver() }));
  const headers = { 'x-org-id': 'org_acme', 'x-user-id': 'alice' };
  const alice = (method: string, path: string, body?: unknown) =>
    call(method, path, { headers, body });
  /** Creates a zone and returns its check function and the record to publish. */
  const zone = async (name: string) => {
    const created = (await alice('POST', '/api/v1/domains', { name })).json;
    const check = async () => {
      clock.advance(5_000);
      return (await alice('POST', `/api/v1/domains/${created.id}/validation/check`)).json;
    };
    return { check, record: created.validation.dns_record as { name: string; value: string } };
  };
  return { h, alice, zone };
}

suite('ScaiDNS over authoritative servers', () => {
  it('validates once every nameserver serves the record, naming the one that lags', async () => {
    const { h, zone } = await start();
    const { check, record } = await zone('contract.co');
    expect(await check()).toMatchObject({
      is_valid: false,
      message: 'No DNS record found for _scaidns-verify.contract.co',
    });
    await h.setDomainZone('contract.co', [`${record.name}. TXT "${record.value}"`], 'ns1');
    await h.setDomainZone('contract.co', [`${record.name}. TXT "scaidns-verify=old"`], 'ns2');
    expect(await check()).toMatchObject({
      is_valid: false,
      message: `TXT record not yet served by every nameserver: ns2.dns.co (${ADDRESSES.ns2}) still serves another value`,
    });
    await h.setDomainZone('contract.co', [`${record.name}. TXT "${record.value}"`]);
    expect(await check()).toMatchObject({ is_valid: true, message: 'Domain validated' });
  });

  it('says "DNS query timed out" when a nameserver never answers, and the zone stays retryable', async () => {
    const { alice, zone } = await start();
    const { check } = await zone('silent.co');
    expect(await check()).toMatchObject({
      is_valid: false,
      message: 'DNS query timed out',
      code: 'DNS_LOOKUP_FAILED',
    });
    const domains = (await alice('GET', '/api/v1/domains/z_1/validation')).json;
    expect(domains).toMatchObject({ status: 'pending' });
  });

  it('says "No nameservers available for query" for a lame delegation', async () => {
    const { zone } = await start();
    const { check } = await zone('lame.co');
    expect(await check()).toMatchObject({
      is_valid: false,
      message: 'No nameservers available for query',
      code: 'DNS_LOOKUP_FAILED',
    });
  });

  it('says the domain does not exist when the TLD answers NXDOMAIN', async () => {
    const { zone } = await start();
    const { check } = await zone('gone.co');
    expect(await check()).toMatchObject({
      is_valid: false,
      message: 'Domain gone.co does not exist in DNS',
    });
  });
});
