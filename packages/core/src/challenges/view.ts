import { toApex } from '../apex/normalize.js';
import type { Context } from '../app/context.js';
import { displayName } from '../app/subject.js';
import type { ChallengeRecord, ChallengeStatus, Method, SubjectKind } from '../ports/records.js';
import { effectiveStatus } from './transitions.js';

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
}

/** The record name relative to the zone the user edits: most DNS panels append the zone. */
export function relativeLabel(recordName: string, zone: string): string {
  if (recordName === zone) return '@';
  return recordName.endsWith(`.${zone}`) ? recordName.slice(0, -(zone.length + 1)) : recordName;
}

export function viewChallenge(ctx: Context, c: ChallengeRecord): ChallengeView {
  return {
    id: c.id,
    organizationId: c.organizationId,
    domain: c.subject,
    domainDisplay: displayName(c.subject),
    subjectKind: c.subjectKind,
    method: c.method,
    status: effectiveStatus(c, ctx.clock.now()),
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
