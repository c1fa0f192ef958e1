// The same scenario on the real PostgreSQL server (a throw-away cluster, as the postgres
// package's tests start it): better-auth's own tables on that database (its migrations run
// programmatically), apexproof's tables beside them (`migrate(fromPgPool(pool))`), and two
// organizations racing for one domain leaving one holder.
import type { OutgoingMail } from '@apexproof/core';
import { createManualClock, createMemoryDns, createMemoryEventSink } from '@apexproof/memory';
import { createPostgresStorage, fromPgPool, migrate } from '@apexproof/postgres';
import { getMigrations } from 'better-auth/db/migration';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRealServer } from '../../postgres/test/support/real-server.js';
import {
  buildAuth,
  clientFor,
  createOrganization,
  headersOf,
  signUp,
  type TestAuth,
} from './support/auth.js';
import { betterAuthScenario, type ScenarioWorld } from './support/scenario.js';

const real = useRealServer('better-auth on a real PostgreSQL server');

/** better-auth and apexproof on one database: both migrations, as the README says. */
async function sameDatabase(
  name: string,
  world: Omit<Parameters<typeof buildAuth>[0], 'storage' | 'pool'>,
) {
  const pool: pg.Pool = await real.freshPool(name, 10);
  const auth = buildAuth({
    ...world,
    pool,
    storage: createPostgresStorage({ client: fromPgPool(pool) }),
  });
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  await migrate(fromPgPool(pool)); // apexproof's (safe to run again)
  return { auth, pool };
}

describe.skipIf(real.missing !== undefined && process.env.CI !== 'true')(
  'better-auth + apexproof on a real PostgreSQL server',
  () => {
    describe('the scenario', () => {
      betterAuthScenario(async () => {
        const dns = createMemoryDns();
        const events = createMemoryEventSink();
        const mail: OutgoingMail[] = [];
        const staff: { userId: string | null } = { userId: null };
        const clock = createManualClock(new Date());
        const { auth, pool } = await sameDatabase('ba_scenario', {
          dns,
          events,
          sendEmail: async (m) => {
            mail.push(m);
          },
          plugin: { canBypass: (actor) => actor.userId === staff.userId, clock },
        });
        const tables = await pool.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
        );
        const names = tables.rows.map((r) => r.table_name);
        expect(names).toEqual(expect.arrayContaining(['user', 'member', 'organization']));
        expect(names).toEqual(expect.arrayContaining(['apexproof_verified_domains']));
        return { auth, dns, events, mail, staff, clock } satisfies ScenarioWorld;
      });
    });

    describe('two organizations racing for one domain', () => {
      let auth: TestAuth;
      let pool: pg.Pool;
      const dns = createMemoryDns({ latencyMs: 15 });
      beforeAll(async () => {
        ({ auth, pool } = await sameDatabase('ba_race', { dns }));
      });

      it('leaves exactly one active holder, with or without acknowledgement', async () => {
        const one = clientFor(auth);
        const two = clientFor(auth);
        await signUp(one, 'Uno');
        await signUp(two, 'Dos');
        const orgs = [await createOrganization(one, 'Uno'), await createOrganization(two, 'Dos')];
        const clients = [one, two] as const;
        for (const [round, acknowledgeTakeover] of [false, false, false, true, true].entries()) {
          const domain = `race-${round}.co`;
          const started = await Promise.all(
            clients.map((c) => c.domainVerification.start({ domain })),
          );
          const challenges = started.map((s) => {
            if (!s.data?.record) throw new Error(`start failed: ${JSON.stringify(s.error)}`);
            return s.data;
          });
          const name = challenges[0]?.record?.name ?? '';
          dns.setTxt(
            name,
            challenges.map((c) => c.record?.value ?? ''),
          );
          const outcomes = await Promise.allSettled(
            clients.map((c, i) =>
              auth.api.verifyDomainChallenge({
                body: { challengeId: challenges[i]?.id ?? '', acknowledgeTakeover },
                headers: headersOf(c),
              }),
            ),
          );
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          if (!acknowledgeTakeover) {
            // The loser is refused (takeover would need acknowledgement, or the row is busy).
            expect(won, domain).toHaveLength(1);
            for (const o of outcomes)
              if (o.status === 'rejected')
                expect((o.reason as { statusCode: number }).statusCode).toBe(409);
          }
          const active = await pool.query<{ organization_id: string }>(
            `SELECT organization_id FROM apexproof_verified_domains
             WHERE subject = $1 AND status = 'active'`,
            [domain],
          );
          expect(active.rows, domain).toHaveLength(1);
          const holder = await auth.api.findDomainHolder({ body: { input: domain } });
          expect(holder?.organizationId).toBe(active.rows[0]?.organization_id);
          expect(orgs).toContain(holder?.organizationId);
        }
      });
    });
  },
);
