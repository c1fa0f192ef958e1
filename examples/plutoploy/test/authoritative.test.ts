// Plutoploy's 424 ("DNS lookup failed") from a real fault: one of the zone's authoritative
// servers (NSD on loopback) never answers, so no miss may be declared.
import { expect, it } from 'vitest';
import { useAuthoritative } from '../../shared/authoritative.js';
import { listen } from '../../shared/test-client.js';
import { createDeps, createServer } from '../src/app.js';

const { suite, resolver } = useAuthoritative('plutoploy example');

suite('Plutoploy over authoritative servers', () => {
  it('answers 424 when a nameserver of the zone times out, 400 when all answer without the token', async () => {
    const call = await listen(createServer(createDeps(), { resolver: resolver() }));
    const register = async (domain_name: string) =>
      (await call('POST', '/domains', { body: { domain_name } })).json;

    const silent = await register('app.silent.co');
    const broken = await call('POST', `/domains/${silent.id}/verify`);
    expect(broken.status).toBe(424);
    expect(broken.json.error).toBe(
      'DNS lookup for _acme-challenge.app.silent.co. failed: DNS query timed out',
    );

    const agree = await register('app.agree.co');
    const missing = await call('POST', `/domains/${agree.id}/verify`);
    expect(missing.status).toBe(400);
  });
});
