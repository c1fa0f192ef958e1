// The ScaiDNS seed (004) reproduced: TXT and nameserver validations, supersede on re-create,
// cancel, the status set, ScaiDNS's failure messages, and the privileged bypass.
import { createManualClock } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { listen } from '../../shared/test-client.js';
import { createDeps, createServer, SCAIDNS_NAMESERVERS } from '../src/app.js';

const DAY = 86_400_000;

async function start() {
  const clock = createManualClock(new Date('2026-04-23T10:42:00Z'));
  const deps = createDeps({ clock });
  // The domain exists (it has an SPF record) but is not yet delegated to ScaiDNS.
  deps.dns.setTxt('example.com', ['v=spf1 -all']);
  const call = await listen(createServer(deps));
  const as = (userId: 'alice' | 'sam') => ({ 'x-org-id': 'org_acme', 'x-user-id': userId });
  const alice = (method: string, path: string, body?: unknown) =>
    call(method, path, { headers: as('alice'), body });
  const createZone = async (name: string) =>
    (await alice('POST', '/api/v1/domains', { name })).json;
  return { deps, clock, call, as, alice, createZone };
}

describe('ScaiDNS embedding', () => {
  it('creates a zone pending validation with a TXT challenge at _scaidns-verify', async () => {
    const { alice, createZone } = await start();
    const zone = await createZone('Example.com');
    expect(zone).toMatchObject({ name: 'example.com', status: 'pending_validation' });
    const pending = await alice('GET', `/api/v1/domains/${zone.id}/validation`);
    expect(pending.status).toBe(200);
    expect(pending.json).toMatchObject({
      validation_type: 'txt_record',
      status: 'pending',
      dns_record: { name: '_scaidns-verify.example.com', type: 'TXT' },
      expires_at: '2026-04-30T10:42:00.000Z',
      created_at: '2026-04-23T10:42:00.000Z',
    });
    expect(pending.json.dns_record.value).toBe(`scaidns-verify=${pending.json.challenge_value}`);
  });

  it('fails a check with ScaiDNS messages, stays retryable, then validates and activates the zone', async () => {
    const { deps, clock, alice, createZone } = await start();
    const zone = await createZone('example.com');
    const path = `/api/v1/domains/${zone.id}/validation`;
    const { json: v } = await alice('GET', path);

    // One check per validation every 5 s (the core's default verifyLimits): a user's retry.
    const check = async () => {
      clock.advance(5_000);
      return (await alice('POST', `${path}/check`)).json;
    };
    expect(await check()).toMatchObject({
      is_valid: false,
      message: 'No DNS record found for _scaidns-verify.example.com',
    });
    deps.dns.remove('example.com');
    expect(await check()).toMatchObject({
      is_valid: false,
      message: 'Domain example.com does not exist in DNS',
    });
    deps.dns.setTxt('example.com', ['v=spf1 -all']);
    expect((await alice('GET', path)).json).toMatchObject({ id: v.id, status: 'failed' });

    deps.dns.setTxt('_scaidns-verify.example.com', ['scaidns-verify=somethingelse']);
    expect(await check()).toMatchObject({
      is_valid: false,
      message: `TXT record found but value doesn't match. Expected: ${v.dns_record.value}`,
    });

    deps.dns.fail('_scaidns-verify.example.com', 'timeout');
    expect(await check()).toMatchObject({ is_valid: false, message: 'DNS query timed out' });

    deps.dns.heal('_scaidns-verify.example.com');
    deps.dns.setTxt('_scaidns-verify.example.com', [v.dns_record.value]);
    expect(await check()).toEqual({
      is_valid: true,
      message: 'Domain validated',
      validation_id: v.id,
    });
    expect((await alice('GET', `/api/v1/domains/${zone.id}`)).json.status).toBe('active');
    expect((await alice('GET', path)).json).toBeNull();
  });

  it('validates by delegation to both ScaiDNS nameservers, with ScaiDNS messages on failure', async () => {
    const { deps, clock, alice, createZone } = await start();
    const zone = await createZone('example.com');
    const path = `/api/v1/domains/${zone.id}/validation`;
    const created = await alice('POST', path, { validation_type: 'nameservers' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      validation_type: 'nameservers',
      nameservers: SCAIDNS_NAMESERVERS,
    });
    // Only one validation is current: the TXT one is gone.
    expect((await alice('GET', path)).json.id).toBe(created.json.id);

    // One check per validation every 5 s (the core's default verifyLimits): a user's retry.
    const check = async () => {
      clock.advance(5_000);
      return (await alice('POST', `${path}/check`)).json;
    };
    expect((await check()).message).toBe('No nameservers found for example.com');
    deps.dns.setNs('example.com', ['NS1.SCAIDNS.EXAMPLE.']);
    expect((await check()).is_valid).toBe(false);
    deps.dns.setNs('example.com', ['NS1.SCAIDNS.EXAMPLE.', 'ns2.scaidns.example']);
    expect((await check()).is_valid).toBe(true);
  });

  it('supersedes a pending validation on re-create, cancels, and expires after 7 days', async () => {
    const { clock, alice, createZone } = await start();
    const zone = await createZone('example.com');
    const path = `/api/v1/domains/${zone.id}/validation`;
    const first = (await alice('GET', path)).json;
    const second = (await alice('POST', path, { validation_type: 'txt_record' })).json;
    expect(second.id).not.toBe(first.id);
    expect(second.challenge_value).not.toBe(first.challenge_value);
    expect((await alice('GET', path)).json.id).toBe(second.id);

    expect((await alice('DELETE', path)).status).toBe(204);
    expect((await alice('GET', path)).json).toBeNull();
    expect((await alice('POST', `${path}/check`)).status).toBe(404);

    await alice('POST', path, { validation_type: 'txt_record' });
    clock.advance(7 * DAY);
    expect((await alice('GET', path)).json).toBeNull();
  });

  it('skips validation only for users with the bypass permission, audited with a host reason', async () => {
    const { deps, call, as, alice } = await start();
    const url = '/api/v1/domains?skip_validation=true';
    const refused = await alice('POST', url, { name: 'example.net', reason: 'internal zone' });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('FORBIDDEN');

    // As seed 004 documents it: no body field but the name.
    const asDocumented = await call('POST', url, {
      headers: as('sam'),
      body: { name: 'example.org' },
    });
    expect(asDocumented.status).toBe(201);
    expect(asDocumented.json).toMatchObject({ name: 'example.org', status: 'active' });

    const withNote = await call('POST', url, {
      headers: as('sam'),
      body: { name: 'example.io', reason: 'migrated from the old ScaiDNS cluster' },
    });
    expect(withNote.status).toBe(201);
    const reasons = (await deps.storage.inspect.evidence()).map((e) => e.reason);
    expect(reasons).toEqual([
      'ScaiDNS skip_validation=true by sam',
      'ScaiDNS skip_validation=true by sam: migrated from the old ScaiDNS cluster',
    ]);
  });

  it("answers 404 for another tenant's zone or an unknown one", async () => {
    const { call, createZone } = await start();
    const zone = await createZone('example.com');
    const other = { 'x-org-id': 'org_other', 'x-user-id': 'eve' };
    expect(
      (await call('GET', `/api/v1/domains/${zone.id}/validation`, { headers: other })).status,
    ).toBe(404);
    expect((await call('GET', '/api/v1/domains/z_nope', { headers: other })).status).toBe(404);
  });
});
