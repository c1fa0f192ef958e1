// The wire form of an event: versioned JSON, shaped like the payload Standard Webhooks
// recommends (`type`, `timestamp`, `data`) plus apexproof's own fields. `checkEvent` reads any
// value defensively (a sink may be handed garbage; a receiver reads bytes off the network) and
// returns a fresh copy holding only the catalog's fields, or the reason it is not an event.
import {
  type DomainEvent,
  type DomainEventType,
  EVENT_METHODS,
  EVENT_TYPES,
  type EventMethod,
} from './catalog.js';

/** The version of the JSON encoding; bumped only for changes an old receiver would misread. */
export const EVENT_ENCODING_VERSION = 1;

/** Longest encoded event `decodeEvent` reads (characters); real events are well under 2 KiB. */
export const MAX_ENCODED_EVENT_LENGTH = 16_384;

/**
 * The answer of `checkEvent` and `decodeEvent`: a fresh event holding only the catalog's fields, or
 * the reason (plain text) the value is not one.
 */
export type EventCheck =
  | { readonly ok: true; readonly event: DomainEvent }
  | { readonly ok: false; readonly reason: string };

type Fields = Record<string, unknown>;

// Event ids travel in an HTTP header (webhook-id) and are signed as `id.timestamp.body`: a
// short, header-safe alphabet without '.', which Standard Webhooks forbids in the id.
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/;
// Subjects are stored normalized: A-labels, lowercase, no trailing dot.
const SUBJECT = /^(?=.{1,253}$)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Ids of organizations, domains, challenges, users: what the storage accepts as an id. */
const isRef = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 256 && !v.includes('\u0000');

const isTimestamp = (v: unknown): v is string =>
  typeof v === 'string' && ISO.test(v) && new Date(v).toISOString() === v;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null;

/** A payload field: its test, and what it must be (for the refusal). */
type Rule = readonly [test: (v: unknown) => boolean, what: string];

const ID: Rule = [isRef, 'an id'];
const ID_OR_NULL: Rule = [(v) => v === null || isRef(v), 'an id or null'];
const METHOD: Rule = [(v) => EVENT_METHODS.includes(v as EventMethod), 'a known method'];
const oneOf = (...values: readonly string[]): Rule => [
  (v) => values.includes(v as string),
  `one of ${values.join(', ')}`,
];

// Each type's payload, fields in wire order.
const PAYLOADS: Record<DomainEventType, Record<string, Rule>> = {
  'domain.verified': { domainId: ID, method: METHOD, challengeId: ID_OR_NULL },
  'domain.taken_over': {
    domainId: ID,
    role: oneOf('new_holder', 'previous_holder'),
    newHolderOrganizationId: ID,
    previousHolderOrganizationId: ID,
  },
  'domain.downgraded': { domainId: ID, reason: oneOf('reverification') },
  'domain.restored': { domainId: ID },
  'domain.removed': {
    domainId: ID,
    cause: oneOf('removed', 'organization_released'),
    removedBy: ID_OR_NULL,
  },
  'challenge.expired': { challengeId: ID, method: METHOD },
  'challenge.awaiting_acknowledgement': {
    challengeId: ID,
    method: METHOD,
    holderOrganizationId: ID,
  },
};

/** A copy of the payload with exactly the type's fields, or why it does not fit. */
function payload(type: DomainEventType, d: Fields): Fields | string {
  const out: Fields = {};
  for (const [key, [test, what]] of Object.entries(PAYLOADS[type])) {
    const value = d[key];
    if (!test(value)) return `data.${key} must be ${what}`;
    out[key] = value;
  }
  return out;
}

function check(value: unknown): EventCheck {
  if (!isObject(value)) return { ok: false, reason: 'an event must be an object' };
  const { id, type, organizationId, subject, timestamp, data: body } = value;
  if (typeof id !== 'string' || !EVENT_ID.test(id))
    return { ok: false, reason: 'id must be 1-128 characters of A-Z a-z 0-9 _ : - (no dot)' };
  if (!EVENT_TYPES.includes(type as DomainEventType))
    return { ok: false, reason: 'type is not in the event catalog' };
  if (!isRef(organizationId)) return { ok: false, reason: 'organizationId must be an id' };
  if (typeof subject !== 'string' || !SUBJECT.test(subject))
    return { ok: false, reason: 'subject must be a normalized host name' };
  if (!isTimestamp(timestamp))
    return { ok: false, reason: 'timestamp must be an ISO 8601 UTC instant with milliseconds' };
  if (!isObject(body)) return { ok: false, reason: 'data must be an object' };
  const checked = payload(type as DomainEventType, body);
  if (typeof checked === 'string') return { ok: false, reason: checked };
  const event = { id, type, organizationId, subject, timestamp, data: checked };
  return { ok: true, event: event as unknown as DomainEvent };
}

/** Reads any value as an event. Never throws, even on a value whose getters throw. */
export function checkEvent(value: unknown): EventCheck {
  try {
    return check(value);
  } catch {
    return { ok: false, reason: 'the event could not be read' };
  }
}

/** The event's JSON text (fields in a fixed order), ready to sign and send. */
export function encodeEvent(event: DomainEvent): string {
  const { id, type, timestamp, organizationId, subject, data } = event;
  return JSON.stringify({
    version: EVENT_ENCODING_VERSION,
    id,
    type,
    timestamp,
    organizationId,
    subject,
    data,
  });
}

/**
 * Reads an encoded event (a webhook body, an outbox row). Fields a later minor change may add
 * are ignored; another `version` is refused, so a receiver never misreads a format it does not
 * know.
 */
export function decodeEvent(text: unknown): EventCheck {
  if (typeof text !== 'string') return { ok: false, reason: 'an encoded event must be a string' };
  if (text.length > MAX_ENCODED_EVENT_LENGTH)
    return {
      ok: false,
      reason: `an encoded event is at most ${MAX_ENCODED_EVENT_LENGTH} characters`,
    };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isObject(parsed)) return { ok: false, reason: 'an event must be an object' };
  if (parsed.version !== EVENT_ENCODING_VERSION)
    return {
      ok: false,
      reason: `unsupported encoding version (expected ${EVENT_ENCODING_VERSION})`,
    };
  return checkEvent(parsed);
}
