import { createManualClock, type ManualClock } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { listen } from '../../shared/test-client.js';
import {
  ACME_ORG_ID,
  createDeps,
  createDomains,
  createServer,
  type KayleDeps,
  RIVAL_ORG_ID,
} from '../src/app.js';
import { ERROR_REFERENCE_URL } from '../src/present.js';

type Who = 'alice' | 'carol' | 'bob' | null;
const ORG = { alice: ACME_ORG_ID, carol: ACME_ORG_ID, bob: RIVAL_ORG_ID } as const;

async function start() {
  const clock: ManualClock = createManualClock(new Date('2026-03-01T09:00:00Z'));
  const deps: KayleDeps = createDeps({ clock });
  const client = await listen(createServer(deps, { sandbox: true }));
  const call = (method: string, path: string, who: Who, body?: unknown) =>
    client(method, path, {
      body,
      headers: {
        'content-type': 'application/json',
        ...(who && { 'x-org-id': ORG[who], 'x-user-id': who }),
      },
    });
  const challenge = (who: Who, domain: string) =>
    call('POST', '/v1/auth/orgs/domains/challenges/dns', who, { domain });
  const verify = (who: Who, challengeId: string, ack?: boolean) =>
    call('POST', '/v1/auth/orgs/domains/challenges/dns/verify', who, {
      challenge_id: challengeId,
      ...(ack === undefined ? {} : { acknowledge_takeover: ack }),
    });
  /** Starts, publishes and verifies `acme.co` for `who`. */
  async function own(who: Who, ack?: boolean) {
    const started = await challenge(who, 'acme.co');
    const { record, challenge_id } = started.json.data;
    deps.dns.setTxt(record.name, [record.value]);
    return { started, verified: await verify(who, challenge_id, ack) };
  }
  return { deps, clock, call, challenge, verify, own };
}

const expectError = (res: { status: number; json: unknown }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.json).toMatchObject({
    data: null,
    error: {
      code,
      message: expect.any(String),
      hint: expect.any(String),
      docs: expect.any(String),
    },
  });
};

