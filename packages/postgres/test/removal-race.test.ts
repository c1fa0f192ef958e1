// addRedirectPattern racing removeDomain on a real server, through the use cases: whichever
// wins, no pattern is left without its domain (it was 29 orphans in 30 rounds before the
// subject lock and the foreign key).
import { type Actor, createApexproof } from '@apexproof/core';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
} from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { createPostgresStorage, fromPgPool } from '../src/index.js';
import { inspector } from './support/inspect.js';
import { useRealServer } from './support/real-server.js';

const { missing, freshPool } = useRealServer('real-server removal race');

describe.skipIf(missing !== undefined)('removal racing a pattern insert', () => {
  it('never leaves a pattern without its domain (30 rounds)', async () => {
    const pool = await freshPool('apexproof_removal_race', 6);
    const read = inspector({ query: (text) => pool.query(text) });
    const dns = createMemoryDns();
    const app = createApexproof({
      storage: createPostgresStorage({ client: fromPgPool(pool) }),
      dns,
      mailer: createMemoryMailer(),
      directory: createMemoryDirectory({
        organizations: [
          {
            id: 'org',
            name: 'Org',
            members: [{ userId: 'u', role: 'owner', email: 'u@o.example' }],
          },
        ],
      }),
      clock: createManualClock(new Date('2026-06-01T00:00:00Z')),
    });
    const actor: Actor = { organizationId: 'org', userId: 'u' };
    const answers = new Set<string>();
    for (let round = 0; round < 30; round++) {
      const apex = `race${round}.co`;
      const started = (
        await app.startChallenge(actor, { domain: apex, method: 'dns-txt' })
      )._unsafeUnwrap();
      dns.setTxt(started.record?.name ?? '', [started.record?.value ?? '']);
      const verified = (
        await app.verifyChallenge(actor, { challengeId: started.id })
      )._unsafeUnwrap();
      const [added, removed] = await Promise.all([
        app.addRedirectPattern(actor, `https://app.${apex}/callback`),
        app.removeDomain(actor, { domainId: verified.domainId }),
      ]);
      expect(removed.isOk()).toBe(true);
      answers.add(added.isOk() ? 'added' : added.error.code);
      const domains = new Set((await read.domains()).map((d) => d.id));
      const orphans = (await read.patterns()).filter((p) => !domains.has(p.domainId));
      expect(orphans).toEqual([]);
    }
    // Each outcome is a proper answer: added (then removed with the domain) or not found.
    expect([...answers].every((a) => a === 'added' || a === 'DOMAIN_NOT_FOUND')).toBe(true);
  }, 120_000);
});
