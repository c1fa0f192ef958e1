// Ids and stored free text from a hostile caller (defects found in review): U+0000 or a 5 MB
// id must answer the entity's NOT_FOUND code (PostgreSQL answered 503 for U+0000), and ids
// echoed in error details are cut. The same scenario runs on PGlite in @apexproof/postgres.
import type { ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { ApexproofError } from '../../src/index.js';
import { expectErr, expectOk } from '../support/expect.js';
import { acme, createWorld, verifyDomain } from './world.js';

const support = { organizationId: 'org_acme', userId: 'u_support' } as const;
const HOSTILE_IDS = ['a\u0000b', '\u0000', 'x'.repeat(257), 'x'.repeat(5_000_000)];

describe('hostile ids', () => {
  it.each(HOSTILE_IDS.map((id) => [id.length, id]))(
    'an id of %i code units never reaches the storage and is not found',
    async (_, id) => {
      const w = createWorld();
      await verifyDomain(w, acme, 'acme.co');
      const code = async (r: ResultAsync<unknown, ApexproofError>) => {
        const e = (await r)._unsafeUnwrapErr();
        // Every id echoed in details is cut to 64 code units.
        for (const v of Object.values(e.details))
          if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(64);
        return e.code;
      };
      expect(await code(w.app.getChallenge(acme, id))).toBe('CHALLENGE_NOT_FOUND');
      expect(await code(w.app.cancelChallenge(acme, id))).toBe('CHALLENGE_NOT_FOUND');
      expect(await code(w.app.verifyChallenge(acme, { challengeId: id }))).toBe(
        'CHALLENGE_NOT_FOUND',
      );
      expect(await code(w.app.confirmChallenge(acme, { challengeId: id, code: '123456' }))).toBe(
        'CHALLENGE_NOT_FOUND',
      );
      expect(await code(w.app.removeDomain(acme, { domainId: id }))).toBe('DOMAIN_NOT_FOUND');
      expect(await code(w.app.removeRedirectPattern(acme, { patternId: id }))).toBe(
        'DOMAIN_NOT_FOUND',
      );
      expect(await code(w.app.authorizeRedirect(id, 'https://acme.co/'))).toBe(
        'REDIRECT_URL_DOMAIN_NOT_VERIFIED',
      );
      expect(
        await code(
          w.app.bypassVerification(support, { organizationId: id, domain: 'b.co', reason: 'r' }),
        ),
      ).toBe('ORGANIZATION_NOT_FOUND');
      // The same calls on real ids still work: the guard refuses only impossible ids.
      expect((await w.app.authorizeRedirect('org_acme', 'https://acme.co/')).isOk()).toBe(true);
    },
  );

  it('echoes a 5 MB id cut, never whole', async () => {
    const w = createWorld();
    const id = 'y'.repeat(5_000_000);
    const e = (await w.app.getChallenge(acme, id))._unsafeUnwrapErr();
    expect(e.details).toEqual({ challengeId: `${'y'.repeat(63)}…` });
  });

  it('refuses U+0000 in stored free text and in actor ids', async () => {
    const w = createWorld();
    const bypass = { organizationId: 'org_acme', domain: 'acme.co', reason: 'ticket\u000042' };
    const e = (await w.app.bypassVerification(support, bypass))._unsafeUnwrapErr();
    expect(e.details).toEqual({ field: 'reason', problem: 'contains U+0000' });
    const otp = await w.app.startChallenge(acme, {
      domain: 'acme.co',
      method: 'email-otp',
      email: 'postmaster@acme.co\u0000',
    });
    expect(otp._unsafeUnwrapErr().details).toEqual({ field: 'email', problem: 'contains U+0000' });
    const actor = { organizationId: 'org_acme', userId: 'u_alice\u0000' };
    await expectErr(w.app.listDomains(actor), 'INVALID_INPUT');
    expect(await w.storage.inspect.challenges()).toEqual([]);
    expect(await w.storage.inspect.domains()).toEqual([]);
  });

  it('a missing id stays a malformed call', async () => {
    const w = createWorld();
    for (const id of ['', undefined, 42]) {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately calling with wrong types
      const r = await w.app.getChallenge(acme, id as any);
      expect(r._unsafeUnwrapErr().code).toBe('INVALID_INPUT');
    }
  });
});

describe('hostile conversions (review repros)', () => {
  const poison = JSON.parse('{"toString":1}');
  it('describes an unsupported method or e-mail by its type, never converting it', async () => {
    const w = createWorld();
    const method = await w.app.startChallenge(acme, { domain: 'acme.co', method: poison });
    expect(method._unsafeUnwrapErr().details).toEqual({
      field: 'method',
      problem: 'unsupported method object',
    });
    const email = await w.app.startChallenge(acme, {
      domain: 'acme.co',
      method: 'email-otp',
      email: poison,
    });
    expect(email._unsafeUnwrapErr().details).toEqual({
      field: 'email',
      problem: 'must be a string',
    });
  });

  it('maintenance options must be finite numbers: anything else is INVALID_INPUT', async () => {
    const w = createWorld();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately calling with wrong types
    const app = w.app as any;
    for (const [call, options, field] of [
      ['reverifyDue', { limit: poison }, 'limit'],
      ['reverifyDue', { limit: 10n }, 'limit'],
      ['reverifyDue', { concurrency: Symbol('x') }, 'concurrency'],
      ['reverifyDue', { limit: Number.NaN }, 'limit'],
      ['reverifyDue', { limit: '10' }, 'limit'],
      ['checkPending', { limit: poison }, 'limit'],
      ['checkPending', { concurrency: Symbol('x') }, 'concurrency'],
      ['deliverNotifications', { limit: poison }, 'limit'],
      ['deliverNotifications', { limit: Number.POSITIVE_INFINITY }, 'limit'],
      ['deliverNotifications', 'all', 'options'],
    ] as const) {
      const e = (await app[call](options))._unsafeUnwrapErr();
      expect(e.code, call).toBe('INVALID_INPUT');
      expect(e.details.field, call).toBe(field);
    }
    // Absent options and fields take the defaults; finite numbers are floored and clamped.
    expect((await expectOk(w.app.reverifyDue())).checked).toBe(0);
    expect((await w.app.reverifyDue({ limit: -3.5, concurrency: 0 })).isOk()).toBe(true);
    expect((await w.app.deliverNotifications({ limit: 1e300 })).isOk()).toBe(true);
  });
});
