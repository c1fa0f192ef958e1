// The plugin's better-auth rate-limit rule for the challenge endpoints (start, verify, confirm,
// cancel), applied by better-auth's own limiter (on in production, or `rateLimit.enabled`).
import { createMemoryDns, createMemoryStorage } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { buildAuth, clientFor, createOrganization, signUp } from './support/auth.js';

async function signedIn(plugin: Parameters<typeof buildAuth>[0]['plugin']) {
  const auth = buildAuth({
    storage: createMemoryStorage(),
    dns: createMemoryDns(),
    rateLimit: true,
    ...(plugin ? { plugin } : {}),
  });
  const client = clientFor(auth);
  await signUp(client, 'Rita');
  await createOrganization(client, 'Rita Co');
  return client;
}

describe('challenge rate limit', () => {
  it('answers 429 once the rule is used up, for the challenge endpoints only', async () => {
    const client = await signedIn({ challengeRateLimit: { window: 60, max: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await client.domainVerification.start({ domain: `rita-${i}.co` });
      statuses.push(r.error ? (r.error.status ?? 0) : 200);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // better-auth counts per client and path: verify has its own three.
    const verifies: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await client.domainVerification.verify({ challengeId: 'x' });
      verifies.push(r.error?.status ?? 200);
    }
    expect(verifies).toEqual([404, 404, 404, 429]);
    // Reading is not a challenge endpoint: better-auth's global rule only.
    for (let i = 0; i < 5; i++) {
      const listed = await client.domainVerification.listDomains();
      expect(listed.error).toBeNull();
    }
  });

  it('leaves the challenge endpoints to the global rule with challengeRateLimit: false', async () => {
    const client = await signedIn({ challengeRateLimit: false });
    for (let i = 0; i < 12; i++) {
      const r = await client.domainVerification.start({ domain: `free-${i}.co` });
      expect(r.error).toBeNull();
    }
  });
});
