// The endpoints over checkPending, listAudit and listEvidence, in a real better-auth: a record
// published and never clicked is verified by the app's cron; members read the trail and what
// each verification saw; the sweep is server-only.
import { createManualClock, createMemoryDns, createMemoryStorage } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { BASE_URL, buildAuth, clientFor, createOrganization, signUp } from './support/auth.js';

describe('pending checks, audit and evidence through the plugin', () => {
  it('the cron verifies a published record; members read the trail and the evidence', async () => {
    const dns = createMemoryDns();
    const clock = createManualClock(new Date('2026-12-01T09:00:00Z'));
    const auth = buildAuth({ storage: createMemoryStorage(), dns, plugin: { clock } });
    const alice = clientFor(auth);
    await signUp(alice, 'Alice');
    await createOrganization(alice, 'Acme');

    const started = await alice.domainVerification.start({ domain: 'acme.co' });
    expect(started.error).toBeNull();
    const record = started.data?.record;
    if (!record) throw new Error('no record');
    dns.setTxt(record.name, [record.value]);
    // Nobody clicks verify; the app's cron runs a minute later.
    clock.advance(60_000);
    const report = await auth.api.checkPendingChallenges({ body: {} });
    expect(report).toMatchObject({ checked: 1, verified: 1, awaitingAcknowledgement: 0 });

    const domains = await alice.domainVerification.listDomains();
    const domain = domains.data?.[0];
    expect(domain).toMatchObject({ domain: 'acme.co', status: 'active' });

    const audit = await alice.domainVerification.audit({ query: { limit: 10 } });
    expect(audit.error).toBeNull();
    expect(audit.data?.entries.map((e) => e.type)).toEqual([
      'domain.verified',
      'challenge.started',
    ]);
    const evidence = await alice.domainVerification.evidence({
      query: { domainId: domain?.id ?? '' },
    });
    expect(evidence.error).toBeNull();
    expect(evidence.data).toHaveLength(1);
    expect(evidence.data?.[0]).toMatchObject({ recordName: record.name, actorUserId: null });

    // Another organization's domain id is unknown to this member.
    const unknown = await alice.domainVerification.evidence({ query: { domainId: 'nope' } });
    expect(unknown.error).toMatchObject({ status: 404, code: 'DOMAIN_NOT_FOUND' });

    // The sweep is for the server's cron only.
    const overHttp = await auth.handler(
      new Request(`${BASE_URL}/api/auth/domain-verification/check-pending`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect(overHttp.status).toBe(404);
  });
});
