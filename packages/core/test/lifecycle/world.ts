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
import { TEST_ACTORS, TEST_ORGANIZATIONS } from '@apexproof/testkit';
import {
  type Actor,
  type Apexproof,
  type ApexproofPolicy,
  createApexproof,
  type EventSink,
} from '../../src/index.js';
import { expectOk } from '../support/expect.js';

export const DAY = 24 * 3_600_000;

export const { acme, acmeMember, rival, third, doomed } = TEST_ACTORS;
export const ORGANIZATIONS: readonly MemoryOrganization[] = TEST_ORGANIZATIONS;

/**
 * The one world of the core tests: memory ports, a manual clock at 2026-03-01 09:00 UTC, the
 * organizations above (or the caller's), and `u_support` allowed to bypass. The core tests
 * speak the Kayle record (`_kayle-id-verification`) unless a test picks another.
 */
export function createWorld(
  policy: ApexproofPolicy = {},
  organizations: readonly MemoryOrganization[] = ORGANIZATIONS,
  options: { readonly events?: EventSink } = {},
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
    // The verify limits are off here so the tests of other rules may retry at once; the
    // limits' own tests (verify-limits.test.ts) run with the defaults.
    policy: { record: 'kayle', verifyLimits: { perChallenge: [], perOrganization: [] }, ...policy },
    ...options,
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
  'checkPending',
  'deliverNotifications',
  'deliverEvents',
  'findHolder',
  'releaseOrganization',
  'listAudit',
  'listEvidence',
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
