// The second half of the scenario (support/scenario.ts): redirect patterns, the cron and
// server-only endpoints, organization deletion releasing domains, and removal.
import { expect, it } from 'vitest';
import { thrown } from './answers.js';
import { BASE_URL, type TestClient } from './auth.js';
import type { ScenarioWorld } from './scenario.js';

/** What the first half hands over: the world, two signed-in clients, ids, DNS publishing. */
export interface ScenarioState {
  world(): ScenarioWorld;
  clients(): { alice: TestClient; bob: TestClient };
  readonly ids: { acme: string; rival: string; alice: string };
  publish(record: { name: string; value: string } | null | undefined): void;
}

export function scenarioTail(state: ScenarioState) {
  const { ids, publish } = state;
  it('adds and removes redirect patterns; authorizeRedirect decides on the server', async () => {
    const w = state.world();
    const { alice } = state.clients();
    const added = await alice.domainVerification.addRedirectPattern({
      pattern: 'https://app.acme.io/oauth',
    });
    expect(added.error).toBeNull();
    const ok = await w.auth.api.authorizeRedirect({
      body: { organizationId: ids.acme, url: 'https://app.acme.io/oauth/callback?x=1' },
    });
    expect(ok.url).toBe('https://app.acme.io/oauth/callback?x=1');
    expect(
      await thrown(
        w.auth.api.authorizeRedirect({
          body: { organizationId: ids.acme, url: 'https://app.acme.io/oauthx' },
        }),
      ),
    ).toMatchObject({ status: 400, code: 'REDIRECT_URL_PATTERN_NOT_REGISTERED' });
    expect(
      await thrown(
        w.auth.api.authorizeRedirect({
          body: { organizationId: ids.acme, url: 'https://evil.example/oauth' },
        }),
      ),
    ).toMatchObject({ status: 400, code: 'REDIRECT_URL_DOMAIN_NOT_VERIFIED' });
    const removed = await alice.domainVerification.removeRedirectPattern({
      patternId: added.data?.id ?? '',
    });
    expect(removed.data).toEqual({ patternId: added.data?.id });
  });

  it('runs the cron endpoints through auth.api (reverify, events, notifications, bypass)', async () => {
    const w = state.world();
    const reverified = await w.auth.api.reverifyDomains({ body: { limit: 10 } });
    expect(reverified).toMatchObject({ errored: 0, downgraded: 0 });
    // Events leave in order per domain, the head of each domain's queue per call: drain.
    for (let round = 0; round < 20; round++) {
      const delivered = await w.auth.api.deliverDomainEvents({ body: {} });
      if (delivered.delivered === 0) break;
    }
    const types = w.events.delivered.map((d) => d.event.type);
    expect(types).toContain('domain.verified');
    expect(types).toContain('domain.taken_over');
    const notified = await w.auth.api.deliverDomainNotifications({ body: { limit: 5 } });
    expect(notified).toMatchObject({ retried: 0, parked: 0 });

    const denied = await thrown(
      w.auth.api.bypassDomainVerification({
        body: {
          actor: { organizationId: ids.acme, userId: ids.alice },
          organizationId: ids.acme,
          domain: 'acme.support',
          reason: 'customer call',
        },
      }),
    );
    expect(denied).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    (w.staff as { userId: string | null }).userId = ids.alice;
    const bypassed = await w.auth.api.bypassDomainVerification({
      body: {
        actor: { organizationId: ids.acme, userId: ids.alice },
        organizationId: ids.acme,
        domain: 'acme.support',
        reason: 'customer call',
      },
    });
    expect(bypassed.apex).toBe('acme.support');
  });

  it('keeps the server-only endpoints off HTTP', async () => {
    const w = state.world();
    for (const path of [
      'find-holder',
      'reverify-due',
      'deliver-notifications',
      'deliver-events',
      'authorize-redirect',
      'bypass',
      'release-organization',
      'check-pending',
    ]) {
      const response = await w.auth.handler(
        new Request(`${BASE_URL}/api/auth/domain-verification/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BASE_URL },
          body: JSON.stringify({ input: 'acme.co' }),
        }),
      );
      expect(response.status, path).toBe(404);
    }
  });

  it('releases the domains of an organization the organization plugin deletes', async () => {
    const w = state.world();
    const { alice, bob } = state.clients();
    const deleted = await bob.organization.delete({ organizationId: ids.rival });
    expect(deleted.error).toBeNull();
    expect(await w.auth.api.findDomainHolder({ body: { input: 'acme.co' } })).toBeNull();
    // The deleted tenant blocks nobody: Acme proves acme.co again without acknowledging.
    const again = await alice.domainVerification.start({ domain: 'acme.co' });
    expect(again.data?.conflict).toBeNull();
    publish(again.data?.record);
    const verified = await alice.domainVerification.verify({ challengeId: again.data?.id ?? '' });
    expect(verified.data?.takeoverFrom).toBeNull();
    // Idempotent on the server.
    const twice = await w.auth.api.releaseOrganizationDomains({
      body: { organizationId: ids.rival },
    });
    expect(twice).toEqual({ domainsRemoved: 0, patternsRemoved: 0, challengesCancelled: 0 });
  });

  it('removes a verified domain', async () => {
    const _w = state.world();
    const { alice } = state.clients();
    const listed = await alice.domainVerification.listDomains();
    const io = listed.data?.find((d) => d.domain === 'acme.io');
    const removed = await alice.domainVerification.remove({ domainId: io?.id ?? '' });
    expect(removed.data).toMatchObject({ domain: 'acme.io' });
    const after = await alice.domainVerification.listDomains();
    expect(after.data?.map((d) => d.domain)).not.toContain('acme.io');
  });
}
