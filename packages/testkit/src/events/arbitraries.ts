// fast-check arbitraries for domain events (issue #14 §4): every type of the catalog, with ids
// that stress what a sink must carry unchanged (Unicode, quotes, long ids) and subjects from
// the host-name arbitraries.
import {
  challengeAwaitingAcknowledgement,
  challengeExpired,
  type DomainEvent,
  domainDowngraded,
  domainRemoved,
  domainRestored,
  domainTakenOver,
  domainVerified,
  EVENT_METHODS,
  type EventHeader,
} from '@apexproof/core';
import fc from 'fast-check';
import { registrableDomainArb } from '../arbitraries.js';

/** An event id as the core makes them: header-safe, unique per event. */
export const eventIdArb: fc.Arbitrary<string> = fc.oneof(
  fc.uuid().map((u) => `evt_${u}`),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/),
);

/** An organization, domain, challenge or user id: any storable string, Unicode included. */
export const refArb: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\0')),
  fc.constantFrom('org_"quoted"\\', 'org\u2028line', 'организация', '🔐-org', 'x'.repeat(256)),
);

/** Instants the ISO form can carry with a four-digit year. */
export const eventInstantArb: fc.Arbitrary<Date> = fc.date({
  min: new Date('2000-01-01T00:00:00.000Z'),
  max: new Date('2999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

const methodArb = fc.constantFrom(...EVENT_METHODS);

const headerArb = (): fc.Arbitrary<EventHeader> =>
  fc.record({
    id: eventIdArb,
    organizationId: refArb,
    subject: registrableDomainArb,
    at: eventInstantArb,
  });

/** Any event of the catalog, built with the core's constructors. */
export const domainEventArb: fc.Arbitrary<DomainEvent> = fc.oneof(
  fc
    .tuple(headerArb(), refArb, methodArb, fc.option(refArb, { nil: null }))
    .map(([h, domainId, method, challengeId]) =>
      domainVerified(h, { domainId, method, challengeId }),
    ),
  fc
    .tuple(headerArb(), refArb, fc.constantFrom('new_holder', 'previous_holder' as const), refArb)
    .map(([h, domainId, role, other]) =>
      domainTakenOver(h, {
        domainId,
        role,
        newHolderOrganizationId: role === 'new_holder' ? h.organizationId : other,
        previousHolderOrganizationId: role === 'new_holder' ? other : h.organizationId,
      }),
    ),
  fc.tuple(headerArb(), refArb).map(([h, domainId]) => domainDowngraded(h, { domainId })),
  fc.tuple(headerArb(), refArb).map(([h, domainId]) => domainRestored(h, { domainId })),
  fc
    .tuple(
      headerArb(),
      refArb,
      fc.constantFrom('removed', 'organization_released' as const),
      refArb,
    )
    .map(([h, domainId, cause, user]) =>
      domainRemoved(h, { domainId, cause, removedBy: cause === 'removed' ? user : null }),
    ),
  fc
    .tuple(headerArb(), refArb, methodArb)
    .map(([h, challengeId, method]) => challengeExpired(h, { challengeId, method })),
  fc
    .tuple(headerArb(), refArb, methodArb, refArb)
    .map(([h, challengeId, method, holderOrganizationId]) =>
      challengeAwaitingAcknowledgement(h, { challengeId, method, holderOrganizationId }),
    ),
);

/**
 * A stream of events over a few subjects, in the order they happened, with unique ids and
 * increasing timestamps: what an outbox would hold. Order per subject is the order in the array.
 */
export const eventStreamArb = (maxLength = 12): fc.Arbitrary<DomainEvent[]> =>
  fc
    .tuple(
      fc.uniqueArray(registrableDomainArb, { minLength: 1, maxLength: 3 }),
      fc.array(domainEventArb, { minLength: 1, maxLength }),
      fc.array(fc.nat(), { minLength: maxLength, maxLength }),
    )
    .map(([subjects, events, picks]) =>
      events.map((e, i) => ({
        ...e,
        id: `evt_${i}_${e.id}`.slice(0, 128),
        subject: subjects[(picks[i] ?? 0) % subjects.length] as string,
        timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      })),
    );
