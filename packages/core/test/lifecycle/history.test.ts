import { describe, expect, it } from 'vitest';
import type { AuditPage } from '../../src/index.js';
import { expectErr, expectOk } from '../support/expect.js';
import { acme, acmeMember, createWorld, rival, verifyDomain } from './world.js';

describe('listAudit', () => {
  it('pages the trail newest first, scoped to the organization', async () => {
    const w = createWorld();
    await verifyDomain(w, acme, 'acme.co');
    await verifyDomain(w, acme, 'acme.io');
    await verifyDomain(w, rival, 'rival.co');
    const all = (await w.storage.inspect.audit()).filter((a) => a.organizationId === 'org_acme');
    expect(all.length).toBeGreaterThan(3);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page: AuditPage = await expectOk(w.app.listAudit(acmeMember, { cursor, limit: 2 }));
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual(all.map((a) => a.id).reverse());
    const first = await expectOk(w.app.listAudit(acme));
    expect(first.entries[0]?.type).toBe('domain.verified');
    expect(first.entries[0]?.domain).toBe('acme.io');
    expect(first.nextCursor).toBeNull();
  });

  it('refuses a cursor of another organization, a forged one and bad limits', async () => {
    const w = createWorld();
    await verifyDomain(w, rival, 'rival.co');
    const theirs = await expectOk(w.app.listAudit(rival, { limit: 1 }));
    const id = theirs.entries[0]?.id ?? '';
    await expectErr(w.app.listAudit(acme, { cursor: id }), 'INVALID_INPUT');
    for (const cursor of [42, 'x'.repeat(1_000_000), 'a\u0000b', {}])
      await expectErr(
        w.app.listAudit(acme, { cursor: cursor as unknown as string }),
        'INVALID_INPUT',
      );
    await expectErr(w.app.listAudit(acme, { limit: '5' as unknown as number }), 'INVALID_INPUT');
    expect((await expectOk(w.app.listAudit(acme, { limit: 0 }))).entries).toEqual([]);
  });
});

describe('listEvidence', () => {
  it('shows what was seen, and only for the organization that holds the domain', async () => {
    const w = createWorld();
    const { domainId } = await verifyDomain(w, acme, 'acme.co');
    const evidence = await expectOk(w.app.listEvidence(acmeMember, domainId));
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({
      kind: 'verification',
      method: 'dns-txt',
      domain: 'acme.co',
      recordName: '_kayle-id-verification.acme.co',
    });
    expect(evidence[0]?.valuesSeen.length).toBe(1);
    await expectErr(w.app.listEvidence(rival, domainId), 'DOMAIN_NOT_FOUND');
    await expectErr(w.app.listEvidence(acme, 'dom_nope'), 'DOMAIN_NOT_FOUND');
    await expectErr(w.app.listEvidence(acme, 'x'.repeat(300)), 'DOMAIN_NOT_FOUND');
    await expectErr(w.app.listEvidence(acme, '' as string), 'INVALID_INPUT');
  });
});
