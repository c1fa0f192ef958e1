// The versioned JSON form of events: it round-trips every event, has a fixed shape receivers
// can rely on, and reading it never throws whatever arrives.
import { domainEventArb } from '@apexproof/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkEvent,
  decodeEvent,
  domainRemoved,
  EVENT_ENCODING_VERSION,
  encodeEvent,
  MAX_ENCODED_EVENT_LENGTH,
} from '../../src/index.js';

const event = domainRemoved(
  { id: 'evt_9', organizationId: 'org_acme', subject: 'xn--bcher-kva.example', at: new Date(0) },
  { domainId: 'dom_1', cause: 'organization_released', removedBy: null },
);

describe('event encoding', () => {
  it('writes version 1 with the fields in a fixed order, Standard Webhooks style', () => {
    expect(EVENT_ENCODING_VERSION).toBe(1);
    expect(encodeEvent(event)).toBe(
      '{"version":1,"id":"evt_9","type":"domain.removed","timestamp":"1970-01-01T00:00:00.000Z",' +
        '"organizationId":"org_acme","subject":"xn--bcher-kva.example",' +
        '"data":{"domainId":"dom_1","cause":"organization_released","removedBy":null}}',
    );
  });

  it('round-trips every event of the catalog', () => {
    fc.assert(
      fc.property(domainEventArb, (e) => {
        expect(decodeEvent(encodeEvent(e))).toEqual({ ok: true, event: e });
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('ignores fields it does not know, at the top and in the payload', () => {
    const wire = JSON.parse(encodeEvent(event));
    wire.later = { added: true };
    wire.data.note = 'from a later minor version';
    expect(decodeEvent(JSON.stringify(wire))).toEqual({ ok: true, event });
  });

  it.each([
    ['a non-string', 42, 'must be a string'],
    ['text that is not JSON', '{"version":1,', 'not JSON'],
    ['JSON that is not an object', '[1,2]', 'version'],
    ['JSON null', 'null', 'must be an object'],
    ['no version', JSON.stringify({ ...event }), 'version'],
    ['a later version', JSON.stringify({ ...event, version: 2 }), 'version'],
    ['a string version', JSON.stringify({ ...event, version: '1' }), 'version'],
    ['an over-long text', ' '.repeat(MAX_ENCODED_EVENT_LENGTH + 1), 'at most'],
    ['1 MB of JSON', JSON.stringify({ version: 1, pad: 'x'.repeat(1 << 20) }), 'at most'],
  ])('refuses %s', (_label, text, reason) => {
    expect(decodeEvent(text)).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });

  const broken: [string, Record<string, unknown>, string][] = [
    ['an empty id', { id: '' }, 'id'],
    ['an id with a line break', { id: 'evt\r\nx: y' }, 'id'],
    ['an id of 129 characters', { id: 'e'.repeat(129) }, 'id'],
    ['an id with a dot (the signed text is id.timestamp.body)', { id: 'evt.1' }, 'id'],
    ['an unknown type', { type: 'domain.stolen' }, 'type'],
    ['a type from the prototype', { type: '__proto__' }, 'type'],
    ['an empty organization', { organizationId: '' }, 'organizationId'],
    ['an organization with U+0000', { organizationId: 'org\u0000' }, 'organizationId'],
    ['an organization of 257 characters', { organizationId: 'o'.repeat(257) }, 'organizationId'],
    ['a Unicode subject', { subject: 'bücher.example' }, 'subject'],
    ['an upper-case subject', { subject: 'Acme.co' }, 'subject'],
    ['a subject with a trailing dot', { subject: 'acme.co.' }, 'subject'],
    ['a subject over 253 octets', { subject: `${'a.'.repeat(126)}co` }, 'subject'],
    ['a subject label over 63 octets', { subject: `${'a'.repeat(64)}.co` }, 'subject'],
    ['a timestamp without milliseconds', { timestamp: '2026-12-02T05:00:00Z' }, 'timestamp'],
    ['a timestamp that is no date', { timestamp: '2026-02-30T05:00:00.000Z' }, 'timestamp'],
    ['a timestamp with an offset', { timestamp: '2026-12-02T05:00:00.000+01:00' }, 'timestamp'],
    ['data that is a string', { data: 'x' }, 'data'],
    ['a payload of another type', { data: { challengeId: 'c', method: 'dns-txt' } }, 'domainId'],
    ['an unknown cause', { data: { ...event.data, cause: 'stolen' } }, 'cause'],
    ['a numeric removedBy', { data: { ...event.data, removedBy: 7 } }, 'removedBy'],
  ];
  it.each(broken)('checkEvent refuses %s and names the field', (_label, change, field) => {
    const result = checkEvent({ ...event, ...change });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(field) });
  });

  it('never throws, whatever it reads', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('getter');
        },
      },
    );
    expect(checkEvent(hostile)).toEqual({ ok: false, reason: expect.any(String) });
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(checkEvent(value).ok).toBe(false);
        expect(decodeEvent(value).ok).toBe(false);
        expect(decodeEvent(JSON.stringify(value) ?? '').ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('checkEvent returns a copy that later changes to the input do not reach', () => {
    const input = structuredClone(event) as { data: { domainId: string } };
    const result = checkEvent(input);
    input.data.domainId = 'changed';
    expect(result).toEqual({ ok: true, event });
  });
});
