// The event catalog (issue #14 §4): the constructors build exactly the catalog's fields, the
// method list agrees with the storage's, and `activeAfter` says who holds the subject.
import { domainEventArb } from '@apexproof/testkit';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  activeAfter,
  challengeAwaitingAcknowledgement,
  challengeExpired,
  checkEvent,
  type DomainEvent,
  domainDowngraded,
  domainRemoved,
  domainRestored,
  domainVerified,
  EVENT_METHODS,
  EVENT_TYPES,
  type EventMethod,
  type Method,
  takeoverEvents,
} from '../../src/index.js';

const at = new Date('2026-12-02T05:00:00.000Z');
const header = { id: 'evt_1', organizationId: 'org_acme', subject: 'acme.co', at };

describe('event catalog', () => {
  it('carries the same methods as the storage records', () => {
    expectTypeOf<EventMethod>().toEqualTypeOf<Method>();
    expect([...EVENT_METHODS].sort()).toEqual(['bypass', 'dns-txt', 'email-otp', 'ns-delegation']);
  });

  it('lists the seven event types of the issue', () => {
    expect(EVENT_TYPES).toEqual([
      'domain.verified',
      'domain.taken_over',
      'domain.downgraded',
      'domain.restored',
      'domain.removed',
      'challenge.expired',
      'challenge.awaiting_acknowledgement',
    ]);
  });

  it('builds an event with the header, an ISO timestamp and exactly the payload fields', () => {
    const wider = { domainId: 'dom_1', method: 'dns-txt', challengeId: 'ch_1', token: 'secret' };
    const event = domainVerified({ ...header, extra: 'x' } as typeof header, wider as never);
    expect(event).toEqual({
      id: 'evt_1',
      type: 'domain.verified',
      organizationId: 'org_acme',
      subject: 'acme.co',
      timestamp: '2026-12-02T05:00:00.000Z',
      data: { domainId: 'dom_1', method: 'dns-txt', challengeId: 'ch_1' },
    });
    expect(JSON.stringify(event)).not.toContain('secret');
  });

  it('builds both sides of a takeover, taker first, each addressed to its organization', () => {
    const [taker, loser] = takeoverEvents({
      subject: 'acme.co',
      at,
      newHolder: { organizationId: 'org_new', domainId: 'dom_new', eventId: 'evt_a' },
      previousHolder: { organizationId: 'org_old', domainId: 'dom_old', eventId: 'evt_b' },
    });
    const both = { newHolderOrganizationId: 'org_new', previousHolderOrganizationId: 'org_old' };
    expect(taker).toMatchObject({
      id: 'evt_a',
      type: 'domain.taken_over',
      organizationId: 'org_new',
      data: { domainId: 'dom_new', role: 'new_holder', ...both },
    });
    expect(loser).toMatchObject({
      id: 'evt_b',
      organizationId: 'org_old',
      data: { domainId: 'dom_old', role: 'previous_holder', ...both },
    });
    expect(activeAfter(taker)).toBe(true);
    expect(activeAfter(loser)).toBe(false);
  });

  it('says whether the organization holds the subject after each event', () => {
    expect(
      activeAfter(domainVerified(header, { domainId: 'd', method: 'bypass', challengeId: null })),
    ).toBe(true);
    expect(activeAfter(domainRestored(header, { domainId: 'd' }))).toBe(true);
    expect(activeAfter(domainDowngraded(header, { domainId: 'd' }))).toBe(false);
    expect(
      activeAfter(domainRemoved(header, { domainId: 'd', cause: 'removed', removedBy: 'u' })),
    ).toBe(false);
    expect(
      activeAfter(challengeExpired(header, { challengeId: 'c', method: 'dns-txt' })),
    ).toBeNull();
    const awaiting = challengeAwaitingAcknowledgement(header, {
      challengeId: 'c',
      method: 'ns-delegation',
      holderOrganizationId: 'org_other',
    });
    expect(activeAfter(awaiting)).toBeNull();
  });

  it('downgrades carry reason reverification whatever the caller passes', () => {
    const event = domainDowngraded(header, { domainId: 'd', reason: 'takeover' } as never);
    expect(event.data).toEqual({ domainId: 'd', reason: 'reverification' });
  });

  it('a broken clock yields an empty timestamp that checkEvent refuses, never a throw', () => {
    for (const bad of [
      new Date(Number.NaN),
      new Date(8.64e15),
      new Date('+010000-01-01T00:00:00Z'),
      'now' as unknown as Date,
    ]) {
      const event = domainRestored({ ...header, at: bad }, { domainId: 'd' });
      expect(event.timestamp).toBe('');
      expect(checkEvent(event)).toMatchObject({
        ok: false,
        reason: expect.stringContaining('timestamp'),
      });
    }
  });

  it('every constructed event passes checkEvent unchanged', () => {
    fc.assert(
      fc.property(domainEventArb, (event: DomainEvent) => {
        expect(checkEvent(event)).toEqual({ ok: true, event });
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
