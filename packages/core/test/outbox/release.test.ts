// releaseOrganization (issue #14 §6): the host deleted a tenant; its domains stop blocking others.
import { createMemoryEventSink } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import {
  acme,
  createWorld,
  ORGANIZATIONS,
  rival,
  startAndPublish,
  verifyDomain,
} from '../lifecycle/world.js';
import { expectErr, expectOk } from '../support/expect.js';

const support = { organizationId: 'org_acme', userId: 'u_support' } as const;

describe('releaseOrganization', () => {
  it('removes domains and patterns, cancels open challenges, one event per domain, idempotent', async () => {
    const sink = createMemoryEventSink();
    const w = createWorld({}, ORGANIZATIONS, { events: sink });
    const co = await verifyDomain(w, acme, 'acme.co');
    const dev = await verifyDomain(w, acme, 'acme.dev');
    await expectOk(w.app.addRedirectPattern(acme, 'https://app.acme.co/cb'));
    const open = await startAndPublish(w, acme, 'acme.io');
    const kept = await verifyDomain(w, rival, 'rival.co');
    const before = (await w.storage.inspect.events()).length;

    const report = await expectOk(
      w.app.releaseOrganization('org_acme', { reason: 'tenant deleted' }),
    );
    expect(report).toEqual({ domainsRemoved: 2, patternsRemoved: 1, challengesCancelled: 1 });
    expect((await w.storage.inspect.domains()).map((d) => d.id)).toEqual([kept.domainId]);
    expect(await w.storage.inspect.patterns()).toEqual([]);
    const challenge = (await w.storage.inspect.challenges()).find((c) => c.id === open.id);
    expect(challenge?.status).toBe('cancelled');
    const events = (await w.storage.inspect.events()).slice(before).map((e) => e.event);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'domain.removed',
        { domainId: co.domainId, cause: 'organization_released', removedBy: null },
      ],
      [
        'domain.removed',
        { domainId: dev.domainId, cause: 'organization_released', removedBy: null },
      ],
    ]);
    const audit = (await w.storage.inspect.audit()).filter(
      (a) => a.type === 'organization.released',
    );
    expect(audit).toMatchObject([
      { organizationId: 'org_acme', actorUserId: null, details: { reason: 'tenant deleted' } },
    ]);

    // Idempotent: nothing left, nothing written.
    const snapshot = [await w.storage.inspect.audit(), await w.storage.inspect.events()];
    expect(await expectOk(w.app.releaseOrganization('org_acme', { reason: 'again' }))).toEqual({
      domainsRemoved: 0,
      patternsRemoved: 0,
      challengesCancelled: 0,
    });
    expect([await w.storage.inspect.audit(), await w.storage.inspect.events()]).toEqual(snapshot);

    // The subject is free: another organization verifies without a takeover acknowledgement.
    await verifyDomain(w, rival, 'acme.co');
    expect((await expectOk(w.app.findHolder('acme.co')))?.organizationId).toBe('org_rival');
  });

  it('refuses a missing reason or a bad id before touching storage', async () => {
    const w = createWorld();
    w.storage.failNext(100);
    await expectErr(w.app.releaseOrganization('org_acme', { reason: ' ' }), 'INVALID_INPUT');
    await expectErr(w.app.releaseOrganization('org_acme', null as never), 'INVALID_INPUT');
    await expectErr(w.app.releaseOrganization('', { reason: 'x' }), 'INVALID_INPUT');
  });

  it('refuses a reason no storage can hold, as bypass does', async () => {
    const w = createWorld();
    w.storage.failNext(100);
    for (const [reason, problem] of [
      ['ticket\u000042', 'contains U+0000'],
      ['ticket \uD800', 'contains a lone surrogate (not well-formed UTF-16)'],
      ['\uDC00 ticket', 'contains a lone surrogate (not well-formed UTF-16)'],
    ] as const) {
      const e = await expectErr(w.app.releaseOrganization('org_acme', { reason }), 'INVALID_INPUT');
      expect(e.details).toEqual({ field: 'reason', problem });
      const bypass = { organizationId: 'org_acme', domain: 'acme.co', reason };
      const b = await expectErr(w.app.bypassVerification(support, bypass), 'INVALID_INPUT');
      expect(b.details).toEqual({ field: 'reason', problem });
    }
  });
});
