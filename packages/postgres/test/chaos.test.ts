// Chaos on a real PostgreSQL server: four application instances share one pg Pool whose every
// connection is fresh (`maxUses: 1`, as behind a load balancer) and keep verifying, taking over,
// re-verifying and delivering mail while backends are terminated in a loop and the server is
// restarted with `-m fast` and `-m immediate`. The process must survive (an unheard 'error'
// event would end it, and vitest with it), every call must answer a Result, and once the faults
// stop the invariants hold: one holder per domain, nothing left `verifying`, no mail lost and
// no mail sent twice except after a lost "sent" mark.
import { type Actor, type ApexproofError, createApexproof } from '@apexproof/core';
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

const { missing, freshPool, server } = useRealServer('real-server chaos test');

const T0 = new Date('2026-06-01T08:00:00.000Z');
const HOUR = 3_600_000;
const APEXES = ['alpha.co', 'bravo.co', 'charlie.co', 'delta.co'];
const ORGS = ['org_a', 'org_b', 'org_c'];
/** What a call may answer while the database comes and goes, besides success. */
const EXPECTED = new Set([
  'STORAGE_UNAVAILABLE',
  'CHALLENGE_IN_PROGRESS',
  'CHALLENGE_NOT_FOUND',
  'RATE_LIMITED',
  'APEX_TAKEOVER_REQUIRED',
]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(missing !== undefined)('postgres under chaos on a real server', () => {
  it('survives killed connections and restarts; every call answers; invariants hold', async () => {
    const pool = await freshPool('apexproof_chaos', 8, {
      maxUses: 1,
      connectionTimeoutMillis: 5_000,
    });
    const read = inspector({ query: (text) => pool.query(text) });
    const organizations = ORGS.map((id) => ({
      id,
      name: id.toUpperCase(),
      members: [
        { userId: `${id}_1`, role: 'owner', email: `one@${id}.example` },
        { userId: `${id}_2`, role: 'owner', email: `two@${id}.example` },
      ],
    }));
    const actor = (org: string): Actor => ({ organizationId: org, userId: `${org}_1` });
    const dns = createMemoryDns();
    const mailer = createMemoryMailer();
    const clock = createManualClock(T0);
    const apps = Array.from({ length: 4 }, () =>
      createApexproof({
        storage: createPostgresStorage({ client: fromPgPool(pool) }),
        dns,
        mailer,
        directory: createMemoryDirectory({ organizations }),
        clock,
        policy: { reverification: { intervalMs: HOUR } },
      }),
    );

    const unexpected: string[] = [];
    let calls = 0;
    let unaccounted = 0; // claimed messages neither sent, retried nor parked (a lost save)
    const answer = async <T>(what: string, call: () => unknown): Promise<T | null> => {
      calls++;
      let result: { isOk(): boolean; value?: T; error?: ApexproofError };
      try {
        result = (await (call() as Promise<unknown>)) as typeof result;
      } catch (error) {
        unexpected.push(`${what} rejected: ${error}`);
        return null;
      }
      if (result.isOk()) return result.value as T;
      const code = result.error?.code ?? 'none';
      if (!EXPECTED.has(code)) unexpected.push(`${what}: ${code}`);
      return null;
    };

    const published = new Map<string, string[]>();
    const publish = (name: string, value: string) => {
      const values = [...(published.get(name) ?? []), value];
      published.set(name, values);
      dns.setTxt(name, values);
    };

    let running = true;
    const worker = async (w: number) => {
      const app = apps[w] as (typeof apps)[number];
      for (let round = 0; running; round++) {
        const org = ORGS[(w + round) % ORGS.length] as string;
        const apex = APEXES[(w * 7 + round) % APEXES.length] as string;
        const started = await answer<{ id: string; record: { name: string; value: string } }>(
          'startChallenge',
          () => app.startChallenge(actor(org), { domain: apex, method: 'dns-txt' }),
        );
        if (started) {
          publish(started.record.name, started.record.value);
          await answer('verifyChallenge', () =>
            app.verifyChallenge(actor(org), { challengeId: started.id, acknowledgeTakeover: true }),
          );
        }
        await answer('reverifyDue', () => app.reverifyDue({ limit: 10, concurrency: 3 }));
        const report = await answer<{
          claimed: number;
          sent: number;
          retried: number;
          parked: number;
        }>('deliverNotifications', () => app.deliverNotifications({ limit: 10 }));
        if (report) unaccounted += report.claimed - report.sent - report.retried - report.parked;
        clock.advance(10 * 60_000); // re-verification comes due as the rounds go by
      }
    };

    const pg = server();
    const faults = async () => {
      const kill = async (ms: number) => {
        for (const end = Date.now() + ms; Date.now() < end; ) {
          await pg.terminateBackends('apexproof_chaos').catch(() => 0);
          await sleep(100);
        }
      };
      await kill(2_500);
      await pg.restart('fast');
      await kill(2_500);
      await pg.restart('immediate');
      await kill(2_500);
    };

    const workers = apps.map((_, w) => worker(w));
    await faults();
    running = false;
    await Promise.all(workers);
    expect(calls).toBeGreaterThan(20);

    // Faults over. A lock left by a commit that died is released by a later verify once
    // verifyLockMs has passed; mail whose lease ran out is claimed again.
    clock.advance(2 * HOUR);
    const app = apps[0] as (typeof apps)[number];
    for (const c of await read.challenges()) {
      if (c.status !== 'verifying') continue;
      await answer('verifyChallenge (recovery)', () =>
        app.verifyChallenge(actor(c.organizationId), {
          challengeId: c.id,
          acknowledgeTakeover: true,
        }),
      );
    }
    for (let i = 0; i < 50; i++) {
      const report = await app.deliverNotifications({ limit: 100 });
      if (report.isOk())
        unaccounted +=
          report.value.claimed - report.value.sent - report.value.retried - report.value.parked;
      if (report.isOk() && report.value.claimed === 0) break;
      clock.advance(HOUR);
    }

    expect(unexpected).toEqual([]);
    const challenges = await read.challenges();
    expect(challenges.filter((c) => c.status === 'verifying')).toEqual([]);
    const domains = await read.domains();
    for (const apex of APEXES)
      expect(
        domains.filter((d) => d.subject === apex && d.status === 'active').length,
      ).toBeLessThanOrEqual(1);
    const outbox = await read.outbox();
    expect(outbox.filter((m) => m.status !== 'sent')).toEqual([]);
    // Each message reached the mailer; a second copy only follows a "sent" mark that was lost.
    const sends = new Map<string, number>();
    for (const m of mailer.sent) {
      const key = `${m.to}\n${m.subject}\n${m.text}`;
      sends.set(key, (sends.get(key) ?? 0) + 1);
    }
    for (const m of outbox.filter((o) => o.kind !== 'email-otp'))
      expect(sends.get(`${m.to}\n${m.subject}\n${m.text}`) ?? 0).toBeGreaterThan(0);
    const doubled = mailer.sent.length - outbox.length;
    expect(doubled).toBeGreaterThanOrEqual(0);
    expect(doubled).toBeLessThanOrEqual(unaccounted);
    console.info(
      `[chaos] ${calls} calls, ${outbox.length} messages, ${doubled} sent twice after a lost mark`,
    );
  }, 180_000);
});
