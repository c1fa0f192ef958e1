// The one in-memory world of the core's use-case tests: organizations with owners and members,
// a DNS zone, a mailer and a manual clock. The e-mail tests build on it with their own organizations.

import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
  type MemoryOrganization,
} from '@apexproof/memory';
import {
  type Actor,
  type Apexproof,
  type ApexproofPolicy,
  createApexproof,
} from '../../src/index.js';
import { expectOk } from '../support/expect.js';

export const DAY = 24 * 3_600_000;

export const acme = { organizationId: 'org_acme', userId: 'u_alice' } as const;
export const acmeMember = { organizationId: 'org_acme', userId: 'u_mallory' } as const;
export const rival = { organizationId: 'org_rival', userId: 'u_bob' } as const;
export const third = { organizationId: 'org_third', userId: 'u_carol' } as const;
export const doomed = { organizationId: 'org_doomed', userId: 'u_dave' } as const;

/** Acme (two owners and a member), Rival, Third, and Doomed (scheduled for deletion). */
export const ORGANIZATIONS: readonly MemoryOrganization[] = [
  {
    id: 'org_acme',
    name: 'Acme Inc',
    members: [
      { userId: 'u_alice', role: 'owner', email: 'alice@acme.co' },
      { userId: 'u_anna', role: 'owner', email: 'anna@acme.co' },
      { userId: 'u_mallory', role: 'member', email: 'mallory@acme.co' },
    ],
  },
  {
    id: 'org_rival',
    name: 'Rival LLC',
    members: [{ userId: 'u_bob', role: 'owner', email: 'bob@rival.example' }],
  },
  {
    id: 'org_third',
    name: 'Third Co',
    members: [{ userId: 'u_carol', role: 'owner', email: 'carol@third.example' }],
  },
  {
    id: 'org_doomed',
    name: 'Doomed',
    scheduledForDeletion: true,
    members: [{ userId: 'u_dave', role: 'owner', email: 'dave@doomed.example' }],
  },
];

/**
 * The one world of the core tests: memory ports, a manual clock at 2026-03-01 09:00 UTC, the
 * organizations above (or the caller's), and `u_support` allowed to bypass. The core tests
 * speak the Kayle record (`_kayle-id-verification`) unless a test picks another.
 */
export function createWorld(
  policy: ApexproofPolicy = {},
  organizations: readonly MemoryOrganization[] = ORGANIZATIONS,
) {
  const storage = createMemoryStorage();
  const dns = createMemoryDns();
  const mailer = createMemoryMailer();
  const clock = createManualClock(new Date('2026-03-01T09:00:00Z'));
  const directory = createMemoryDirectory({ organizations, bypassUsers: ['u_support'] });
  const app = createApexproof({
    storage,
    dns,
    mailer,
    directory,
    clock,
    policy: { record: 'kayle', ...policy },
  });
  return { app, storage, dns, mailer, clock, directory };
}

export type World = ReturnType<typeof createWorld>;

/** Every use case of `createApexproof`, by its exact name. */
export const USE_CASES = [
  'startChallenge',
  'verifyChallenge',
  'confirmChallenge',
  'bypassVerification',
  'getVerificationStatus',
  'getChallenge',
  'cancelChallenge',
  'listDomains',
  'removeDomain',
  'addRedirectPattern',
  'removeRedirectPattern',
  'authorizeRedirect',
  'reverifyDue',
  'deliverNotifications',
] as const satisfies readonly (keyof Apexproof)[];

/** Starts a dns-txt challenge and publishes its record; returns the started challenge. */
export async function startAndPublish(world: World, actor: Actor, domain: string) {
  const started = await expectOk(world.app.startChallenge(actor, { domain, method: 'dns-txt' }));
  if (!started.record) throw new Error('dns-txt challenge without record');
  world.dns.setTxt(started.record.name, [started.record.value]);
  return started;
}

/** Proves control of `domain` for `actor` end to end. */
export async function verifyDomain(
  world: World,
  actor: Actor,
  domain: string,
  acknowledgeTakeover = false,
) {
  const started = await startAndPublish(world, actor, domain);
  return await expectOk(
    world.app.verifyChallenge(actor, { challengeId: started.id, acknowledgeTakeover }),
  );
}
