// Model-based test of the whole lifecycle: fast-check drives random sequences of start, publish,
// verify (with and without acknowledgement), remove, re-verify, clock advance, DNS changes and
// mail outages across several organizations, and checks the invariants after every step.
import {
  type Actor,
  type ApexproofPolicy,
  type AuditRecord,
  createApexproof,
  type DnsLookupFailureKind,
  type DnsResolver,
  type Mailer,
  type OutboxRecord,
  type Storage,
  type VerifiedDomainRecord,
} from '@apexproof/core';
import fc from 'fast-check';
import { expect, it } from 'vitest';

/** The parts of a world the model needs to steer; the memory adapters provide all of them. */
export interface ModelWorld {
  storage: Storage;
  inspect: {
    domains(): Promise<VerifiedDomainRecord[]>;
    outbox(): Promise<OutboxRecord[]>;
    audit(): Promise<AuditRecord[]>;
  };
  dns: DnsResolver & {
    setTxt(name: string, records: readonly string[]): void;
    setNs(name: string, hosts: readonly string[]): void;
    fail(name: string, kind: DnsLookupFailureKind): void;
    heal(name: string): void;
  };
  mailer: Mailer & {
    readonly sent: readonly unknown[];
    failWith(fault: { transient: boolean; detail: string }): void;
    heal(): void;
  };
  directory: import('@apexproof/core').Directory;
  clock: { now(): Date; advance(ms: number): void };
  /** Owners (with e-mail) of each organization id in `organizations`. */
  owners: Readonly<Record<string, readonly string[]>>;
  organizations: readonly Actor[];
}

export interface LifecycleModelOptions {
  readonly name?: string;
  /** A fresh world per run; organizations must have owners with e-mail addresses. */
  readonly createWorld: () => ModelWorld | Promise<ModelWorld>;
  readonly dispose?: (world: ModelWorld) => Promise<void> | void;
  readonly policy?: ApexproofPolicy;
  readonly numRuns?: number;
  readonly timeout?: number;
}

const APEXES = ['acme.co', 'shared.co'];
const DAY = 86_400_000;
const recordName = (apex: string) => `_kayle-id-verification.${apex}`;
const NAMESERVERS = ['ns1.model.example', 'ns2.model.example'];

type Sut = {
  world: ModelWorld;
  app: ReturnType<typeof createApexproof>;
  /** Published values per record name, per organization. */
  published: Map<string, Map<string, string>>;
  /** Latest challenge per (organization, apex). */
  challenges: Map<string, { id: string; value: string }>;
  validated: Set<string>;
  outboxSeen: number;
  stats: Stats;
};
type Stats = { verified: number; takeovers: number; downgrades: number; restores: number };
type Model = { holder: Map<string, string> };

const key = (org: string, apex: string) => `${org} ${apex}`;

function publish(sut: Sut, apex: string) {
  const values = [...(sut.published.get(apex)?.values() ?? [])];
  sut.world.dns.setTxt(recordName(apex), values);
}

async function checkInvariants(sut: Sut, model: Model) {
  const domains = await sut.world.inspect.domains();
  const outbox = await sut.world.inspect.outbox();
  const audit = await sut.world.inspect.audit();
  // At most one active holder per subject, and it is the organization the model expects (or none).
  for (const apex of APEXES) {
    const active = domains.filter((d) => d.subject === apex && d.status === 'active');
    expect(active.length).toBeLessThanOrEqual(1);
    if (active[0]) expect(active[0].organizationId).toBe(model.holder.get(apex));
  }
  // Every takeover and downgrade produced exactly one notice per owner of the affected organization.
  for (const [type, kind] of [
    ['domain.taken_over', 'takeover'],
    ['domain.downgraded', 'downgrade'],
  ] as const) {
    for (const org of sut.world.organizations) {
      const events = audit.filter(
        (e) => e.type === type && e.organizationId === org.organizationId,
      ).length;
      const notices = outbox.filter(
        (m) => m.kind === kind && m.organizationId === org.organizationId,
      );
      expect(notices.length).toBe(events * (sut.world.owners[org.organizationId]?.length ?? 0));
    }
  }
  // A challenge validates at most once.
  const verifiedBy = audit.filter((e) => e.type === 'domain.verified').map((e) => e.challengeId);
  expect(new Set(verifiedBy).size).toBe(verifiedBy.length);
  // Nothing is lost: the outbox only grows and what the mailer accepted is marked sent.
  expect(outbox.length).toBeGreaterThanOrEqual(sut.outboxSeen);
  sut.outboxSeen = outbox.length;
  expect(outbox.filter((m) => m.status === 'sent').length).toBe(sut.world.mailer.sent.length);
  expect(outbox.some((m) => m.status === 'parked')).toBe(false);
}

type Cmd = fc.AsyncCommand<Model, Sut>;
const command = (label: string, run: (m: Model, s: Sut) => Promise<void>): Cmd => ({
  check: () => true,
  run: async (m, s) => {
    await run(m, s);
    await checkInvariants(s, m);
  },
  toString: () => label,
});

