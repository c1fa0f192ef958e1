// What a host shows: challenges, verified domains and redirect patterns as plain views.
import { toApex } from '../apex/normalize.js';
import { effectiveStatus, isOpen } from '../model/challenge.js';
import type {
  ChallengeRecord,
  ChallengeStatus,
  DomainStatus,
  DowngradeReason,
  Method,
  RedirectPatternRecord,
  SubjectKind,
  VerifiedDomainRecord,
} from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import { displayName } from '../runtime/subject.js';

/** A challenge as a host shows it. Never contains a one-time code or its hash. */
export interface ChallengeView {
  readonly id: string;
  readonly organizationId: string;
  /** The subject being proven (apex, or exact host in hostname mode), ASCII. */
  readonly domain: string;
  readonly domainDisplay: string;
  readonly subjectKind: SubjectKind;
  readonly method: Method;
  readonly status: ChallengeStatus;
  /** dns-txt: what to publish. `host` is the label relative to the zone, for DNS panels. */
  readonly record: { type: 'TXT'; name: string; host: string; value: string } | null;
  /** ns-delegation: the nameservers the subject must be delegated to. */
  readonly nameservers: readonly string[] | null;
  readonly email: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly attempts: number;
  readonly lastAttemptAt: Date | null;
  readonly lastFailure: string | null;
  /**
   * dns-txt and ns-delegation, while open: when `checkPending` looks the proof up next, if the
   * host runs it. Null for email-otp and closed challenges.
   */
  readonly nextCheckAt: Date | null;
  /**
   * Since when the proof has been found while another organization holds the subject: it
   * verifies only when a member calls verifyChallenge with `acknowledgeTakeover`. Null when not
   * waiting for that.
   */
  readonly awaitingAcknowledgementSince: Date | null;
}

/** The record name relative to the zone the user edits: most DNS panels append the zone. */
export function relativeLabel(recordName: string, zone: string): string {
  if (recordName === zone) return '@';
  return recordName.endsWith(`.${zone}`) ? recordName.slice(0, -(zone.length + 1)) : recordName;
}

export function viewChallenge(ctx: Context, c: ChallengeRecord): ChallengeView {
  const now = ctx.clock.now();
  return {
    id: c.id,
    organizationId: c.organizationId,
    domain: c.subject,
    domainDisplay: displayName(c.subject),
    subjectKind: c.subjectKind,
    method: c.method,
    status: effectiveStatus(c, now),
    record:
      c.recordName !== null && c.recordValue !== null
        ? {
            type: 'TXT',
            name: c.recordName,
            host: relativeLabel(c.recordName, zoneOf(ctx, c)),
            value: c.recordValue,
          }
        : null,
    nameservers: c.method === 'ns-delegation' ? ctx.policy.nameservers.expected : null,
    email: c.email,
    createdAt: c.createdAt,
    expiresAt: c.expiresAt,
    attempts: c.attempts,
    lastAttemptAt: c.lastAttemptAt,
    lastFailure: c.lastFailure,
    ...(isOpen(c.status) && now < c.expiresAt
      ? {
          nextCheckAt: c.nextCheckAt,
          awaitingAcknowledgementSince: c.awaitingAcknowledgementAt,
        }
      : { nextCheckAt: null, awaitingAcknowledgementSince: null }),
  };
}

/** The zone a user edits for a stored subject: the apex (a host's registrable domain). */
function zoneOf(ctx: Context, c: ChallengeRecord): string {
  if (c.subjectKind === 'apex') return c.subject;
  return toApex(c.subject, ctx.policy.apex).match(
    (r) => r.apex,
    () => c.subject,
  );
}

/** A redirect pattern as a host shows it (`addRedirectPattern`, `listDomains`). */
export interface RedirectPatternView {
  readonly id: string;
  readonly domainId: string;
  readonly host: string;
  readonly pathPrefix: string;
  /** `https://host/path`, as a dashboard previews it. */
  readonly url: string;
  readonly createdAt: Date;
}

/**
 * A verified domain as `listDomains` shows it: `active`, or `downgraded` with the reason
 * (`takeover` or `reverification`), the re-verification state, and its redirect patterns.
 */
export interface VerifiedDomainView {
  readonly id: string;
  readonly domain: string;
  readonly domainDisplay: string;
  readonly subjectKind: SubjectKind;
  readonly method: Method;
  readonly status: DomainStatus;
  readonly downgradeReason: DowngradeReason | null;
  readonly verifiedAt: Date;
  readonly downgradedAt: Date | null;
  readonly lastCheckedAt: Date | null;
  readonly consecutiveMisses: number;
  readonly redirectPatterns: readonly RedirectPatternView[];
}

export const viewPattern = (p: RedirectPatternRecord): RedirectPatternView => ({
  id: p.id,
  domainId: p.domainId,
  host: p.host,
  pathPrefix: p.pathPrefix,
  url: `https://${p.host}${p.pathPrefix === '/' ? '/' : p.pathPrefix}`,
  createdAt: p.createdAt,
});

export const viewDomain = (
  d: VerifiedDomainRecord,
  patterns: readonly RedirectPatternRecord[],
): VerifiedDomainView => ({
  id: d.id,
  domain: d.subject,
  domainDisplay: displayName(d.subject),
  subjectKind: d.subjectKind,
  method: d.method,
  status: d.status,
  downgradeReason: d.downgradeReason,
  verifiedAt: d.verifiedAt,
  downgradedAt: d.downgradedAt,
  lastCheckedAt: d.lastCheckedAt,
  consecutiveMisses: d.consecutiveMisses,
  redirectPatterns: patterns.filter((p) => p.domainId === d.id).map(viewPattern),
});
