// Faults around verification (defects found in review): a resolver that breaks its contract,
// a storage read that fails while the `verifying` lock is held, and a non-boolean
// acknowledgement. Fakes only for the faults; everything else is the memory world.
import { describe, expect, it } from 'vitest';
import { type Apexproof, createApexproof, type DnsResolver } from '../../src/index.js';
import { expectOk } from '../support/expect.js';
import { acme, createWorld, DAY, rival, verifyDomain } from './world.js';

/** A resolver that answers `garbage` (when set) instead of the memory zone. */
function faultyWorld(policy = {}) {
  const w = createWorld(policy);
  const fault: { garbage?: unknown; failReads: number; lookups: number } = {
    failReads: 0,
    lookups: 0,
  };
  const answer = <T>(real: () => Promise<T>) => {
    fault.lookups++;
    return 'garbage' in fault ? Promise.resolve(fault.garbage as T) : real();
  };
  const dns: DnsResolver = {
    txt: (name) => answer(() => w.dns.txt(name)),
    ns: (name) => answer(() => w.dns.ns(name)),
  };
  // The diagnosis read (`listForSubject`) fails while `failReads` > 0.
  const storage = {
    transaction: ((fn) =>
      w.storage.transaction((tx) =>
        fn(
          new Proxy(tx, {
            get(target, key) {
              if (key !== 'challenges') return Reflect.get(target, key);
              return {
                ...target.challenges,
                listForSubject: (...args: Parameters<typeof target.challenges.listForSubject>) => {
                  if (fault.failReads > 0) {
                    fault.failReads--;
                    return Promise.reject(new Error('connection reset'));
                  }
                  return target.challenges.listForSubject(...args);
                },
              };
            },
          }),
        ),
      )) as typeof w.storage.transaction,
  };
  const app: Apexproof = createApexproof({
    storage,
    dns,
    mailer: w.mailer,
    directory: w.directory,
    clock: w.clock,
    policy: { verifyLimits: { perChallenge: [], perOrganization: [] }, ...policy },
  });
  return { ...w, app, fault };
}

const GARBAGE: [string, unknown][] = [
  ['null', null],
  ['a bare string', 'v=spf1 -all'],
  ['no answer', { ok: true }],
  ['records not an array', { ok: true, answer: { rcode: 'NOERROR', records: 'x' } }],
  [
    'a record that is a bare string',
    {
      ok: true,
      answer: {
        rcode: 'NOERROR',
        records: ['x'],
        cnameChain: [],
        authenticated: false,
        resolvers: [],
      },
    },
  ],
  [
    'a record with a non-string',
    {
      ok: true,
      answer: {
        rcode: 'NOERROR',
        records: [[1, null]],
        cnameChain: [],
        authenticated: false,
        resolvers: [],
      },
    },
  ],
  [
    'an unknown rcode',
    {
      ok: true,
      answer: {
        rcode: 'SERVFAIL',
        records: [],
        cnameChain: [],
        authenticated: false,
        resolvers: [],
      },
    },
  ],
  ['failures not a list', { ok: false, failures: 'timeout' }],
  ['failures of unknown kind', { ok: false, failures: [{ kind: 'boom' }] }],
];

describe('a resolver that breaks its contract', () => {
  it.each(GARBAGE)('%s is a malformed lookup failure: no strike, no lock left', async (_, g) => {
    const w = faultyWorld();
    const c = await expectOk(w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }));
    w.dns.setTxt(c.record?.name ?? '', [c.record?.value ?? '']);
    w.fault.garbage = g;
    const e = (await w.app.verifyChallenge(acme, { challengeId: c.id }))._unsafeUnwrapErr();
    expect(e.code).toBe('DNS_LOOKUP_FAILED');
    expect((e.details as { failures: { kind: string }[] }).failures.map((f) => f.kind)).toEqual([
      'malformed',
    ]);
    expect(await expectOk(w.app.getChallenge(acme, c.id))).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
    delete w.fault.garbage;
    expect((await w.app.verifyChallenge(acme, { challengeId: c.id })).isOk()).toBe(true);
  });

  it('ns-delegation: NS records that are not strings are a lookup failure', async () => {
    const w = faultyWorld({ nameservers: { expected: ['ns1.example.net'] } });
    const c = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'ns-delegation' }),
    );
    w.fault.garbage = {
      ok: true,
      answer: {
        rcode: 'NOERROR',
        records: [null],
        cnameChain: [],
        authenticated: false,
        resolvers: [],
      },
    };
    const e = (await w.app.verifyChallenge(acme, { challengeId: c.id }))._unsafeUnwrapErr();
    expect(e.code).toBe('DNS_LOOKUP_FAILED');
    expect((await expectOk(w.app.getChallenge(acme, c.id))).status).toBe('pending');
  });

  it.each(GARBAGE)('re-verification: %s counts as errored, never as a strike', async (_, g) => {
    const w = faultyWorld();
    await verifyDomain(w, acme, 'acme.co');
    w.fault.garbage = g;
    w.clock.advance(DAY);
    const report = await expectOk(w.app.reverifyDue({ limit: 10 }));
    expect(report).toMatchObject({ checked: 1, errored: 1, missed: 0 });
    const [domain] = await w.storage.inspect.domains();
    expect(domain).toMatchObject({ status: 'active', consecutiveMisses: 0 });
  });
});

describe('the verifying lock', () => {
  it('is released when the diagnosis read fails, so the next try is not CHALLENGE_IN_PROGRESS', async () => {
    const w = faultyWorld();
    const c = await expectOk(w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }));
    w.fault.failReads = 1;
    const first = (await w.app.verifyChallenge(acme, { challengeId: c.id }))._unsafeUnwrapErr();
    expect(first.code).toBe('STORAGE_UNAVAILABLE');
    expect(await expectOk(w.app.getChallenge(acme, c.id))).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
    // No clock advance: a lock left behind would answer CHALLENGE_IN_PROGRESS here.
    const second = (await w.app.verifyChallenge(acme, { challengeId: c.id }))._unsafeUnwrapErr();
    expect(second.code).toBe('DNS_NOT_PROPAGATED');
    w.dns.setTxt(c.record?.name ?? '', [c.record?.value ?? '']);
    expect((await w.app.verifyChallenge(acme, { challengeId: c.id })).isOk()).toBe(true);
  });
});

describe('acknowledgeTakeover', () => {
  it('only `true` acknowledges: "false" is refused before any lookup, the challenge untouched', async () => {
    const w = faultyWorld();
    await verifyDomain(w, rival, 'acme.co');
    const c = await expectOk(w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }));
    const lookups = w.fault.lookups;
    for (const acknowledgeTakeover of ['false', 'true', 1, {}]) {
      const r = await w.app.verifyChallenge(acme, {
        challengeId: c.id,
        // biome-ignore lint/suspicious/noExplicitAny: a host passing a request body through
        acknowledgeTakeover: acknowledgeTakeover as any,
      });
      expect(r._unsafeUnwrapErr().code).toBe('APEX_TAKEOVER_REQUIRED');
    }
    expect(w.fault.lookups).toBe(lookups);
    expect(await expectOk(w.app.getChallenge(acme, c.id))).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastFailure: null,
    });
  });
});
