// Text no storage can hold, end to end on PGlite (PostgreSQL refuses U+0000, and lone
// surrogates in jsonb): from the host's Directory it is made storable, so it never blocks a
// downgrade, a takeover or a notice; from a caller it is INVALID_INPUT, never
// STORAGE_UNAVAILABLE ("try again shortly", which would never help).
import { type Actor, createApexproof } from '@apexproof/core';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
} from '@apexproof/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage, fromPGlite, migrate } from '../src/index.js';
import { inspector } from './support/inspect.js';
import { newPGlite } from './support/pglite.js';

const db = await newPGlite();
const client = fromPGlite(db);
beforeAll(async () => {
  await db.waitReady;
  await migrate(client);
}, 60_000);
afterAll(() => db.close());

const DAY = 86_400_000;
const nul: Actor = { organizationId: 'org_nul', userId: 'n1' };
const rival: Actor = { organizationId: 'org_rival', userId: 'r1' };
const staff: Actor = { organizationId: 'org_rival', userId: 'staff' };

function world() {
  const dns = createMemoryDns();
  const clock = createManualClock(new Date('2026-03-01T09:00:00Z'));
  const mailer = createMemoryMailer();
  const app = createApexproof({
    storage: createPostgresStorage({ client }),
    dns,
    mailer,
    clock,
    directory: createMemoryDirectory({
      organizations: [
        {
          id: 'org_nul',
          name: 'Nul\u0000 Corp \uD800',
          members: [{ userId: 'n1', role: 'owner', email: 'owner\u0000@nul.example' }],
        },
        {
          id: 'org_rival',
          name: 'Rival',
          members: [
            { userId: 'r1', role: 'owner', email: 'r1@rival.example' },
            { userId: 'staff', role: 'owner', email: 'staff@rival.example' },
          ],
        },
      ],
      bypassUsers: ['staff'],
    }),
    policy: { apex: { extraSuffixes: ['example'] }, record: 'kayle' },
  });
  const verify = async (actor: Actor, domain: string, ack = false) => {
    const started = (
      await app.startChallenge(actor, { domain, method: 'dns-txt' })
    )._unsafeUnwrap();
    dns.setTxt(started.record?.name ?? '', [started.record?.value ?? '']);
    return app.verifyChallenge(actor, { challengeId: started.id, acknowledgeTakeover: ack });
  };
  return { app, dns, clock, mailer, verify };
}

describe('Directory text with U+0000 and lone surrogates on PostgreSQL', () => {
  it('never blocks a downgrade, a takeover or their notices', async () => {
    const w = world();
    const held = (await w.verify(nul, 'down.example'))._unsafeUnwrap();
    (await w.verify(nul, 'taken.example'))._unsafeUnwrap();
    // Re-verification misses three times: downgraded, owners told.
    w.dns.remove('_kayle-id-verification.down.example');
    for (let i = 0; i < 3; i++) {
      w.clock.advance(2 * DAY);
      const report = (await w.app.reverifyDue())._unsafeUnwrap();
      expect(report.errored).toBe(0);
    }
    const read = inspector({ query: (text) => db.query(text) });
    const down = (await read.domains()).find((d) => d.id === held.domainId);
    expect(down).toMatchObject({ status: 'downgraded', downgradeReason: 'reverification' });
    // Taken over: the holder's name travels, made storable.
    const taken = (await w.verify(rival, 'taken.example', true))._unsafeUnwrap();
    expect(taken.takeoverFrom?.organizationName).toBe('Nul\uFFFD Corp \uFFFD');
    const notices = (await read.outbox()).filter((m) => m.organizationId === 'org_nul');
    expect(notices.map((m) => m.kind).sort()).toEqual(['downgrade', 'takeover']);
    expect(notices.every((m) => m.to === 'owner\uFFFD@nul.example')).toBe(true);
    const delivered = (await w.app.deliverNotifications())._unsafeUnwrap();
    expect(delivered.claimed).toBeGreaterThan(0);
  });
});

describe('caller text no storage can hold', () => {
  it('a bypass reason with a lone surrogate is INVALID_INPUT', async () => {
    const w = world();
    const r = await w.app.bypassVerification(staff, {
      organizationId: 'org_rival',
      domain: 'bypass.example',
      reason: 'migration \uD800',
    });
    expect(r._unsafeUnwrapErr().code).toBe('INVALID_INPUT');
  });

  it('an e-mail local part with a lone surrogate is INVALID_INPUT', async () => {
    const w = world();
    const r = await w.app.startChallenge(rival, {
      domain: 'mail.example',
      method: 'email-otp',
      email: 'ad\uDC00min@mail.example',
    });
    expect(r._unsafeUnwrapErr().code).toBe('INVALID_INPUT');
  });

  it('an actor whose user id has a lone surrogate is INVALID_INPUT', async () => {
    const w = world();
    const r = await w.app.listDomains({ organizationId: 'org_rival', userId: 'r1\uD800' });
    expect(r._unsafeUnwrapErr().code).toBe('INVALID_INPUT');
  });
});
