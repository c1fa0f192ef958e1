import type { ApexPolicy } from '../apex/policy.js';
import {
  type EmailOtpLimits,
  resolveLimits,
  resolveVerifyLimits,
  type VerifyLimits,
} from '../email/limits.js';
import { secretBytes } from '../email/otp.js';
import { resolvePendingSchedule } from '../model/pending-schedule.js';
import type { NotificationTemplates } from '../model/templates.js';

/** A TXT record template: `{subject}` (also `{apex}`, `{host}`) and `{token}` are filled in. */
export interface RecordTemplate {
  readonly name: string;
  readonly value: string;
}

/** apexproof's own record (the default), and the record presets of the seed products (DESIGN §4). */
export const recordPresets = {
  apexproof: {
    name: '_apexproof-verification.{subject}',
    value: 'apexproof-verification={token}',
  },
  kayle: { name: '_kayle-id-verification.{subject}', value: 'kayle-id-verification={token}' },
  acme: { name: '_acme-challenge.{subject}', value: '{token}' },
  scaidns: { name: '_scaidns-verify.{subject}', value: 'scaidns-verify={token}' },
} as const satisfies Record<string, RecordTemplate>;

/**
 * The name of a record preset in `recordPresets`: `apexproof` (the default), `kayle`, `acme`,
 * `scaidns`.
 */
export type RecordPresetName = keyof typeof recordPresets;

/**
 * Everything a host may configure; every field is optional. Defaults: apex subjects,
 * apexproof's own `_apexproof-verification` record, 7-day challenges, daily re-checks, 3 misses, takeover with
 * acknowledgement, owners manage domains.
 */
