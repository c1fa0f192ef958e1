// The catalog of domain events (issue #14 §4): what a host hears about when a domain or a
// challenge changes state. Plain, JSON-safe data; the wire form is `encoding.ts`.
//
// Each event is addressed to one organization and describes one state change of that
// organization's row, so a host that routes events per organization (a Slack channel per tenant,
// a badge per tenant) needs no second lookup:
//
// | state change                                    | event (to whom)                                |
// | ----------------------------------------------- | ---------------------------------------------- |
// | a challenge passes, nobody else held the subject | `domain.verified` (the organization)           |
// | a challenge passes and takes the subject over    | `domain.taken_over` role `new_holder` (taker)  |
// |                                                  | + `domain.taken_over` role `previous_holder`   |
// | bypass records a verified domain                 | `domain.verified` (method `bypass`)            |
// | re-verification downgrades after misses          | `domain.downgraded` (reason `reverification`)  |
// | re-verification restores a downgraded domain     | `domain.restored`                              |
// | removeDomain / releaseOrganization               | `domain.removed` (cause says which)            |
// | the sweep closes an expired challenge            | `challenge.expired`                            |
// | a pending check finds the proof, but committing  | `challenge.awaiting_acknowledgement`           |
// |   it would take the subject from its holder      |                                                |
//
// A takeover downgrade is told by `domain.taken_over`, never also as `domain.downgraded`.
//
// The method names are restated here rather than imported from the storage records: the wire
// format is a versioned public contract and must not change because a storage type did (a test
// checks the two lists still agree).

/** How a domain was proven, as events carry it. */
export type EventMethod = 'dns-txt' | 'email-otp' | 'ns-delegation' | 'bypass';

export const EVENT_METHODS: readonly EventMethod[] = [
  'dns-txt',
  'email-otp',
  'ns-delegation',
  'bypass',
];

/** Every event type, in catalog order. */
export const EVENT_TYPES = [
  'domain.verified',
  'domain.taken_over',
  'domain.downgraded',
  'domain.restored',
  'domain.removed',
  'challenge.expired',
  'challenge.awaiting_acknowledgement',
] as const;

export type DomainEventType = (typeof EVENT_TYPES)[number];

/** Fields every event has. */
export interface EventEnvelope<T extends DomainEventType, D> {
  /** Stable id: the same on every delivery attempt (the webhook-id), unique per event. */
  readonly id: string;
  readonly type: T;
  /** The organization the event is about (and addressed to). */
  readonly organizationId: string;
  /** The subject (apex, or exact host in hostname mode), ASCII (A-labels), lowercase. */
  readonly subject: string;
  /** When the state change happened (ISO 8601, UTC, milliseconds: `Date#toISOString`). */
  readonly timestamp: string;
  readonly data: D;
}

export interface DomainVerifiedData {
  readonly domainId: string;
  readonly method: EventMethod;
  /** The challenge that passed; null for `bypass`. */
  readonly challengeId: string | null;
}

export interface DomainTakenOverData {
  /** The addressed organization's row: the taker's new row, or the previous holder's downgraded one. */
  readonly domainId: string;
  /** Which side of the takeover the addressed organization is on. */
  readonly role: 'new_holder' | 'previous_holder';
  readonly newHolderOrganizationId: string;
  readonly previousHolderOrganizationId: string;
}

export interface DomainDowngradedData {
  readonly domainId: string;
  /** Takeover downgrades are `domain.taken_over` events. */
  readonly reason: 'reverification';
}

export interface DomainRestoredData {
  readonly domainId: string;
}

export interface DomainRemovedData {
  readonly domainId: string;
  /** `removed`: `removeDomain` by a user; `organization_released`: the host deleted the tenant. */
  readonly cause: 'removed' | 'organization_released';
  /** The user who removed it; null when the host released the organization. */
  readonly removedBy: string | null;
}

export interface ChallengeExpiredData {
  readonly challengeId: string;
  readonly method: EventMethod;
}

export interface ChallengeAwaitingAcknowledgementData {
  readonly challengeId: string;
  readonly method: EventMethod;
  /** Who holds the subject now; committing needs `acknowledgeTakeover`. */
  readonly holderOrganizationId: string;
}

export type DomainVerifiedEvent = EventEnvelope<'domain.verified', DomainVerifiedData>;
export type DomainTakenOverEvent = EventEnvelope<'domain.taken_over', DomainTakenOverData>;
export type DomainDowngradedEvent = EventEnvelope<'domain.downgraded', DomainDowngradedData>;
export type DomainRestoredEvent = EventEnvelope<'domain.restored', DomainRestoredData>;
export type DomainRemovedEvent = EventEnvelope<'domain.removed', DomainRemovedData>;
export type ChallengeExpiredEvent = EventEnvelope<'challenge.expired', ChallengeExpiredData>;
export type ChallengeAwaitingAcknowledgementEvent = EventEnvelope<
  'challenge.awaiting_acknowledgement',
  ChallengeAwaitingAcknowledgementData
>;

/** Every event apexproof emits; `type` tells them apart. */
export type DomainEvent =
  | DomainVerifiedEvent
  | DomainTakenOverEvent
  | DomainDowngradedEvent
  | DomainRestoredEvent
  | DomainRemovedEvent
  | ChallengeExpiredEvent
  | ChallengeAwaitingAcknowledgementEvent;

/** The event of one type. */
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/**
 * Whether the event's organization actively holds the subject after it: true (verified,
 * restored, took it over), false (downgraded, removed, lost it in a takeover), or null for
 * challenge events, which change no holder. What a host flipping a "verified" badge needs.
 */
export function activeAfter(event: DomainEvent): boolean | null {
  switch (event.type) {
    case 'domain.verified':
    case 'domain.restored':
      return true;
    case 'domain.taken_over':
      return event.data.role === 'new_holder';
    case 'domain.downgraded':
    case 'domain.removed':
      return false;
    default:
      return null;
  }
}
