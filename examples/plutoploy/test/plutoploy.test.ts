// The Plutoploy seed (002) reproduced: exact hostnames, `_acme-challenge.<host>.` holding the raw
// token, 32-hex ids, `pending → verified`, and 404 / 400 / 424 from the verify endpoint.
import { createManualClock } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { listen } from '../../shared/test-client.js';
import { createDeps, createServer } from '../src/app.js';

async function start() {
  const clock = createManualClock(new Date('2024-06-01T10:00:00.250Z'));
  const deps = createDeps({ clock });
  const call = await listen(createServer(deps));
  const register = async (domain_name: string) =>
    (await call('POST', '/domains', { body: { domain_name } })).json;
  const verify = (id: string) => call('POST', `/domains/${id}/verify`);
  return { deps, clock, call, register, verify };
}

describe('Plutoploy embedding', () => {
  it('registers an exact hostname with a 32-hex id and the raw token at _acme-challenge', async () => {
    const { call } = await start();
    const res = await call('POST', '/domains', { body: { domain_name: 'App.Example.com' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      domain_name: 'app.example.com',
      status: 'pending',
      created_at: '2024-06-01T10:00:00Z',
    });
    expect(res.json.verification_token).toMatch(/^[a-z2-7]{32,}$/);
    expect(res.json.dns_record).toEqual({
      type: 'TXT',
      name: '_acme-challenge.app.example.com.',
      value: res.json.verification_token,
    });
  });

  it('answers 400 while the token is missing, 424 when DNS fails, then verifies', async () => {
    const { deps, clock, register, verify } = await start();
    const domain = await register('app.example.com');

    const missing = await verify(domain.id);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toBe(
      'verification token not found in TXT records at _acme-challenge.app.example.com.',
    );

    // One verify call per domain every 5 s (the core's default verifyLimits).
    clock.advance(5_000);
    deps.dns.fail('_acme-challenge.app.example.com', 'servfail');
    const broken = await verify(domain.id);
    expect(broken.status).toBe(424);
    expect(broken.json.error).toMatch(
      /^DNS lookup for _acme-challenge\.app\.example\.com\. failed/,
    );

    deps.dns.heal('_acme-challenge.app.example.com');
    // Another host's token, or ours at the apex, does not count: the subject is the exact host.
    deps.dns.setTxt('_acme-challenge.example.com', [domain.verification_token]);
    clock.advance(5_000);
    expect((await verify(domain.id)).status).toBe(400);

    deps.dns.setTxt('_acme-challenge.app.example.com', ['unrelated', domain.verification_token]);
    clock.advance(65_000);
    const verified = await verify(domain.id);
    expect(verified.status).toBe(200);
    expect(verified.json).toEqual({
      id: domain.id,
      domain_name: 'app.example.com',
      status: 'verified',
      verified_at: '2024-06-01T10:01:15Z',
      created_at: '2024-06-01T10:00:00Z',
    });
  });

  it('refuses to verify twice, and answers 404 for an unknown id', async () => {
    const { deps, call, register, verify } = await start();
    const domain = await register('app.example.com');
    deps.dns.setTxt('_acme-challenge.app.example.com', [domain.verification_token]);
    expect((await verify(domain.id)).status).toBe(200);

    const again = await verify(domain.id);
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('domain is not in pending status (status: verified)');
    expect((await call('GET', `/domains/${domain.id}`)).json.status).toBe('verified');

    const unknown = await verify('0'.repeat(32));
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: 'domain not found' });
  });

  it('verifies each hostname on its own: the apex proves nothing for a sibling host', async () => {
    const { deps, register, verify } = await start();
    const app = await register('app.example.com');
    const www = await register('www.example.com');
    deps.dns.setTxt('_acme-challenge.app.example.com', [app.verification_token]);
    expect((await verify(app.id)).status).toBe(200);
    expect((await verify(www.id)).status).toBe(400);
  });

  it('refuses a name that is not a host with 400', async () => {
    const { call } = await start();
    for (const domain_name of ['', 'co.uk', 'http://a@b.example.com', '127.0.0.1']) {
      const res = await call('POST', '/domains', { body: { domain_name } });
      expect(res.status, domain_name).toBe(400);
      expect(typeof res.json.error).toBe('string');
    }
    expect((await call('POST', '/domains', { body: '{"nope":1}' })).status).toBe(400);
  });
});