export interface ApexproofPolicy {
  /** Verify registrable domains (`apex`) or exact hosts (`hostname`) [apex]. */
  readonly subject?: 'apex' | 'hostname';
  readonly apex?: ApexPolicy;
  /** A preset name, a full template, or `{ prefix }` (name `{prefix}.{subject}`, value `{prefix without _}={token}`) [apexproof]. */
  readonly record?: RecordPresetName | RecordTemplate | { readonly prefix: string };
  /** Challenge lifetime [7 days]. */
  readonly challengeTtlMs?: number;
  /** A `verifying` lock older than this is treated as abandoned (crashed worker) [60 s]. */
  readonly verifyLockMs?: number;
  /** Random bytes per token, at least 16 [20 → 160 bits, 32 base32 characters]. */
  readonly tokenBytes?: number;
  /** `uuid` (v4) or `hex32` (32 lowercase hex from 16 random bytes) [uuid]. */
  readonly idFormat?: 'uuid' | 'hex32';
  /** What happens when another organization holds the subject [acknowledge]. */
  readonly takeover?: 'acknowledge' | 'forbid';
  /** Roles that may start, verify, cancel and remove [['owner']]. Any member may read. */
  readonly manageRoles?: readonly string[];
  /**
   * Limits on verifyChallenge calls, each a DNS lookup on the caller's behalf, kept in storage
   * so they hold across processes [perChallenge 1 per 5 s; perOrganization 60 per minute].
   * Unusable entries fall back to the defaults; `[]` switches one off.
   */
  readonly verifyLimits?: VerifyLimits;
  readonly reverification?: {
    /** Time between checks of one domain [24 h; at least 1 s]. */
    readonly intervalMs?: number;
    /** Consecutive definitive misses before a downgrade [3]. */
    readonly missThreshold?: number;
    /**
     * How long a worker holds a claimed domain [5 min; at least 1 s]; must outlast a few
     * lookups (a call leases a chunk about two lookups before checking it).
     */
    readonly leaseMs?: number;
    /**
     * After a lookup failure (no strike), when to try that domain again [15 min]. Moves it
     * behind the domains that are due, so zones whose DNS keeps failing never fill a batch.
     */
    readonly errorRetryMs?: number;
  };
  /**
   * `checkPending`: when open dns-txt and ns-delegation challenges are looked up without anybody
   * asking [1, 2, 5, 10 and 30 min after creation, then hourly until expiry]. An unusable
   * schedule (not ascending, an interval under 1 s) falls back to the default.
   */
  readonly pendingChecks?: {
    readonly afterCreationMs?: readonly number[];
    readonly thenEveryMs?: number;
    /** How long a worker holds a claimed challenge [5 min; at least 1 s]; must outlast a few lookups. */
    readonly leaseMs?: number;
  };
  readonly redirects?: {
    readonly allowHttpLocalhost?: boolean;
    readonly allowedPorts?: readonly number[];
  };
  readonly delivery?: {
    /** First retry delay after a transient failure, doubled each time [1 min]. */
    readonly baseDelayMs?: number;
    /** Longest retry delay [1 h]. Transient failures are retried forever: mail is never dropped. */
    readonly maxDelayMs?: number;
    /** How long a worker holds a claimed message [5 min]. */
    readonly leaseMs?: number;
  };
  /** Delivery of the event outbox through the EventSink (`deliverEvents`). */
  readonly events?: {
    /** Attempts before a transiently failing event is parked [20]. */
    readonly maxAttempts?: number;
    /** First retry delay after a transient failure, doubled each time [1 min]. */
    readonly baseDelayMs?: number;
    /** Longest retry delay [1 h]; a receiver's `Retry-After` may ask for longer (≤ 1 day). */
    readonly maxDelayMs?: number;
    /** How long a worker holds a claimed event [5 min]; must outlast one sink call. */
    readonly leaseMs?: number;
  };
  /** The email-otp method. */
  readonly emailOtp?: {
    /** Digits per code [6]. */
    readonly codeLength?: number;
    /** Lifetime of a code, and so of its challenge [10 min]. */
    readonly codeTtlMs?: number;
    /** Wrong codes allowed per code [5]. */
    readonly maxAttempts?: number;
    /** Minimum time between two codes for the same organization and subject [60 s]. */
    readonly resendCooldownMs?: number;
    /**
     * Key of the stored code hash (HMAC-SHA-256 over challenge id and code), kept outside the
     * database. Without it the hash is a salted SHA-256 that anyone reading the database can
     * reverse in milliseconds (docs/concepts/security.md). An empty value counts as none.
     * Changing it voids the codes already sent [none].
     */
    readonly secret?: string | Uint8Array;
    /**
     * Caps that hold across every organization, so creating organizations buys an attacker
     * nothing. Each entry allows `max` per sliding `windowMs`; `[]` switches a cap off. Over a
     * cap → `RATE_LIMITED` with `retryAfterSeconds` (docs/concepts/security.md has the odds).
     */
    readonly limits?: EmailOtpLimits;
    /** `rfc2142` accepts only postmaster@, hostmaster@, webmaster@, admin@, administrator@ [any]. */
    readonly mailbox?: 'any' | 'rfc2142';
    /** Adjust the vendored list of free and disposable providers. */
    readonly providers?: { readonly add?: readonly string[]; readonly remove?: readonly string[] };
  };
  /** The ns-delegation method: the nameservers a subject must be delegated to. */
  readonly nameservers?: {
    readonly expected: readonly string[];
    /** Every expected nameserver must be in the NS set, or at least one [all]. */
    readonly match?: 'all' | 'any';
  };
  /**
   * URL of the error reference page the host publishes (its copy of docs/reference/errors.md).
   * Set, every error a use case answers carries `docs` as a link to its anchor on that page
   * instead of the bare slug [none].
   */
  readonly errorReferenceUrl?: string;
  /** Link included in notification e-mails (the host's domains page), if any. */
  readonly dashboardUrl?: string;
  /** Replace any of the default e-mail templates. */
  readonly templates?: Partial<NotificationTemplates>;
}

const HOUR = 3_600_000;

/** Host names compare case-insensitively and without the trailing dot. */
export const canonicalHost = (name: string): string => name.trim().toLowerCase().replace(/\.$/, '');
const DAY = 24 * HOUR;

