// Every answer of `POST /v1/auth/orgs/domains/challenges/dns/verify`, the operation seed 000
// documents, checked against the seed's own OpenAPI 3.1 schema with a JSON-schema validator:
// success with and without a takeover, and each refusal the example can produce.
import { createManualClock } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { loadOpenApi, responseChecker } from '../../shared/openapi.js';
import { listen } from '../../shared/test-client.js';
import { ACME_ORG_ID, createDeps, createServer, RIVAL_ORG_ID } from '../src/app.js';

const PATH = '/v1/auth/orgs/domains/challenges/dns/verify';
const check = responseChecker(loadOpenApi('kayle-seed-000'), PATH, 'post');
const ORG = { alice: ACME_ORG_ID, carol: ACME_ORG_ID, bob: RIVAL_ORG_ID } as const;
type Who = keyof typeof ORG | null;

describe('Kayle verify responses conform to seed 000', () => {
  it('answers every outcome in the documented shape', async () => {
    const clock = createManualClock(new Date('2026-03-01T09:00:00Z'));
    const deps = createDeps({ clock });
    const client = await listen(createServer(deps, { sandbox: true }));
    const call = (path: string, who: Who, body: unknown) =>
      client('POST', path, {
        body,
        headers: who ? { 'x-org-id': ORG[who], 'x-user-id': who } : {},
      });
    const seen: { status: number; code: string | undefined }[] = [];
    const verify = async (who: Who, challengeId: unknown, ack?: boolean) => {
      const body = {
        challenge_id: challengeId,
        ...(ack === undefined ? {} : { acknowledge_takeover: ack }),
      };
      const res = await call(PATH, who, body);
      expect(check(res.status, res.json), `${res.status} ${JSON.stringify(res.json)}`).toEqual([]);
      seen.push({ status: res.status, code: res.json?.error?.code });
      return res;
    };
    const start = async (who: Who, domain: string) =>
      (await call('/v1/auth/orgs/domains/challenges/dns', who, { domain })).json.data;

    const alice = await start('alice', 'acme.co');
    await verify('alice', alice.challenge_id); // 409 DNS_NOT_PROPAGATED
    deps.dns.setTxt(alice.record.name, [alice.record.value]);
    await verify(null, alice.challenge_id); // 401
    await verify('carol', alice.challenge_id); // 403
    await verify('alice', crypto.randomUUID()); // 404
    await verify('alice', 42); // 400 INVALID_INPUT
    await verify('alice', alice.challenge_id); // 429 RATE_LIMITED: one check per 5 s
    clock.advance(5_000);
    expect((await verify('alice', alice.challenge_id)).json.data.takeover_from).toBeNull();

    const bob = await start('bob', 'acme.co');
    deps.dns.setTxt(bob.record.name, [alice.record.value, bob.record.value]);
    await verify('bob', bob.challenge_id); // 409 APEX_TAKEOVER_REQUIRED
    const taken = await verify('bob', bob.challenge_id, true);
    expect(taken.json.data.takeover_from).toEqual({
      organization_id: ACME_ORG_ID,
      organization_name: 'Acme Inc',
    });

    const other = await start('alice', 'acme.io');
    deps.dns.fail(other.record.name, 'servfail');
    await verify('alice', other.challenge_id); // 503
    clock.advance(7 * 86_400_000 + 1);
    await verify('alice', other.challenge_id); // 400 CHALLENGE_EXPIRED
    deps.directory.setScheduledForDeletion(ACME_ORG_ID, true);
    await verify('alice', other.challenge_id); // 410

    expect(seen.map((s) => `${s.status} ${s.code ?? 'ok'}`)).toEqual([
      '409 DNS_NOT_PROPAGATED',
      '401 UNAUTHORIZED',
      '403 FORBIDDEN',
      '404 CHALLENGE_NOT_FOUND',
      '400 INVALID_INPUT',
      '429 RATE_LIMITED',
      '200 ok',
      '409 APEX_TAKEOVER_REQUIRED',
      '200 ok',
      '503 DNS_LOOKUP_FAILED',
      '400 CHALLENGE_EXPIRED',
      '410 ORGANIZATION_SCHEDULED_FOR_DELETION',
    ]);
  });

  it('would catch a response that breaks the schema', () => {
    const bad = {
      data: {
        domain_id: crypto.randomUUID(),
        apex_domain: 'acme.co',
        takeover_from: { organization_id: 'org_acme', organization_name: 'Acme' },
      },
      error: null,
    };
    expect(check(200, bad)).toEqual([
      '/data/takeover_from/organization_id must match format "uuid"',
    ]);
  });
});
