// The scenario every storage runs (memory, and the real PostgreSQL server): two users, two
// organizations, a DNS challenge, the takeover with and without acknowledgement, the e-mail
// code, multi-role members, no active organization, a non-member, cron endpoints, redirects,
// and organization deletion releasing its domains. Through the typed client (HTTP Requests
// into `auth.handler`) and through `auth.api.*`, against a real better-auth instance.
import type { OutgoingMail } from '@apexproof/core';
import type { ManualClock, MemoryDns, MemoryEventSink } from '@apexproof/memory';
import { beforeAll, expect, it } from 'vitest';
import { failure, thrown } from './answers.js';
import {
  clientFor,
  createOrganization,
  headersOf,
  signUp,
  type TestAuth,
  type TestClient,
} from './auth.js';
import { scenarioTail } from './scenario-tail.js';

export interface ScenarioWorld {
  readonly auth: TestAuth;
  readonly dns: MemoryDns;
  readonly events: MemoryEventSink;
  /** What the app's `sendEmail` was given. */
  readonly mail: OutgoingMail[];
  /** The user id the app's `canBypass` lets record a domain without proof. */
  readonly staff: { readonly userId: string | null };
  /** apexproof's clock (the plugin's `clock` option); better-auth keeps real time. */
  readonly clock: ManualClock;
}