/**
 * A duration a sweep relies on: `fallback` when not a finite number, else at least `min`. A
 * lease or interval of 0 would let one call claim the rows it is still checking.
 */
const atLeast = (min: number, value: number | undefined, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? Math.max(min, value) : fallback;

/** The policy with every default filled in. */
export function resolvePolicy(policy: ApexproofPolicy = {}) {
  const record = policy.record ?? 'apexproof';
  let template: RecordTemplate;
  if (typeof record === 'string') template = recordPresets[record];
  else if ('prefix' in record)
    template = {
      name: `${record.prefix}.{subject}`,
      value: `${record.prefix.replace(/^_+/, '')}={token}`,
    };
  else template = record;
  return {
    subject: policy.subject ?? 'apex',
    apex: policy.apex ?? {},
    record: template,
    challengeTtlMs: policy.challengeTtlMs ?? 7 * DAY,
    verifyLockMs: policy.verifyLockMs ?? 60_000,
    tokenBytes: Math.max(16, policy.tokenBytes ?? 20),
    idFormat: policy.idFormat ?? 'uuid',
    takeover: policy.takeover ?? 'acknowledge',
    manageRoles: policy.manageRoles ?? ['owner'],
    verifyLimits: resolveVerifyLimits(policy.verifyLimits),
    reverification: {
      intervalMs: atLeast(1_000, policy.reverification?.intervalMs, DAY),
      missThreshold: Math.max(1, policy.reverification?.missThreshold ?? 3),
      leaseMs: atLeast(1_000, policy.reverification?.leaseMs, 5 * 60_000),
      errorRetryMs: Math.max(0, policy.reverification?.errorRetryMs ?? 15 * 60_000),
    },
    pendingChecks: {
      ...resolvePendingSchedule(policy.pendingChecks),
      leaseMs: atLeast(1_000, policy.pendingChecks?.leaseMs, 5 * 60_000),
    },
    redirects: {
      allowHttpLocalhost: policy.redirects?.allowHttpLocalhost ?? false,
      allowedPorts: policy.redirects?.allowedPorts ?? [],
    },
    delivery: {
      baseDelayMs: policy.delivery?.baseDelayMs ?? 60_000,
      maxDelayMs: policy.delivery?.maxDelayMs ?? HOUR,
      leaseMs: policy.delivery?.leaseMs ?? 5 * 60_000,
    },
    events: {
      maxAttempts: Math.max(1, Math.floor(policy.events?.maxAttempts ?? 20)),
      baseDelayMs: policy.events?.baseDelayMs ?? 60_000,
      maxDelayMs: policy.events?.maxDelayMs ?? HOUR,
      leaseMs: policy.events?.leaseMs ?? 5 * 60_000,
    },
    emailOtp: {
      codeLength: Math.min(12, Math.max(4, policy.emailOtp?.codeLength ?? 6)),
      codeTtlMs: policy.emailOtp?.codeTtlMs ?? 10 * 60_000,
      maxAttempts: Math.max(1, policy.emailOtp?.maxAttempts ?? 5),
      resendCooldownMs: policy.emailOtp?.resendCooldownMs ?? 60_000,
      secret: secretBytes(policy.emailOtp?.secret),
      limits: resolveLimits(policy.emailOtp?.limits),
      mailbox: policy.emailOtp?.mailbox ?? 'any',
      providers: policy.emailOtp?.providers ?? {},
    },
    nameservers: {
      expected: (policy.nameservers?.expected ?? []).map(canonicalHost),
      match: policy.nameservers?.match ?? 'all',
    },
    dashboardUrl: policy.dashboardUrl ?? null,
    errorReferenceUrl:
      typeof policy.errorReferenceUrl === 'string' && policy.errorReferenceUrl !== ''
        ? policy.errorReferenceUrl
        : null,
  } as const;
}

export type ResolvedPolicy = ReturnType<typeof resolvePolicy>;
