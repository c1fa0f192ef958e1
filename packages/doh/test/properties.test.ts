// Properties of the pure parts: decoding never throws, encode/decode round trips, names.
import * as packet from '@dnsquery/dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64url } from '../src/base64url.js';
import { parseTxtData } from '../src/json.js';
import { queryName } from '../src/names.js';
import { decodeMessage, parseWireResponse } from '../src/wire.js';
import { presentation } from './support/unbound.js';

const octets = (s: string) => new TextEncoder().encode(s).length;
/** A character-string: any Unicode text that fits 255 octets in UTF-8. */
const characterString = fc
  .string({ unit: 'binary', maxLength: 120 })
  .filter((s) => octets(s) <= 255);
const txtRecords = fc.array(fc.array(characterString, { minLength: 1, maxLength: 4 }), {
  maxLength: 5,
});
const NAME = '_challenge.acme.test';
const utf8 = (s: string) => new TextEncoder().encode(s);

function txtResponse(records: string[][], name = NAME): Uint8Array {
  return packet.encode({
    type: 'response',
    id: 0,
    flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
    questions: [{ name, type: 'TXT', class: 'IN' }],
    // TextEncoder, not dns-packet's own UTF-8 encoder: utf8-codec 1.0.0 mis-encodes characters
    // beyond U+FFFF (U+20000 comes out as U+10000). The resolver only ever encodes ASCII names.
    answers: records.map((data) => ({ name, type: 'TXT', ttl: 300, data: data.map(utf8) })),
  });
}

describe('wire decoding', () => {
  it('never throws on arbitrary bytes, and fails as malformed when it cannot decode', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const decoded = decodeMessage(bytes);
        if (!decoded.ok) expect(decoded.kind).toBe('malformed');
        const parsed = parseWireResponse(bytes, NAME, 'TXT');
        if (!parsed.ok) expect(parsed.kind).not.toBe('timeout');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on a valid response with bytes flipped, cut or appended', () => {
    fc.assert(
      fc.property(
        txtRecords,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.integer({ min: -20, max: 3 }),
        (records, flips, resize) => {
          const bytes = Uint8Array.from(txtResponse(records));
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          const sized =
            resize < 0
              ? bytes.subarray(0, bytes.length + resize)
              : Uint8Array.from([...bytes, ...new Array(resize).fill(0)]);
          const result = parseWireResponse(sized, NAME, 'TXT');
          if (resize !== 0 && flips.length === 0 && result.ok) {
            throw new Error('a message whose length changed was accepted');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('round-trips TXT answers built with dns-packet, keeping each record as its strings', () => {
    fc.assert(
      fc.property(txtRecords, (records) => {
        const result = parseWireResponse(txtResponse(records), NAME, 'TXT');
        expect(result).toEqual({
          ok: true,
          value: {
            rcode: 'NOERROR',
            authenticated: false,
            records: records.map((data) => ({ name: NAME, type: 'TXT', data })),
          },
        });
      }),
    );
  });
});

describe('JSON TXT data', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const parts = parseTxtData(text);
        if (parts) for (const part of parts) expect(typeof part).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back any strings written in quoted presentation format', () => {
    fc.assert(
      fc.property(fc.array(characterString, { minLength: 1, maxLength: 4 }), (strings) => {
        expect(parseTxtData(strings.map(presentation).join(' '))).toEqual(strings);
      }),
    );
  });
});

describe('names and base64url', () => {
  it('queryName is idempotent and only returns lowercase names of valid labels', () => {
    fc.assert(
      fc.property(fc.oneof(fc.domain(), fc.string()), (name) => {
        const once = queryName(name);
        if (once === undefined) return;
        expect(queryName(once)).toBe(once);
        expect(once).toBe(once.toLowerCase());
        expect(once.length).toBeLessThanOrEqual(253);
        for (const label of once.split('.')) expect(label.length).toBeGreaterThan(0);
      }),
    );
  });

  it('accepts every domain and its uppercase, dotted spelling as the same name', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        expect(queryName(`${domain.toUpperCase()}.`)).toBe(domain.toLowerCase());
      }),
    );
  });

  it('base64url is unpadded, URL-safe and decodes back to the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = base64url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        const standard = text.replace(/-/g, '+').replace(/_/g, '/');
        const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
        expect(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0))).toEqual(bytes);
      }),
    );
  });
});
