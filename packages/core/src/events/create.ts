// Constructors for the catalog's events. Pure: the caller brings the id (from the Random port)
// and the instant (from the Clock), so the event a use case appends is the event delivered.
// Each copies only the fields its type has, so a wider object passed in never leaks extra data
// into a webhook.
import type {
  ChallengeAwaitingAcknowledgementData,
  ChallengeAwaitingAcknowledgementEvent,
  ChallengeExpiredData,
  ChallengeExpiredEvent,
  DomainDowngradedEvent,
  DomainEventType,
  DomainRemovedData,
  DomainRemovedEvent,
  DomainRestoredData,
  DomainRestoredEvent,
  DomainTakenOverData,
  DomainTakenOverEvent,
  DomainVerifiedData,
  DomainVerifiedEvent,
} from './catalog.js';

/** What every constructor needs besides the payload. */
export interface EventHeader {
  readonly id: string;
  readonly organizationId: string;
  readonly subject: string;
  readonly at: Date;
}

const YEAR_0 = Date.parse('0000-01-01T00:00:00.000Z');
const END_OF_9999 = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * `Date#toISOString` throws on an invalid date. A broken clock must not throw in the middle of
 * a state change; it yields an empty timestamp instead, which `checkEvent` refuses, so the
 * event is parked with a reason rather than sent with a made-up time.
 */
const isoTimestamp = (at: Date): string => {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  // Years 0000-9999 only: beyond them the ISO form grows a sign and six digits.
  return ms >= YEAR_0 && ms <= END_OF_9999 ? new Date(ms).toISOString() : '';
};

const envelope = <T extends DomainEventType>(type: T, header: EventHeader) => ({
  id: header.id,
  type,
  organizationId: header.organizationId,
  subject: header.subject,
  timestamp: isoTimestamp(header.at),
});

/**
 * Builds a `domain.verified` event from its header (id, organization, subject, instant) and
 * payload, copying only the catalog's fields.
 */
export const domainVerified = (h: EventHeader, d: DomainVerifiedData): DomainVerifiedEvent => ({
  ...envelope('domain.verified', h),
  data: { domainId: d.domainId, method: d.method, challengeId: d.challengeId },
});

/** Builds one side's `domain.taken_over` event; `takeoverEvents` builds both sides at once. */
export const domainTakenOver = (h: EventHeader, d: DomainTakenOverData): DomainTakenOverEvent => ({
  ...envelope('domain.taken_over', h),
  data: {
    domainId: d.domainId,
    role: d.role,
    newHolderOrganizationId: d.newHolderOrganizationId,
    previousHolderOrganizationId: d.previousHolderOrganizationId,
  },
});

/** One side of a takeover: the organization and its row. */
export interface TakeoverSide {
  readonly organizationId: string;
  readonly domainId: string;
  /** The id of the event addressed to this side. */
  readonly eventId: string;
}

/** The two events of one takeover: the taker's first, then the previous holder's. */
export function takeoverEvents(input: {
  readonly subject: string;
  readonly at: Date;
  readonly newHolder: TakeoverSide;
  readonly previousHolder: TakeoverSide;
}): readonly [DomainTakenOverEvent, DomainTakenOverEvent] {
  const { subject, at, newHolder, previousHolder } = input;
  const ids = {
    newHolderOrganizationId: newHolder.organizationId,
    previousHolderOrganizationId: previousHolder.organizationId,
  };
  const side = (s: TakeoverSide, role: DomainTakenOverData['role']) =>
    domainTakenOver(
      { id: s.eventId, organizationId: s.organizationId, subject, at },
      { domainId: s.domainId, role, ...ids },
    );
  return [side(newHolder, 'new_holder'), side(previousHolder, 'previous_holder')];
}

/** Builds a `domain.downgraded` event (reason `reverification`, the only downgrade it reports). */
export const domainDowngraded = (
  h: EventHeader,
  d: { readonly domainId: string },
): DomainDowngradedEvent => ({
  ...envelope('domain.downgraded', h),
  data: { domainId: d.domainId, reason: 'reverification' },
});

/** Builds a `domain.restored` event. */
export const domainRestored = (h: EventHeader, d: DomainRestoredData): DomainRestoredEvent => ({
  ...envelope('domain.restored', h),
  data: { domainId: d.domainId },
});

/** Builds a `domain.removed` event. */
export const domainRemoved = (h: EventHeader, d: DomainRemovedData): DomainRemovedEvent => ({
  ...envelope('domain.removed', h),
  data: { domainId: d.domainId, cause: d.cause, removedBy: d.removedBy },
});

/** Builds a `challenge.expired` event. */
export const challengeExpired = (
  h: EventHeader,
  d: ChallengeExpiredData,
): ChallengeExpiredEvent => ({
  ...envelope('challenge.expired', h),
  data: { challengeId: d.challengeId, method: d.method },
});

/** Builds a `challenge.awaiting_acknowledgement` event. */
export const challengeAwaitingAcknowledgement = (
  h: EventHeader,
  d: ChallengeAwaitingAcknowledgementData,
): ChallengeAwaitingAcknowledgementEvent => ({
  ...envelope('challenge.awaiting_acknowledgement', h),
  data: {
    challengeId: d.challengeId,
    method: d.method,
    holderOrganizationId: d.holderOrganizationId,
  },
});