describe('Kayle ID embedding', () => {
  it('starts a challenge for the apex with the Kayle record and a 7-day expiry', async () => {
    const { challenge } = await start();
    const res = await challenge('alice', 'App.Acme.co');
    expect(res.status).toBe(201);
    expect(res.json.error).toBeNull();
    const data = res.json.data;
    expect(data.challenge_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.apex_domain).toBe('acme.co');
    expect(data.record).toMatchObject({
      name: '_kayle-id-verification.acme.co',
      host: '_kayle-id-verification',
      type: 'TXT',
    });
    expect(data.record.value).toMatch(/^kayle-id-verification=[a-z2-7]{32,}$/);
    expect(data.expires_at).toBe('2026-03-08T09:00:00.000Z');
    expect(data.conflict).toBeNull();
  });

  it('answers DNS_NOT_PROPAGATED with a diagnosis, then verifies once the record is published', async () => {
    const { deps, clock, challenge, verify } = await start();
    const { data } = (await challenge('alice', 'acme.co')).json;
    const early = await verify('alice', data.challenge_id);
    expectError(early, 409, 'DNS_NOT_PROPAGATED');
    expect(early.json.error.details.diagnosis.recordName).toBe('_kayle-id-verification.acme.co');

    deps.dns.setTxt(data.record.name, [data.record.value]);
    // Every verify call is a lookup: one per 5 s per challenge (the API's 429).
    const tooSoon = await verify('alice', data.challenge_id);
    expectError(tooSoon, 429, 'RATE_LIMITED');
    expect(tooSoon.json.error.details).toEqual({ retryAfterSeconds: 5 });
    clock.advance(5_000);
    const res = await verify('alice', data.challenge_id);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      data: { domain_id: expect.any(String), apex_domain: 'acme.co', takeover_from: null },
      error: null,
    });
  });

  it('needs acknowledgement to take over, names the holder, and tells its owners', async () => {
    const t = await start();
    await t.own('alice');
    const started = await t.challenge('bob', 'acme.co');
    expect(started.json.data.conflict).toEqual({
      organization_id: ACME_ORG_ID,
      organization_name: 'Acme Inc',
    });
    const refused = (await t.own('bob')).verified;
    expectError(refused, 409, 'APEX_TAKEOVER_REQUIRED');
    expect(refused.json.error.details).toEqual({ conflictingOrganizationName: 'Acme Inc' });

    const taken = (await t.own('bob', true)).verified;
    expect(taken.status).toBe(200);
    expect(taken.json.data.takeover_from).toEqual({
      organization_id: ACME_ORG_ID,
      organization_name: 'Acme Inc',
    });
    const acme = await t.call('GET', '/v1/auth/orgs/domains', 'carol');
    expect(acme.json.data[0]).toMatchObject({ status: 'downgraded', downgrade_reason: 'takeover' });
    // The scheduler is just another instance over the same storage.
    await createDomains(t.deps).deliverNotifications();
    expect(t.deps.mailer.sent.map((m) => m.to)).toEqual(['alice@acme.co']);
  });

  it('maps refusals to the Kayle error table', async () => {
    const t = await start();
    expectError(await t.challenge(null, 'acme.co'), 401, 'UNAUTHORIZED');
    expectError(await t.challenge('carol', 'acme.co'), 403, 'FORBIDDEN');
    const suffix = await t.challenge('alice', 'co.uk');
    expectError(suffix, 400, 'APEX_INVALID');
    expect(suffix.json.error.details.reason).toBe('public_suffix');
    // The docs field is a link to the code's anchor on the error reference page.
    expect(suffix.json.error.docs).toBe(`${ERROR_REFERENCE_URL}#apex-invalid`);
    const idn = await t.challenge('alice', 'xn--mnchen-3ya.de');
    expect(idn.json.error.details.reason).toBe('idn_not_allowed');
    expectError(await t.verify('alice', crypto.randomUUID()), 404, 'CHALLENGE_NOT_FOUND');
    expectError(await t.verify('alice', 'x', 'yes' as never), 400, 'INVALID_INPUT');
    expectError(await t.call('POST', '/v1/sessions', 'alice', '{oops'), 400, 'INVALID_INPUT');
    expectError(await t.call('GET', '/v1/nothing', 'alice'), 404, 'NOT_FOUND');

    const { data } = (await t.challenge('alice', 'acme.co')).json;
    t.deps.dns.fail(data.record.name, 'servfail');
    expectError(await t.verify('alice', data.challenge_id), 503, 'DNS_LOOKUP_FAILED');
    t.clock.advance(7 * 86_400_000 + 1);
    expectError(await t.verify('alice', data.challenge_id), 400, 'CHALLENGE_EXPIRED');

    t.deps.directory.setScheduledForDeletion(ACME_ORG_ID, true);
    expectError(await t.challenge('alice', 'acme.co'), 410, 'ORGANIZATION_SCHEDULED_FOR_DELETION');
  });

  it('narrows session redirect URLs with patterns and cascades removal', async () => {
    const t = await start();
    const domainId = (await t.own('alice')).verified.json.data.domain_id;
    const session = (url: string) => t.call('POST', '/v1/sessions', 'alice', { redirect_url: url });
    expect((await session('https://id.acme.co/anything')).status).toBe(201);
    expectError(
      await session('https://acme.co.evil.example/'),
      400,
      'REDIRECT_URL_DOMAIN_NOT_VERIFIED',
    );

    const pattern = await t.call('POST', '/v1/auth/orgs/domains/redirect-patterns', 'alice', {
      domain: 'acme.co',
      subdomain: 'app',
      path: '/oauth',
    });
    expect(pattern.status).toBe(201);
    expect(pattern.json.data).toMatchObject({
      url: 'https://app.acme.co/oauth',
      domain_id: domainId,
    });
    const accepted = await session('https://APP.acme.co:443/oauth/callback?state=1');
    expect(accepted.json.data).toMatchObject({
      domain_id: domainId,
      session_id: expect.any(String),
      redirect_url: 'https://app.acme.co/oauth/callback?state=1', // canonical, not the input
    });
    expectError(
      await session('https://app.acme.co/oauthx'),
      400,
      'REDIRECT_URL_PATTERN_NOT_REGISTERED',
    );
    const badPattern = await t.call('POST', '/v1/auth/orgs/domains/redirect-patterns', 'alice', {
      domain: 'acme.co',
      path: '/cb?x=1',
    });
    expectError(badPattern, 422, 'REDIRECT_PATTERN_INVALID');

    const removed = await t.call('DELETE', `/v1/auth/orgs/domains/${domainId}`, 'alice');
    expect(removed.json.data).toEqual({
      domain_id: domainId,
      apex_domain: 'acme.co',
      redirect_patterns_removed: 1,
    });
    expectError(
      await t.call('DELETE', `/v1/auth/orgs/domains/${domainId}`, 'alice'),
      404,
      'DOMAIN_NOT_FOUND',
    );
    expectError(
      await session('https://app.acme.co/oauth'),
      400,
      'REDIRECT_URL_DOMAIN_NOT_VERIFIED',
    );
  });

  it('publishes records through the demo sandbox', async () => {
    const t = await start();
    const { data } = (await t.challenge('alice', 'acme.co')).json;
    const put = await t.call('PUT', '/sandbox/dns/txt', null, {
      name: data.record.name,
      values: [data.record.value],
    });
    expect(put.status).toBe(204);
    expect((await t.verify('alice', data.challenge_id)).status).toBe(200);
  });
});
