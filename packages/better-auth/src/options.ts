import type {
  Actor,
  ApexproofPolicy,
  Clock,
  DnsResolver,
  EventSink,
  Mailer,
  Random,
  Storage,
} from '@apexproof/core';
import type { SendEmail } from './mailer.js';

/** A better-auth rate-limit rule: at most `max` requests per `window` seconds. */
export interface RateLimitRule {
  readonly window: number;
  readonly max: number;
}

/** Options of the `apexproof()` better-auth plugin. Only `storage` is required. */
export interface ApexproofPluginOptions {
  /**
   * apexproof's own storage: `createPostgresStorage(fromPgPool(pool))` from
   * `@apexproof/postgres` on the database better-auth uses, or `createMemoryStorage()` from
   * `@apexproof/memory` for tests. Not better-auth's adapter: it cannot keep one active holder
   * per domain under races (compare-and-set with row locks, `SKIP LOCKED` leases).
   */
  readonly storage: Storage;
  /** Where TXT and NS records are looked up [DNS-over-HTTPS via `@apexproof/doh`'s defaults]. */
  readonly dns?: DnsResolver;
  /** Sends apexproof's mail (codes, takeover and downgrade notices); wins over `sendEmail`. */
  readonly mailer?: Mailer;
  /**
   * The app's mail function, wrapped as a Mailer: resolving means sent, a throw is a transient
   * failure (the message stays in the outbox and is tried again by `deliverNotifications`).
   */
  readonly sendEmail?: SendEmail;
  /** Where domain events go (`deliverDomainEvents` sends them); without it none are recorded. */
  readonly events?: EventSink;
  readonly policy?: ApexproofPolicy;
  readonly clock?: Clock;
  readonly random?: Random;
  /** Who may record a domain without proof (support staff). Default: nobody. */
  readonly canBypass?: (actor: Actor) => boolean | Promise<boolean>;
  /**
   * better-auth rate-limit rule for the challenge endpoints (start, verify, confirm, cancel),
   * per client and endpoint [10 per 60 s]; `false` leaves them to better-auth's global rule. It applies only
   * where better-auth's rate limiter is on (production, or `rateLimit.enabled`).
   */
  readonly challengeRateLimit?: RateLimitRule | false;
  /**
   * Release an organization's domains when the organization plugin deletes it
   * (`/organization/delete`, over HTTP or `auth.api.deleteOrganization`) [true].
   */
  readonly releaseOnOrganizationDelete?: boolean;
}
