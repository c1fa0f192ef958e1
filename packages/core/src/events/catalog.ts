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

/** Every `EventMethod`, in the catalog's order (what `checkEvent` accepts in `data.method`). */
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

/** The `type` of a domain event: one of `EVENT_TYPES`. */
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

/**
 * Payload of `domain.verified`: the organization now holds the subject (by a challenge, or by
 * `bypass` with `challengeId: null`), and nobody else held it.
 */
export interface DomainVerifiedData {
  readonly domainId: string;
  readonly method: EventMethod;
  /** The challenge that passed; null for `bypass`. */
  readonly challengeId: string | null;
}

/**
 * Payload of `domain.taken_over`: a verification took the subject from its holder. Sent once to
 * each side; `role` says which side the addressed organization is on.
 */
export interface DomainTakenOverData {
  /** The addressed organization's row: the taker's new row, or the previous holder's downgraded one. */
  readonly domainId: string;
  /** Which side of the takeover the addressed organization is on. */
  readonly role: 'new_holder' | 'previous_holder';
  readonly newHolderOrganizationId: string;
  readonly previousHolderOrganizationId: string;
}

/**
 * Payload of `domain.downgraded`: re-verification missed the proof too often in a row; the domain
 * is no longer active.
 */
export interface DomainDowngradedData {
  readonly domainId: string;
  /** Takeover downgrades are `domain.taken_over` events. */
  readonly reason: 'reverification';
}

/** Payload of `domain.restored`: re-verification found the proof of a downgraded domain again. */
export interface DomainRestoredData {
  readonly domainId: string;
}

/** Payload of `domain.removed`: the verified domain was deleted; the subject is free. */
export interface DomainRemovedData {
  readonly domainId: string;
  /** `removed`: `removeDomain` by a user; `organization_released`: the host deleted the tenant. */
  readonly cause: 'removed' | 'organization_released';
  /** The user who removed it; null when the host released the organization. */
  readonly removedBy: string | null;
}

/** Payload of `challenge.expired`: an open challenge passed its `expiresAt` unverified. */
export interface ChallengeExpiredData {
  readonly challengeId: string;
  readonly method: EventMethod;
}

/**
 * Payload of `challenge.awaiting_acknowledgement`: the proof of a pending challenge is published,
 * but another organization holds the subject, so committing needs the user's `acknowledgeTakeover`.
 */
export interface ChallengeAwaitingAcknowledgementData {
  readonly challengeId: string;
  readonly method: EventMethod;
  /** Who holds the subject now; committing needs `acknowledgeTakeover`. */
  readonly holderOrganizationId: string;
}

/** The `domain.verified` event (payload `DomainVerifiedData`). */
export type DomainVerifiedEvent = EventEnvelope<'domain.verified', DomainVerifiedData>;
/**
 * The `domain.taken_over` event (payload `DomainTakenOverData`); a takeover yields two, see
 * `takeoverEvents`.
 */
export type DomainTakenOverEvent = EventEnvelope<'domain.taken_over', DomainTakenOverData>;
/** The `domain.downgraded` event (payload `DomainDowngradedData`). */
export type DomainDowngradedEvent = EventEnvelope<'domain.downgraded', DomainDowngradedData>;
/** The `domain.restored` event (payload `DomainRestoredData`). */
export type DomainRestoredEvent = EventEnvelope<'domain.restored', DomainRestoredData>;
/** The `domain.removed` event (payload `DomainRemovedData`). */
export type DomainRemovedEvent = EventEnvelope<'domain.removed', DomainRemovedData>;
/** The `challenge.expired` event (payload `ChallengeExpiredData`). */
export type ChallengeExpiredEvent = EventEnvelope<'challenge.expired', ChallengeExpiredData>;
/**
 * The `challenge.awaiting_acknowledgement` event (payload `ChallengeAwaitingAcknowledgementData`).
 */
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
