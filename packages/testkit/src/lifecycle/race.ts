// 50 organizations verify one apex at the same instant against the adapter under test: the
// storage's uniqueness and the core's re-check under the subject lock must leave one holder.
import type { Actor, ApexproofPolicy, Directory } from '@apexproof/core';
import { createApexproof } from '@apexproof/core';
import { expect } from 'vitest';
import type { ModelWorld } from './world.js';

const RACERS = 50;
const APEX = 'contested.co';

/** The world's directory plus `count` one-owner organizations that exist only for the race. */
function withRacers(
  directory: Directory,
  count: number,
): { directory: Directory; racers: Actor[] } {
  const racers = Array.from({ length: count }, (_, i) => ({
    organizationId: `race_org_${i}`,
    userId: `race_owner_${i}`,
  }));
  const byId = new Map(racers.map((r) => [r.organizationId, r]));
  return {
    racers,
    directory: {
      organization: async (id) =>
        byId.has(id)
          ? { id, name: `Racer ${id}`, scheduledForDeletion: false }
          : directory.organization(id),
      role: async (orgId, userId) =>
        byId.has(orgId)
          ? byId.get(orgId)?.userId === userId
            ? 'owner'
            : null
          : directory.role(orgId, userId),
      ownerEmails: async (orgId) => {
        const racer = byId.get(orgId);
        return racer ? [`${racer.userId}@race.example`] : directory.ownerEmails(orgId);
      },
      canBypass: (actor) => directory.canBypass(actor),
    },
  };
}

/** Runs the race on a fresh world; every racer has published its record before the start. */
export async function raceForOneApex(world: ModelWorld, policy?: ApexproofPolicy): Promise<void> {
  const { directory, racers } = withRacers(world.directory, RACERS);
  const app = createApexproof({ ...world, directory, policy });
  const challenges: string[] = [];
  const values: string[] = [];
  let name = '';
  for (const actor of racers) {
    const started = (
      await app.startChallenge(actor, { domain: APEX, method: 'dns-txt' })
    )._unsafeUnwrap();
    challenges.push(started.id);
    values.push(started.record?.value ?? '');
    name = started.record?.name ?? '';
  }
  world.dns.setTxt(name, values);
  const active = async () =>
    (await world.inspect.domains()).filter((d) => d.subject === APEX && d.status === 'active');

  const first = await Promise.all(
    racers.map((actor, i) => app.verifyChallenge(actor, { challengeId: challenges[i] ?? '' })),
  );
  const winners = first.flatMap((r, i) => (r.isOk() ? [racers[i]?.organizationId] : []));
  expect(winners).toHaveLength(1);
  expect(first.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().code)).toEqual(
    Array(RACERS - 1).fill('APEX_TAKEOVER_REQUIRED'),
  );
  expect((await active()).map((d) => d.organizationId)).toEqual(winners);

  // The losers' checks were counted (policy.verifyLimits): the second round comes after the
  // per-challenge window, as a user's retry would.
  world.clock.advance(60_000);
  // With acknowledgement each one may take over in turn: still exactly one holder, and every
  // displaced holder's owner is told once per takeover.
  const acked = await Promise.all(
    racers.map((actor, i) =>
      app.verifyChallenge(actor, { challengeId: challenges[i] ?? '', acknowledgeTakeover: true }),
    ),
  );
  expect(await active()).toHaveLength(1);
  const takeovers = acked.filter((r) => r.isOk() && r.value.takeoverFrom !== null).length;
  expect(takeovers).toBeGreaterThan(0);
  const notices = (await world.inspect.outbox()).filter((m) => m.kind === 'takeover');
  expect(notices).toHaveLength(takeovers);
}
