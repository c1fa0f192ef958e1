// Leases of the sweeps. A call leases its rows a chunk at a time as lookups free up, so a lease
// only has to outlast a few lookups: with slow lookups and a short lease, a second worker
// starting mid-call must not check again what the first still holds. (When a call leased all
// `limit` rows up front, the last rows' leases ran out before their turn and were checked twice.)
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
} from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { createApexproof, type DnsResolver } from '../../src/index.js';
import { expectOk } from '../support/expect.js';
import { acme, ORGANIZATIONS } from './world.js';

const T0 = new Date('2026-06-01T00:00:00Z');
const DOMAINS = 40;

async function world(
  policy: Parameters<typeof createApexproof>[0]['policy'] = {},
  { lookupMs = 1_000, seed = true } = {},
) {
  const storage = createMemoryStorage();
  const dns = createMemoryDns();
  const clock = createManualClock(T0);
  const lookups = new Map<string, number>();
  let onLookup = () => {};
  // Every lookup takes `lookupMs` of the manual clock.
  const resolver: DnsResolver = {
    ns: (name) => dns.ns(name),
    txt: async (name) => {
      lookups.set(name, (lookups.get(name) ?? 0) + 1);
      clock.advance(lookupMs);
      onLookup();
      return dns.txt(name);
    },
  };
  await storage.transaction(async (tx) => {
    for (let i = 0; i < (seed ? DOMAINS : 0); i++) {
      const name = `_kayle-id-verification.d${i}.example`;
      dns.setTxt(name, [`token${i}`]);
      await tx.domains.insert({
        id: `dom_${i}`,
        organizationId: 'org_a',
        subject: `d${i}.example`,
        subjectKind: 'apex',
        method: 'dns-txt',
        status: 'active',
        downgradeReason: null,
        verifiedAt: new Date(T0.getTime() - 86_400_000),
        downgradedAt: null,
        recordName: name,
        recordValue: `token${i}`,
        lastCheckedAt: null,
        lastAttemptAt: null,
        consecutiveMisses: 0,
        nextCheckAt: new Date(T0.getTime() - (DOMAINS - i) * 1_000),
        leaseUntil: null,
        version: 1,
      });
    }
  });
  const app = createApexproof({
    storage,
    dns: resolver,
    mailer: createMemoryMailer(),
    directory: createMemoryDirectory({ organizations: ORGANIZATIONS }),
    clock,
    policy: { record: 'kayle', ...policy },
  });
  return {
    app,
    storage,
    dns,
    clock,
    lookups,
    resolver,
    setOnLookup: (f: () => void) => (onLookup = f),
  };
}

describe('sweep leases', () => {
  it('a second worker mid-call never re-checks what the first still holds', async () => {
    const w = await world({ reverification: { leaseMs: 10_000 } });
    let second: ReturnType<typeof w.app.reverifyDue> | undefined;
    let count = 0;
    // The second worker starts at the first worker's 15th lookup: 15 s in, past a lease taken
    // at the start of the first call.
    w.setOnLookup(() => {
      if (++count === 15) second = w.app.reverifyDue({ limit: DOMAINS, concurrency: 2 });
    });
    const first = await expectOk(w.app.reverifyDue({ limit: DOMAINS, concurrency: 2 }));
    if (second === undefined) throw new Error('the second worker never started');
    const other = await expectOk(second);
    expect([...w.lookups.values()].every((n) => n === 1)).toBe(true);
    expect(w.lookups.size).toBe(DOMAINS);
    expect(first.checked + other.checked).toBe(DOMAINS);
    expect(first.ok + other.ok).toBe(DOMAINS);
  });

  it('a call checks a domain at most once, even with errorRetryMs 0 and a clock that stands still', async () => {
    const w = await world({ reverification: { errorRetryMs: 0 } }, { lookupMs: 0 });
    for (let i = 0; i < DOMAINS; i++)
      w.dns.fail(`_kayle-id-verification.d${i}.example`, 'servfail');
    const report = await expectOk(w.app.reverifyDue({ limit: 100, concurrency: 3 }));
    expect(report).toMatchObject({ checked: DOMAINS, errored: DOMAINS });
    expect([...w.lookups.values()].every((n) => n === 1)).toBe(true);
    // Retried by the next call.
    w.clock.advance(1);
    expect((await expectOk(w.app.reverifyDue({ limit: 100, concurrency: 3 }))).errored).toBe(
      DOMAINS,
    );
  });

  it('a call checks a domain at most once, even when the wall clock steps back mid-call', async () => {
    const w = await world({ reverification: { errorRetryMs: 0 } }, { lookupMs: 0 });
    for (let i = 0; i < DOMAINS; i++)
      w.dns.fail(`_kayle-id-verification.d${i}.example`, 'servfail');
    // An NTP step: after the first lookup, "now" is 5 ms earlier than when the call began.
    let stepped = false;
    w.setOnLookup(() => {
      stepped = true;
    });
    const app = createApexproof({
      storage: w.storage,
      dns: w.resolver,
      mailer: createMemoryMailer(),
      directory: createMemoryDirectory({ organizations: ORGANIZATIONS }),
      clock: { now: () => new Date(w.clock.now().getTime() - (stepped ? 5 : 0)) },
      policy: { record: 'kayle', reverification: { errorRetryMs: 0 } },
    });
    const report = await expectOk(app.reverifyDue({ limit: 100, concurrency: 3 }));
    expect(report).toMatchObject({ checked: DOMAINS, errored: DOMAINS });
    expect([...w.lookups.values()].every((n) => n === 1)).toBe(true);
  });

  it('checkPending: a second worker mid-call never re-checks what the first still holds', async () => {
    const w = await world({ pendingChecks: { leaseMs: 10_000 } }, { seed: false });
    for (let i = 0; i < DOMAINS; i++) {
      const started = await expectOk(
        w.app.startChallenge(acme, { domain: `p${i}-pending.co`, method: 'dns-txt' }),
      );
      // Not published yet: every check is a miss, and every challenge stays pending.
      expect(started.record).not.toBeNull();
    }
    w.clock.advance(60_000); // the first check is due a minute after creation
    let second: ReturnType<typeof w.app.checkPending> | undefined;
    let count = 0;
    w.setOnLookup(() => {
      if (++count === 15) second = w.app.checkPending({ limit: DOMAINS, concurrency: 2 });
    });
    const first = await expectOk(w.app.checkPending({ limit: DOMAINS, concurrency: 2 }));
    if (second === undefined) throw new Error('the second worker never started');
    const other = await expectOk(second);
    expect(w.lookups.size).toBe(DOMAINS);
    expect([...w.lookups.values()].every((n) => n === 1)).toBe(true);
    expect(first.pending + other.pending).toBe(DOMAINS);
  });
});