/** Publishes (or withdraws) the organization's latest challenge value in the apex's TXT set. */
function setPublished(s: Sut, org: string, apex: string, on: boolean) {
  const set = s.published.get(apex) ?? new Map<string, string>();
  const c = s.challenges.get(key(org, apex));
  if (on && c) set.set(org, c.value);
  else set.delete(org);
  s.published.set(apex, set);
  publish(s, apex);
}

async function start(s: Sut, actor: Actor, apex: string) {
  const r = await s.app.startChallenge(actor, { domain: apex, method: 'dns-txt' });
  if (r.isOk() && r.value.record)
    s.challenges.set(key(actor.organizationId, apex), {
      id: r.value.id,
      value: r.value.record.value,
    });
}

/** Checks a verification answer against the model and records the new holder. */
function settle(
  m: Model,
  s: Sut,
  actor: Actor,
  apex: string,
  ack: boolean,
  challengeId: string,
  r: Awaited<ReturnType<Sut['app']['verifyChallenge']>>,
) {
  if (r.isErr()) {
    if (r.error.code === 'APEX_TAKEOVER_REQUIRED') expect(ack).toBe(false);
    return;
  }
  expect(s.validated.has(challengeId)).toBe(false);
  s.validated.add(challengeId);
  s.stats.verified++;
  if (r.value.takeoverFrom) {
    expect(ack).toBe(true);
    expect(r.value.takeoverFrom.organizationId).toBe(m.holder.get(apex));
    s.stats.takeovers++;
  }
  m.holder.set(apex, actor.organizationId);
}

/** Verifies the actor's latest dns-txt challenge for the apex. */
async function verify(m: Model, s: Sut, actor: Actor, apex: string, ack: boolean) {
  const c = s.challenges.get(key(actor.organizationId, apex));
  if (!c) return;
  const r = await s.app.verifyChallenge(actor, { challengeId: c.id, acknowledgeTakeover: ack });
  settle(m, s, actor, apex, ack, c.id, r);
}

/** email-otp: the code is read from the outbox, as the mailbox owner would read the e-mail. */
async function claimByEmail(m: Model, s: Sut, actor: Actor, apex: string, ack: boolean) {
  const email = `admin@${apex}`;
  const r = await s.app.startChallenge(actor, { domain: apex, method: 'email-otp', email });
  if (r.isErr()) return;
  const message = (await s.world.inspect.outbox())
    .filter((o) => o.kind === 'email-otp' && o.to === email && o.status === 'pending')
    .at(-1);
  const code = /\b(\d{6})\b/.exec(message?.text ?? '')?.[1];
  if (!code) return;
  const confirmed = await s.app.confirmChallenge(actor, {
    challengeId: r.value.id,
    code,
    acknowledgeTakeover: ack,
  });
  settle(m, s, actor, apex, ack, r.value.id, confirmed);
}

/** ns-delegation: the apex is delegated to the configured nameservers, then verified. */
async function claimByNs(m: Model, s: Sut, actor: Actor, apex: string, ack: boolean) {
  s.world.dns.setNs(apex, NAMESERVERS);
  const r = await s.app.startChallenge(actor, { domain: apex, method: 'ns-delegation' });
  if (r.isErr()) return;
  const verified = await s.app.verifyChallenge(actor, {
    challengeId: r.value.id,
    acknowledgeTakeover: ack,
  });
  settle(m, s, actor, apex, ack, r.value.id, verified);
}

async function nextDays(s: Sut, days: number) {
  for (let i = 0; i < days; i++) {
    s.world.clock.advance(DAY);
    const report = (await s.app.reverifyDue({ limit: 50 }))._unsafeUnwrap();
    s.stats.downgrades += report.downgraded;
    s.stats.restores += report.restored;
  }
}

