// What the lifecycle tests drive: the world an adapter provides, and the model's own state.
import type {
  Actor,
  ApexproofPolicy,
  AuditRecord,
  createApexproof,
  Directory,
  DnsLookupFailureKind,
  DnsResolver,
  EventOutboxRecord,
  Mailer,
  OutboxRecord,
  Storage,
  VerifiedDomainRecord,
} from '@apexproof/core';

/**
 * The organizations a model world usually holds, as plain data any Directory can be built from
 * (it is `createMemoryDirectory`'s shape): two owners, one owner, and an owner with a member.
 */
export const MODEL_ORGANIZATIONS = [
  {
    id: 'org_a',
    name: 'Org A',
    members: [
      { userId: 'a1', role: 'owner', email: 'a1@a.example' },
      { userId: 'a2', role: 'owner', email: 'a2@a.example' },
    ],
  },
  { id: 'org_b', name: 'Org B', members: [{ userId: 'b1', role: 'owner', email: 'b1@b.example' }] },
  {
    id: 'org_c',
    name: 'Org C',
    members: [
      { userId: 'c1', role: 'owner', email: 'c1@c.example' },
      { userId: 'c2', role: 'member', email: 'c2@c.example' },
    ],
  },
];

/** The `organizations` (one acting owner each) and `owners` of a model world, from its data. */
export function modelActors(
  organizations: readonly {
    id: string;
    members: readonly { userId: string; role: string; email: string }[];
  }[] = MODEL_ORGANIZATIONS,
): Pick<ModelWorld, 'organizations' | 'owners'> {
  const owners = (o: (typeof organizations)[number]) => o.members.filter((m) => m.role === 'owner');
  return {
    organizations: organizations.map((o) => ({
      organizationId: o.id,
      userId: owners(o)[0]?.userId ?? '',
    })),
    owners: Object.fromEntries(organizations.map((o) => [o.id, owners(o).map((m) => m.email)])),
  };
}

/** The parts of a world the model needs to steer; the memory adapters provide all of them. */
export interface ModelWorld {
  storage: Storage;
  /** Direct reads of what the storage holds, bypassing the port. */
  inspect: {
    /** Every stored verified-domain row. */
    domains(): Promise<VerifiedDomainRecord[]>;
    /** Every stored outbox message. */
    outbox(): Promise<OutboxRecord[]>;
    /** Every stored audit record. */
    audit(): Promise<AuditRecord[]>;
    /** The event outbox, in append order. */
    events(): Promise<EventOutboxRecord[]>;
  };
  dns: DnsResolver & {
    /** Replaces the TXT record set at `name` (one string per record). */
    setTxt(name: string, records: readonly string[]): void;
    /** Replaces the NS host set at `name`. */
    setNs(name: string, hosts: readonly string[]): void;
    /** Makes lookups of `name` fail with `kind` until `heal(name)`: a resolver outage. */
    fail(name: string, kind: DnsLookupFailureKind): void;
    /** Ends the outage set with `fail(name, …)`; the records are kept. */
    heal(name: string): void;
  };
  mailer: Mailer & {
    readonly sent: readonly unknown[];
    /** Makes every send fail with `fault` until `heal()`: a mail outage. */
    failWith(fault: { transient: boolean; detail: string }): void;
    /** Ends the mail outage; the mailer accepts again. */
    heal(): void;
  };
  directory: Directory;
  /** The clock the use cases read, which the test moves forward. */
  clock: {
    /** The current instant. */
    now(): Date;
    /** Moves time forward by `ms` milliseconds. */
    advance(ms: number): void;
  };
  /** Owners (with e-mail) of each organization id in `organizations`. */
  owners: Readonly<Record<string, readonly string[]>>;
  organizations: readonly Actor[];
}

/**
 * What `lifecycleModelTest` runs against: a factory of fresh worlds (the storage under test plus
 * DNS, mailer, clock and directory the test controls, e.g. from `@apexproof/memory`), a policy
 * merged over the model's own (which sets `nameservers`), the number of runs [100] and the
 * timeout of each of the two tests [60 s].
 */
export interface LifecycleModelOptions {
  readonly name?: string;
  /** A fresh world per run; organizations must have owners with e-mail addresses. */
  readonly createWorld: () => ModelWorld | Promise<ModelWorld>;
  /** Releases a world once a run is over (every world `createWorld` made). */
  readonly dispose?: (world: ModelWorld) => Promise<void> | void;
  readonly policy?: ApexproofPolicy;
  readonly numRuns?: number;
  readonly timeout?: number;
}

export type NoticeKind = 'takeover' | 'downgrade' | 'restore' | 'verified';

/** What the model expects, kept apart from what the system under test says. */
export interface Model {
  /** The organization whose claim on each apex stands (its row may be downgraded). */
  holder: Map<string, string>;
  /** Expected notices per `${kind} ${organizationId}`: one per owner each. */
  notices: Map<string, number>;
  /** Successful verifications and confirmations in this run. */
  verifications: number;
}

export interface Stats {
  verified: number;
  takeovers: number;
  downgrades: number;
  restores: number;
  /** Verifications made by checkPending, and its checks that found another holder. */
  pendingVerified: number;
  awaitingAcknowledgement: number;
}

export interface Sut {
  world: ModelWorld;
  app: ReturnType<typeof createApexproof>;
  /** Lookups the app has asked its resolver for so far. */
  lookups: () => number;
  /** Published values per record name, per organization. */
  published: Map<string, Map<string, string>>;
  /** Latest dns-txt challenge per (organization, apex). */
  challenges: Map<string, { id: string; value: string }>;
  validated: Set<string>;
  outboxSeen: number;
  stats: Stats;
}

export const expectNotice = (model: Model, kind: NoticeKind, organizationId: string): void => {
  const key = `${kind} ${organizationId}`;
  model.notices.set(key, (model.notices.get(key) ?? 0) + 1);
};