export function betterAuthScenario(setup: () => Promise<ScenarioWorld>) {
  let w: ScenarioWorld;
  let alice: TestClient;
  let bob: TestClient;
  let carol: TestClient;
  let dave: TestClient;
  const ids = { acme: '', rival: '', alice: '', carol: '', dave: '', bob: '' };
  let aliceEmail = '';

  // Two organizations may publish their tokens at the same name: keep what is there.
  const published = new Map<string, string[]>();
  const publish = (record: { name: string; value: string } | null | undefined) => {
    if (!record) throw new Error('no record to publish');
    const values = [...(published.get(record.name) ?? []), record.value];
    published.set(record.name, values);
    w.dns.setTxt(record.name, values);
  };

  beforeAll(async () => {
    w = await setup();
    alice = clientFor(w.auth);
    bob = clientFor(w.auth);
    carol = clientFor(w.auth);
    dave = clientFor(w.auth);
  });

  it('signs up two users, each creating an organization that becomes active', async () => {
    const a = await signUp(alice, 'Alice');
    const b = await signUp(bob, 'Bob');
    ids.alice = a.id;
    ids.bob = b.id;
    aliceEmail = a.email;
    ids.acme = await createOrganization(alice, 'Acme');
    ids.rival = await createOrganization(bob, 'Rival');
    const session = await alice.getSession();
    expect(
      (session.data?.session as { activeOrganizationId?: string } | undefined)
        ?.activeOrganizationId,
    ).toBe(ids.acme);
  });

  it('starts a DNS challenge whose answer holds the record to publish, then verifies it', async () => {
    const started = await alice.domainVerification.start({ domain: 'ACME.co' });
    expect(started.error).toBeNull();
    const challenge = started.data;
    expect(challenge?.organizationId).toBe(ids.acme);
    expect(challenge?.domain).toBe('acme.co');
    expect(challenge?.record).toMatchObject({
      type: 'TXT',
      name: '_apexproof-verification.acme.co',
      host: '_apexproof-verification',
    });
    expect(challenge?.record?.value).toMatch(/^apexproof-verification=/);
    const got = await alice.domainVerification.challenge({
      query: { challengeId: challenge?.id ?? '' },
    });
    expect(got.data?.record).toEqual(challenge?.record);

    // Not published yet: 409 with the diagnosis, nothing verified.
    const early = await alice.domainVerification.verify({ challengeId: challenge?.id ?? '' });
    expect(failure(early)).toEqual({ status: 409, code: 'DNS_NOT_PROPAGATED' });

    publish(challenge?.record);
    // One verify per challenge every 5 s (the core's verify limits): at once is 429.
    const limited = await alice.domainVerification.verify({ challengeId: challenge?.id ?? '' });
    expect(failure(limited)).toEqual({ status: 429, code: 'RATE_LIMITED' });
    w.clock.advance(5_000);
    const verified = await alice.domainVerification.verify({ challengeId: challenge?.id ?? '' });
    expect(verified.error).toBeNull();
    expect(verified.data).toMatchObject({ apex: 'acme.co', takeoverFrom: null });

    const listed = await alice.domainVerification.listDomains();
    expect(listed.data?.map((d) => [d.domain, d.status])).toEqual([['acme.co', 'active']]);
    const status = await alice.domainVerification.status({ query: { domain: 'acme.co' } });
    expect(status.data?.verified).toBe(true);
  });

  it('refuses a takeover without acknowledgement: 409 APEX_TAKEOVER_REQUIRED naming the holder', async () => {
    const started = await bob.domainVerification.start({ domain: 'acme.co' });
    expect(started.data?.conflict).toEqual({ organizationId: ids.acme, organizationName: 'Acme' });
    publish(started.data?.record);
    const refused = await bob.domainVerification.verify({ challengeId: started.data?.id ?? '' });
    expect(failure(refused)).toEqual({ status: 409, code: 'APEX_TAKEOVER_REQUIRED' });
    // The same through auth.api: an APIError with the catalog's status, code and details.
    const viaApi = await thrown(
      w.auth.api.verifyDomainChallenge({
        body: { challengeId: started.data?.id ?? '', acknowledgeTakeover: false },
        headers: headersOf(bob),
      }),
    );
    expect(viaApi).toMatchObject({
      status: 409,
      code: 'APEX_TAKEOVER_REQUIRED',
      details: { conflictingOrganizationId: ids.acme, conflictingOrganizationName: 'Acme' },
    });
    const holder = await w.auth.api.findDomainHolder({ body: { input: 'acme.co' } });
    expect(holder?.organizationId).toBe(ids.acme);
  });

  it('takes the domain over with acknowledgement; the previous holder owner is told by mail', async () => {
    const status = await bob.domainVerification.status({ query: { domain: 'acme.co' } });
    const open = status.data?.openChallenges[0];
    expect(open).toBeTruthy();
    const taken = await bob.domainVerification.verify({
      challengeId: (open as { challengeId?: string; id?: string }).challengeId ?? '',
      acknowledgeTakeover: true,
    });
    expect(taken.error).toBeNull();
    expect(taken.data?.takeoverFrom).toEqual({
      organizationId: ids.acme,
      organizationName: 'Acme',
    });
    const holder = await w.auth.api.findDomainHolder({ body: { input: 'someone@acme.co' } });
    expect(holder).toMatchObject({ organizationId: ids.rival, subject: 'acme.co' });

    const aliceList = await alice.domainVerification.listDomains();
    expect(aliceList.data?.map((d) => [d.domain, d.status, d.downgradeReason])).toEqual([
      ['acme.co', 'downgraded', 'takeover'],
    ]);
    const report = await w.auth.api.deliverDomainNotifications({ body: {} });
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(w.mail.some((m) => m.to === aliceEmail && /transferred/.test(m.subject))).toBe(true);
  });

  it('proves a domain by e-mail code, sent through the app sendEmail', async () => {
    const started = await alice.domainVerification.start({
      domain: 'acme.io',
      method: 'email-otp',
      email: 'admin@acme.io',
    });
    expect(started.error).toBeNull();
    expect(started.data?.record).toBeNull();
    await w.auth.api.deliverDomainNotifications({ body: {} });
    const sent = w.mail.filter((m) => m.to === 'admin@acme.io');
    const code = /\b(\d{6})\b/.exec(sent.at(-1)?.text ?? '')?.[1];
    expect(code).toBeDefined();
    const wrong = await alice.domainVerification.confirm({
      challengeId: started.data?.id ?? '',
      code: code === '000000' ? '111111' : '000000',
    });
    expect(failure(wrong)).toEqual({ status: 400, code: 'OTP_INVALID' });
    const confirmed = await alice.domainVerification.confirm({
      challengeId: started.data?.id ?? '',
      code: code ?? '',
    });
    expect(confirmed.data).toMatchObject({ apex: 'acme.io', takeoverFrom: null });
  });

  it('reads a multi-role member string ("member,owner") as the roles it lists', async () => {
    ids.carol = (await signUp(carol, 'Carol')).id;
    ids.dave = (await signUp(dave, 'Dave')).id;
    const added = await w.auth.api.addMember({
      body: { userId: ids.carol, organizationId: ids.acme, role: ['member', 'owner'] },
    });
    expect(added?.role).toBe('member,owner');
    await w.auth.api.addMember({
      body: { userId: ids.dave, organizationId: ids.acme, role: 'member' },
    });
    // Carol manages domains through the `owner` among her roles.
    const started = await carol.domainVerification.start({
      domain: 'acme.dev',
      organizationId: ids.acme,
    });
    expect(started.error).toBeNull();
    expect(started.data?.organizationId).toBe(ids.acme);
    // Dave is a plain member: he may read, not manage.
    const refused = await dave.domainVerification.start({
      domain: 'acme.dev',
      organizationId: ids.acme,
    });
    expect(failure(refused)).toEqual({ status: 403, code: 'FORBIDDEN' });
    const read = await dave.domainVerification.listDomains({
      query: { organizationId: ids.acme },
    });
    expect(read.data?.map((d) => d.domain).sort()).toEqual(['acme.co', 'acme.io']);
  });

  it('without an active organization and without organizationId: 400 INVALID_INPUT', async () => {
    const session = await carol.getSession();
    expect(
      (session.data?.session as { activeOrganizationId?: string | null } | undefined)
        ?.activeOrganizationId ?? null,
    ).toBeNull();
    const refused = await carol.domainVerification.start({ domain: 'acme.dev' });
    expect(failure(refused)).toEqual({ status: 400, code: 'INVALID_INPUT' });
    const listed = await carol.domainVerification.listDomains();
    expect(failure(listed)).toEqual({ status: 400, code: 'INVALID_INPUT' });
  });

  it("refuses a non-member naming another organization's id, and hides its challenges", async () => {
    const refused = await bob.domainVerification.start({
      domain: 'acme.dev',
      organizationId: ids.acme,
    });
    expect(failure(refused)).toEqual({ status: 403, code: 'FORBIDDEN' });
    const listed = await bob.domainVerification.listDomains({
      query: { organizationId: ids.acme },
    });
    expect(failure(listed)).toEqual({ status: 403, code: 'FORBIDDEN' });
    const aliceChallenge = await alice.domainVerification.start({ domain: 'acme.shop' });
    const peek = await bob.domainVerification.challenge({
      query: { challengeId: aliceChallenge.data?.id ?? '' },
    });
    expect(failure(peek)).toEqual({ status: 404, code: 'CHALLENGE_NOT_FOUND' });
    const cancel = await bob.domainVerification.cancel({
      challengeId: aliceChallenge.data?.id ?? '',
    });
    expect(failure(cancel)).toEqual({ status: 404, code: 'CHALLENGE_NOT_FOUND' });
    const cancelled = await alice.domainVerification.cancel({
      challengeId: aliceChallenge.data?.id ?? '',
    });
    expect(cancelled.data?.status).toBe('cancelled');
  });

  scenarioTail({
    world: () => w,
    clients: () => ({ alice, bob }),
    ids,
    publish,
  });
}
