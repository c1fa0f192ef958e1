// The public surface of createApexproof: the exact use-case names, and that every one answers a
// ResultAsync — an Err for malformed input, never a throw and never a write.
import { ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { recordPresets, resolvePolicy } from '../../src/index.js';
import { acme, createWorld, USE_CASES } from './world.js';

const MAINTENANCE = new Set<string>([
  'reverifyDue',
  'checkPending',
  'deliverNotifications',
  'deliverEvents',
]);

describe('createApexproof', () => {
  it('exposes exactly the use cases, frozen', () => {
    const { app } = createWorld();
    expect(Object.keys(app).sort()).toEqual([...USE_CASES].sort());
    expect(Object.isFrozen(app)).toBe(true);
  });

  it('answers malformed calls with an Err ResultAsync, never a throw, and writes nothing', async () => {
    const w = createWorld();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately calling with wrong types
    const app = w.app as any;
    const garbage = [undefined, null, 42, '', {}, [], 'x'];
    for (const name of USE_CASES)
      for (const a of garbage)
        for (const b of garbage) {
          const r = app[name](a, b);
          expect(r, name).toBeInstanceOf(ResultAsync);
          const settled = await r;
          // The maintenance calls accept missing options; everything else refuses.
          if (MAINTENANCE.has(name)) continue;
          expect(settled.isErr(), `${name}(${String(a)}, ${String(b)})`).toBe(true);
        }
    expect(await w.storage.inspect.challenges()).toEqual([]);
    expect(await w.storage.inspect.domains()).toEqual([]);
    expect(await w.storage.inspect.audit()).toEqual([]);
    // A well-formed actor with a malformed input is refused the same way.
    expect((await w.app.verifyChallenge(acme, { challengeId: '' }))._unsafeUnwrapErr().code).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('policy defaults', () => {
  it("apex subjects, apexproof's own record, 7 days, 24 h, 3 misses, acknowledge, owners, UUIDs", () => {
    const p = resolvePolicy();
    expect(p).toMatchObject({
      subject: 'apex',
      record: recordPresets.apexproof,
      challengeTtlMs: 7 * 86_400_000,
      takeover: 'acknowledge',
      manageRoles: ['owner'],
      idFormat: 'uuid',
      reverification: { intervalMs: 86_400_000, missThreshold: 3 },
      emailOtp: { codeLength: 6, codeTtlMs: 600_000, maxAttempts: 5, mailbox: 'any' },
      nameservers: { expected: [], match: 'all' },
    });
    expect(resolvePolicy({ manageRoles: ['owner', 'admin'] }).manageRoles).toEqual([
      'owner',
      'admin',
    ]);
  });

  it('lets other roles manage when the host says so', async () => {
    const w = createWorld({ manageRoles: ['owner', 'member'] });
    const member = { organizationId: 'org_acme', userId: 'u_mallory' };
    expect(
      (await w.app.startChallenge(member, { domain: 'acme.co', method: 'dns-txt' })).isOk(),
    ).toBe(true);
  });
});