function commands(orgCount: number) {
  const org = fc.integer({ min: 0, max: orgCount - 1 });
  const apex = fc.constantFrom(...APEXES);
  const actor = (s: Sut, i: number) => s.world.organizations[i] as Actor;
  const orgId = (s: Sut, i: number) => actor(s, i).organizationId;
  return [
    fc
      .tuple(org, apex)
      .map(([o, a]) => command(`start(${o}, ${a})`, (_m, s) => start(s, actor(s, o), a))),
    fc
      .tuple(org, apex, fc.boolean())
      .map(([o, a, on]) =>
        command(`${on ? 'publish' : 'unpublish'}(${o}, ${a})`, async (_m, s) =>
          setPublished(s, orgId(s, o), a, on),
        ),
      ),
    fc
      .tuple(org, apex, fc.boolean())
      .map(([o, a, ack]) =>
        command(`verify(${o}, ${a}, ack=${ack})`, (m, s) => verify(m, s, actor(s, o), a, ack)),
      ),
    // The whole happy path in one step, so that sequences reach holders and takeovers often.
    fc.tuple(org, apex, fc.boolean()).map(([o, a, ack]) =>
      command(`claim(${o}, ${a}, ack=${ack})`, async (m, s) => {
        await start(s, actor(s, o), a);
        setPublished(s, orgId(s, o), a, true);
        await verify(m, s, actor(s, o), a, ack);
      }),
    ),
    fc
      .tuple(org, apex, fc.boolean())
      .map(([o, a, ack]) =>
        command(`claim by e-mail(${o}, ${a}, ack=${ack})`, (m, s) =>
          claimByEmail(m, s, actor(s, o), a, ack),
        ),
      ),
    fc
      .tuple(org, apex, fc.boolean())
      .map(([o, a, ack]) =>
        command(`claim by NS(${o}, ${a}, ack=${ack})`, (m, s) =>
          claimByNs(m, s, actor(s, o), a, ack),
        ),
      ),
    apex.map((a) =>
      command(`drop every record of ${a}`, async (_m, s) => {
        s.published.set(a, new Map());
        publish(s, a);
        s.world.dns.setNs(a, []);
      }),
    ),
    fc.tuple(org, apex).map(([o, a]) =>
      command(`remove(${o}, ${a})`, async (m, s) => {
        const list = await s.app.listDomains(actor(s, o));
        const d = list.isOk() ? list.value.find((x) => x.domain === a) : undefined;
        if (!d) return;
        expect((await s.app.removeDomain(actor(s, o), { domainId: d.id })).isOk()).toBe(true);
        if (m.holder.get(a) === orgId(s, o)) m.holder.delete(a);
      }),
    ),
    // The holder's record disappears long enough to downgrade, then comes back.
    apex.map((a) =>
      command(`record of the holder of ${a} gone for three days, then back`, async (_m, s) => {
        const holder = (await s.world.inspect.domains()).find(
          (d) => d.subject === a && d.status === 'active' && d.method === 'dns-txt',
        );
        if (!holder?.recordValue) return;
        const set = s.published.get(a) ?? new Map<string, string>();
        set.delete(holder.organizationId);
        s.published.set(a, set);
        publish(s, a);
        await nextDays(s, 3);
        set.set(holder.organizationId, holder.recordValue);
        publish(s, a);
        await nextDays(s, 1);
      }),
    ),
    fc
      .integer({ min: 1, max: 3 })
      .map((days) => command(`next day ×${days}, re-verify`, (_m, s) => nextDays(s, days))),
    fc
      .integer({ min: 1, max: 3 })
      .map((hours) =>
        command(`advance ${hours}h`, async (_m, s) => s.world.clock.advance(hours * 3_600_000)),
      ),
    fc.tuple(apex, fc.boolean()).map(([a, down]) =>
      command(`resolver ${down ? 'down' : 'up'}(${a})`, async (_m, s) => {
        if (down) s.world.dns.fail(recordName(a), 'servfail');
        else s.world.dns.heal(recordName(a));
      }),
    ),
    fc.boolean().map((down) =>
      command(`mail ${down ? 'down' : 'up'}`, async (_m, s) => {
        if (down) s.world.mailer.failWith({ transient: true, detail: 'mail outage' });
        else s.world.mailer.heal();
      }),
    ),
    fc.constant(
      command('deliver', async (_m, s) => {
        expect((await s.app.deliverNotifications({ limit: 100 })).isOk()).toBe(true);
      }),
    ),
  ];
}

/** Registers the model-based lifecycle property as one vitest test. */
export function lifecycleModelTest(options: LifecycleModelOptions): void {
  it(
    `${options.name ?? 'lifecycle'}: random command sequences keep every invariant`,
    async () => {
      const probe = await options.createWorld();
      const orgCount = probe.organizations.length;
      await options.dispose?.(probe);
      const stats: Stats = { verified: 0, takeovers: 0, downgrades: 0, restores: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.commands(commands(orgCount), { maxCommands: 40, size: 'max' }),
          async (cmds) => {
            const world = await options.createWorld();
            try {
              const app = createApexproof({
                storage: world.storage,
                dns: world.dns,
                mailer: world.mailer,
                directory: world.directory,
                clock: world.clock,
                // The model's own choices, unless the caller overrides them.
                policy: { nameservers: { expected: NAMESERVERS }, ...options.policy },
              });
              const sut: Sut = {
                world,
                app,
                published: new Map(),
                challenges: new Map(),
                validated: new Set(),
                outboxSeen: 0,
                stats,
              };
              await fc.asyncModelRun(() => ({ model: { holder: new Map() }, real: sut }), cmds);
              // After the outage ends, everything still pending is delivered: nothing was lost.
              world.mailer.heal();
              for (let i = 0; i < 20; i++) {
                world.clock.advance(2 * 3_600_000);
                await app.deliverNotifications({ limit: 500 });
              }
              const outbox = await world.inspect.outbox();
              expect(outbox.filter((m) => m.status !== 'sent')).toEqual([]);
              expect(world.mailer.sent.length).toBe(outbox.length);
            } finally {
              await options.dispose?.(world);
            }
          },
        ),
        { numRuns: options.numRuns ?? 100 },
      );
      // The generated sequences must actually reach the interesting states, or the property is empty.
      expect(stats.verified).toBeGreaterThan(0);
      expect(stats.takeovers).toBeGreaterThan(0);
      expect(stats.downgrades).toBeGreaterThan(0);
      expect(stats.restores).toBeGreaterThan(0);
    },
    options.timeout ?? 60_000,
  );
}
