// A small in-memory world for the reliability tests, with ports a test can make misbehave:
// the Directory, the Mailer and the resolver answer through overridable hooks.
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
} from '@apexproof/memory';
import {
  type ApexproofPolicy,
  createApexproof,
  type Directory,
  type DnsResolver,
  type Mailer,
} from '../../src/index.js';

export const alice = { organizationId: 'org_a', userId: 'alice' } as const;
export const bob = { organizationId: 'org_b', userId: 'bob' } as const;
export const staff = { organizationId: 'org_a', userId: 'staff' } as const;

export interface Faults {
  directory?: Partial<Record<keyof Directory, (...args: never[]) => unknown>>;
  mailer?: Mailer['send'];
  dns?: Partial<DnsResolver>;
}

export function createWorld(policy: ApexproofPolicy = {}, faults: Faults = {}) {
  const storage = createMemoryStorage();
  const dns = createMemoryDns();
  const mailer = createMemoryMailer();
  const clock = createManualClock(new Date('2026-03-01T09:00:00Z'));
  const memoryDirectory = createMemoryDirectory({
    organizations: [
      {
        id: 'org_a',
        name: 'Org A',
        members: [
          { userId: 'alice', role: 'owner', email: 'alice@a.example' },
          { userId: 'staff', role: 'owner', email: 'staff@a.example' },
        ],
      },
      {
        id: 'org_b',
        name: 'Org B',
        members: [{ userId: 'bob', role: 'owner', email: 'bob@b.example' }],
      },
    ],
    bypassUsers: ['staff'],
  });
  const hook =
    <K extends keyof Directory>(name: K) =>
    (...args: Parameters<Directory[K]>) =>
      (faults.directory?.[name] as ((...a: unknown[]) => unknown) | undefined)?.(...args) ??
      (memoryDirectory[name] as (...a: unknown[]) => unknown)(...args);
  const directory = {
    organization: hook('organization'),
    role: hook('role'),
    ownerEmails: hook('ownerEmails'),
    canBypass: hook('canBypass'),
  } as unknown as Directory;
  const app = createApexproof({
    storage,
    dns: {
      txt: (name) => (faults.dns?.txt ?? dns.txt)(name),
      ns: (name) => (faults.dns?.ns ?? dns.ns)(name),
    },
    mailer: { send: (mail) => (faults.mailer ?? mailer.send)(mail) },
    directory,
    clock,
    policy: { apex: { extraSuffixes: ['example'] }, ...policy },
  });
  return { app, storage, dns, mailer, clock, faults };
}

export type World = ReturnType<typeof createWorld>;

/** Starts a dns-txt challenge for `actor`, publishes its record, and verifies it. */
export async function verified(
  w: World,
  actor: typeof alice | typeof bob,
  domain: string,
  ack = false,
) {
  const started = (
    await w.app.startChallenge(actor, { domain, method: 'dns-txt' })
  )._unsafeUnwrap();
  const name = started.record?.name ?? '';
  const previous = (await w.dns.txt(name)) as { ok: boolean; answer?: { records: string[][] } };
  const values = previous.ok ? (previous.answer?.records ?? []).map((r) => r.join('')) : [];
  w.dns.setTxt(name, [...values, started.record?.value ?? '']);
  return w.app.verifyChallenge(actor, { challengeId: started.id, acknowledgeTakeover: ack });
}
