// Every answer of `POST /api/v1/org/domains/verify`, the operation seed 003 documents, checked
// against the seed's own OpenAPI 3.0 schema with a JSON-schema validator.
import { createManualClock } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { loadOpenApi, responseChecker } from '../../shared/openapi.js';
import { listen } from '../../shared/test-client.js';
import { createDeps, createServer } from '../src/app.js';

const PATH = '/api/v1/org/domains/verify';
const check = responseChecker(loadOpenApi('lightdash-seed-003'), PATH, 'post');
const ORG = { alice: 'org_acme', vic: 'org_acme', bob: 'org_rival' } as const;
type Who = keyof typeof ORG | null;

describe('Lightdash request-verification responses conform to seed 003', () => {
  it('answers every outcome in the documented shape', async () => {
    const clock = createManualClock(new Date('2026-03-01T09:00:00Z'));
    const deps = createDeps({ clock });
    const call = await listen(createServer(deps));
    const seen: string[] = [];
    const request = async (who: Who, body: unknown) => {
      const res = await call('POST', PATH, {
        body,
        headers: who ? { 'x-org-id': ORG[who], 'x-user-id': who } : {},
      });
      expect(check(res.status, res.json), `${res.status} ${JSON.stringify(res.json)}`).toEqual([]);
      seen.push(`${res.status} ${res.json?.error?.data?.code ?? res.json?.status}`);
      return res;
    };
    const ok = await request('alice', { domain: 'acme.co', challengeEmail: 'admin@acme.co' });
    expect(ok.json.results.otp).toBeDefined();
    await request('alice', { domain: 'acme.co', challengeEmail: 'admin@acme.co' }); // 429
    clock.advance(2 * 60_000);
    await request('alice', { domain: 'acme.co', challengeEmail: 'it@acme.co' }); // resend
    await request('alice', { domain: 'gmail.com', challengeEmail: 'me@gmail.com' });
    await request('alice', { domain: 'acme.co', challengeEmail: 'admin@gmail.com' });
    await request('vic', { domain: 'acme.co', challengeEmail: 'admin@acme.co' });
    await request(null, { domain: 'acme.co', challengeEmail: 'admin@acme.co' });
    await request('alice', { domain: 42 });
    expect(seen).toEqual([
      '200 ok',
      '429 RATE_LIMITED',
      '200 ok',
      '422 EMAIL_PROVIDER_NOT_ALLOWED',
      '422 EMAIL_NOT_AT_DOMAIN',
      '403 FORBIDDEN',
      expect.stringMatching(/^401 /),
      expect.stringMatching(/^400 /),
    ]);
  });

  it('would catch a response that breaks the schema', () => {
    expect(check(200, { status: 'ok', results: { domain: 'acme.co' } })).toEqual([
      "/results must have required property 'isVerified'",
    ]);
    expect(check(500, { status: 'error', error: { name: 'X' } })).toEqual([
      "/error must have required property 'statusCode'",
    ]);
  });
});
