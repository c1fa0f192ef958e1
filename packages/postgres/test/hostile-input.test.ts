// Hostile ids through the use cases, on PGlite and on memory side by side: U+0000 (which
// PostgreSQL rejects with SQLSTATE 22021) and oversized ids must answer the same NOT_FOUND
// codes on both, never STORAGE_UNAVAILABLE, and must leave the database untouched.

import { type Apexproof, createApexproof, type Storage } from '@apexproof/core';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
} from '@apexproof/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage, fromPGlite, migrate } from '../src/index.js';
import { TRUNCATE_ALL } from './support/inspect.js';
import { newPGlite } from './support/pglite.js';

const owner = { organizationId: 'org_a', userId: 'a1' } as const;
const support = { organizationId: 'org_a', userId: 'staff' } as const;

/** An app on `storage` with one verified domain (a.example) and one redirect pattern. */
async function appOn(storage: Storage): Promise<Apexproof> {
  const dns = createMemoryDns();
  const app = createApexproof({
    storage,
    dns,
    mailer: createMemoryMailer(),
    clock: createManualClock(new Date('2026-03-01T09:00:00Z')),
    directory: createMemoryDirectory({
      organizations: [
        {
          id: 'org_a',
          name: 'Org A',
          members: [{ userId: 'a1', role: 'owner', email: 'a1@a.example' }],
        },
      ],
      bypassUsers: ['staff'],
    }),
    policy: { apex: { extraSuffixes: ['example'] } },
  });
  const started = (
    await app.startChallenge(owner, { domain: 'a.example', method: 'dns-txt' })
  )._unsafeUnwrap();
  dns.setTxt(started.record?.name ?? '', [started.record?.value ?? '']);
  (await app.verifyChallenge(owner, { challengeId: started.id }))._unsafeUnwrap();
  (await app.addRedirectPattern(owner, 'https://a.example/cb'))._unsafeUnwrap();
  return app;
}

/** Every lookup by id, answered as `code` (and the longest string in its details). */
async function answers(app: Apexproof, id: string) {
  const calls = {
    getChallenge: app.getChallenge(owner, id),
    cancelChallenge: app.cancelChallenge(owner, id),
    verifyChallenge: app.verifyChallenge(owner, { challengeId: id }),
    confirmChallenge: app.confirmChallenge(owner, { challengeId: id, code: '123456' }),
    removeDomain: app.removeDomain(owner, { domainId: id }),
    removeRedirectPattern: app.removeRedirectPattern(owner, { patternId: id }),
    authorizeRedirect: app.authorizeRedirect(id, 'https://a.example/cb'),
    bypassVerification: app.bypassVerification(support, {
      organizationId: id,
      domain: 'b.example',
      reason: 'ticket 1',
    }),
    bypassReason: app.bypassVerification(support, {
      organizationId: 'org_a',
      domain: 'b.example',
      reason: 'ticket\u00001',
    }),
  };
  const out: Record<string, { code: string; longest: number }> = {};
  for (const [name, call] of Object.entries(calls)) {
    const e = (await call)._unsafeUnwrapErr();
    const strings = Object.values(e.details).filter((v) => typeof v === 'string') as string[];
    out[name] = { code: e.code, longest: Math.max(0, ...strings.map((s) => s.length)) };
  }
  return out;
}

const EXPECTED = {
  getChallenge: 'CHALLENGE_NOT_FOUND',
  cancelChallenge: 'CHALLENGE_NOT_FOUND',
  verifyChallenge: 'CHALLENGE_NOT_FOUND',
  confirmChallenge: 'CHALLENGE_NOT_FOUND',
  removeDomain: 'DOMAIN_NOT_FOUND',
  removeRedirectPattern: 'DOMAIN_NOT_FOUND',
  authorizeRedirect: 'REDIRECT_URL_DOMAIN_NOT_VERIFIED',
  bypassVerification: 'ORGANIZATION_NOT_FOUND',
};

const db = await newPGlite();
describe('hostile ids on PGlite and memory', () => {
  const client = fromPGlite(db);
  let pglite: Apexproof;
  let memory: Apexproof;
  beforeAll(async () => {
    await db.waitReady;
    await migrate(client);
    await client.query(TRUNCATE_ALL);
    pglite = await appOn(createPostgresStorage({ client }));
    memory = await appOn(createMemoryStorage());
  }, 60_000);
  afterAll(() => db.close());

  it.each([
    ['U+0000 inside', 'a\u0000b'],
    ['only U+0000', '\u0000'],
    ['257 characters', 'x'.repeat(257)],
    ['5 MB', 'x'.repeat(5_000_000)],
  ])('an id with %s is not found, the same on both, and echoed cut', async (_, id) => {
    const onPg = await answers(pglite, id);
    const onMemory = await answers(memory, id);
    expect(onPg).toEqual(onMemory);
    for (const [name, code] of Object.entries(EXPECTED)) {
      expect(onPg[name]?.code, name).toBe(code);
      expect(onPg[name]?.longest, name).toBeLessThanOrEqual(64);
    }
    // Stored free text with U+0000 is refused before the storage too.
    expect(onPg.bypassReason?.code).toBe('INVALID_INPUT');
    // Nothing was written or broken: the verified domain still authorizes its URL.
    expect((await pglite.listDomains(owner))._unsafeUnwrap()).toHaveLength(1);
    expect((await pglite.authorizeRedirect('org_a', 'https://a.example/cb')).isOk()).toBe(true);
  });
});
