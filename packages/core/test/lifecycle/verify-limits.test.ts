import { countingResolver } from '@apexproof/testkit';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type ApexproofPolicy,
  createApexproof,
  type DnsResolver,
} from '../../src/index.js';
import { expectErr, expectOk } from '../support/expect.js';
import { acme, createWorld as baseWorld, rival } from './world.js';

// The documented defaults: 1 check per 5 s per challenge, 60 per minute per organization.
const DEFAULTS = { verifyLimits: undefined };

/** The core test world, with a resolver that counts every lookup it is asked for. */
function createWorld(policy: ApexproofPolicy) {
  const w = baseWorld(policy);
  const { dns: counting, lookups } = countingResolver(w.dns as DnsResolver);
  const app = createApexproof({
    storage: w.storage,
    dns: counting,
    mailer: w.mailer,
    directory: w.directory,
    clock: w.clock,
    policy: { record: 'kayle', ...policy },
  });
  return { ...w, app, lookups };
}

async function startAndPublish(w: ReturnType<typeof createWorld>, actor: Actor, domain: string) {
  const started = await expectOk(w.app.startChallenge(actor, { domain, method: 'dns-txt' }));
  if (started.record) w.dns.setTxt(started.record.name, [started.record.value]);
  return started;
}

describe('verifyChallenge rate limits', () => {
  it('per challenge: a second check within 5 s is RATE_LIMITED and issues no lookup', async () => {
    const w = createWorld(DEFAULTS);
    const started = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    await expectErr(w.app.verifyChallenge(acme, { challengeId: started.id }), 'DNS_NOT_PROPAGATED');
    const lookups = w.lookups();
    w.clock.advance(2_000);
    const limited = await expectErr(
      w.app.verifyChallenge(acme, { challengeId: started.id }),
      'RATE_LIMITED',
    );
    expect(limited.status).toBe(429);
    expect(limited.details).toEqual({ retryAfterSeconds: 3 });
    expect(w.lookups()).toBe(lookups);
    // Nothing changed on the challenge: the refused call is not an attempt.
    expect((await expectOk(w.app.getChallenge(acme, started.id))).attempts).toBe(1);
    w.clock.advance(3_000);
    if (started.record) w.dns.setTxt(started.record.name, [started.record.value]);
    await expectOk(w.app.verifyChallenge(acme, { challengeId: started.id }));
  });

  it('per organization: the 61st check within a minute waits; other organizations do not', async () => {
    const w = createWorld(DEFAULTS);
    const ids: string[] = [];
    for (let i = 0; i < 61; i++) {
      const s = await expectOk(
        w.app.startChallenge(acme, { domain: `acme${i}.co`, method: 'dns-txt' }),
      );
      ids.push(s.id);
    }
    for (const id of ids.slice(0, 60)) {
      await expectErr(w.app.verifyChallenge(acme, { challengeId: id }), 'DNS_NOT_PROPAGATED');
      w.clock.advance(500);
    }
    const lookups = w.lookups();
    const limited = await expectErr(
      w.app.verifyChallenge(acme, { challengeId: ids[60] as string }),
      'RATE_LIMITED',
    );
    // The first check leaves the window 60 s after it was made: 30 s from now.
    expect(limited.details).toEqual({ retryAfterSeconds: 30 });
    expect(w.lookups()).toBe(lookups);
    const theirs = await startAndPublish(w, rival, 'rival.co');
    await expectOk(w.app.verifyChallenge(rival, { challengeId: theirs.id }));
    w.clock.advance(30_000);
    await expectErr(
      w.app.verifyChallenge(acme, { challengeId: ids[60] as string }),
      'DNS_NOT_PROPAGATED',
    );
  });

  it('counts across app instances sharing the storage, and prunes old entries', async () => {
    const w = createWorld(DEFAULTS);
    const started = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    await expectErr(w.app.verifyChallenge(acme, { challengeId: started.id }), 'DNS_NOT_PROPAGATED');
    const second = createApexproof({
      storage: w.storage,
      dns: w.dns,
      mailer: w.mailer,
      directory: w.directory,
      clock: w.clock,
      policy: { record: 'kayle' },
    });
    await expectErr(second.verifyChallenge(acme, { challengeId: started.id }), 'RATE_LIMITED');
    w.clock.advance(120_000);
    await expectErr(
      second.verifyChallenge(acme, { challengeId: started.id }),
      'DNS_NOT_PROPAGATED',
    );
    // Only the entry of the last check is left: older ones were pruned before counting.
    expect((await w.storage.inspect.checkLog()).length).toBe(1);
  });

  it('a policy list of unusable entries keeps the defaults; [] switches a limit off', async () => {
    const w = createWorld({
      verifyLimits: { perChallenge: [{ max: Number.NaN, windowMs: 1 }], perOrganization: [] },
    });
    const started = await expectOk(
      w.app.startChallenge(acme, { domain: 'acme.co', method: 'dns-txt' }),
    );
    await expectErr(w.app.verifyChallenge(acme, { challengeId: started.id }), 'DNS_NOT_PROPAGATED');
    await expectErr(w.app.verifyChallenge(acme, { challengeId: started.id }), 'RATE_LIMITED');
  });
});
