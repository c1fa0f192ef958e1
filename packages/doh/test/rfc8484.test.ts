// The request and response examples of RFC 8484 (§4.1.1 and §4.2.2), bytes vendored from
// /work/shared/vectors/doh/rfc8484-examples.txt (dohwg/draft-ietf-doh-dns-over-https,
// draft-ietf-doh-dns-over-https-latest.mkd at fac35f61, lines 191-318; IETF Trust, code
// components under the Simplified BSD licence).
import * as packet from '@dnsquery/dns-packet';
import { describe, expect, it } from 'vitest';
import { base64url } from '../src/base64url.js';
import { decodeMessage, encodeQuery, interpretMessage } from '../src/wire.js';

const hex = (text: string) =>
  Uint8Array.from(text.trim().split(/\s+/), (h) => Number.parseInt(h, 16));

/** §4.1.1: the query for www.example.com IN A, 33 bytes (the POST body). */
const WWW_QUERY = hex(`
  00 00 01 00 00 01 00 00  00 00 00 00 03 77 77 77
  07 65 78 61 6d 70 6c 65  03 63 6f 6d 00 00 01 00
  01`);
const WWW_GET_DNS = 'AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB';

/** §4.1.1: the 94-byte query whose base64url differs from standard base64. */
const LONG_QUERY = hex(`
  00 00 01 00 00 01 00 00  00 00 00 00 01 61 3e 36
  32 63 68 61 72 61 63 74  65 72 6c 61 62 65 6c 2d
  6d 61 6b 65 73 2d 62 61  73 65 36 34 75 72 6c 2d
  64 69 73 74 69 6e 63 74  2d 66 72 6f 6d 2d 73 74
  61 6e 64 61 72 64 2d 62  61 73 65 36 34 07 65 78
  61 6d 70 6c 65 03 63 6f  6d 00 00 01 00 01`);
const LONG_GET_DNS =
  'AAABAAABAAAAAAAAAWE-NjJjaGFyYWN0ZXJsYWJl' +
  'bC1tYWtlcy1iYXNlNjR1cmwtZGlzdGluY3QtZnJvbS1z' +
  'dGFuZGFyZC1iYXNlNjQHZXhhbXBsZQNjb20AAAEAAQ';
const LONG_NAME = 'a.62characterlabel-makes-base64url-distinct-from-standard-base64.example.com';

/** §4.2.2: the response for www.example.com IN AAAA, 61 bytes. */
const AAAA_RESPONSE = hex(`
  00 00 81 80 00 01 00 01  00 00 00 00 03 77 77 77
  07 65 78 61 6d 70 6c 65  03 63 6f 6d 00 00 1c 00
  01 c0 0c 00 1c 00 01 00  00 0e 7d 00 10 20 01 0d
  b8 ab cd 00 12 00 01 00  02 00 03 00 04`);

describe('RFC 8484 examples', () => {
  it('the www.example.com query encodes to the example bytes and its GET parameter', () => {
    const query = packet.encode({
      type: 'query',
      id: 0,
      flags: packet.RECURSION_DESIRED,
      questions: [{ name: 'www.example.com', type: 'A', class: 'IN' }],
    });
    expect(query).toEqual(WWW_QUERY);
    expect(base64url(query)).toBe(WWW_GET_DNS);
  });

  it('the 62-character-label query uses base64url (- and _) without padding', () => {
    const query = packet.encode({
      type: 'query',
      id: 0,
      flags: packet.RECURSION_DESIRED,
      questions: [{ name: LONG_NAME, type: 'A', class: 'IN' }],
    });
    expect(query).toEqual(LONG_QUERY);
    expect(base64url(LONG_QUERY)).toBe(LONG_GET_DNS);
    expect(LONG_GET_DNS).toContain('-');
  });

  it('our own query keeps the example header (id 0, RD) and adds only the EDNS0 record', () => {
    const ours = encodeQuery('www.example.com', 'TXT');
    expect([...ours.subarray(0, 10)]).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 0, 0]);
    expect([...ours.subarray(10, 12)]).toEqual([0, 1]); // ARCOUNT 1: the OPT record
    expect([...ours.subarray(12, 29)]).toEqual([...WWW_QUERY.subarray(12, 29)]); // the name
    expect([...ours.subarray(29, 33)]).toEqual([0, 16, 0, 1]); // TXT, IN
    expect(packet.decode(ours).additionals).toMatchObject([{ type: 'OPT', flag_do: true }]);
  });

  it('the AAAA response decodes to one record with its address and TTL', () => {
    const decoded = decodeMessage(AAAA_RESPONSE);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value).toMatchObject({
      id: 0,
      type: 'response',
      flag_tc: false,
      questions: [{ name: 'www.example.com', type: 'AAAA', class: 'IN' }],
      answers: [
        { name: 'www.example.com', type: 'AAAA', ttl: 3709, data: '2001:db8:abcd:12:1:2:3:4' },
      ],
    });
    expect(AAAA_RESPONSE.length).toBe(61); // the example's content-length
  });

  it('the AAAA response is refused as the answer to a TXT question (question check)', () => {
    const decoded = decodeMessage(AAAA_RESPONSE);
    if (!decoded.ok) throw new Error('the example must decode');
    expect(interpretMessage(decoded.value, 'www.example.com', 'TXT')).toMatchObject({
      ok: false,
      kind: 'malformed',
    });
  });

  it('a cut example response is malformed, not an answer', () => {
    for (let length = 0; length < AAAA_RESPONSE.length; length++) {
      expect(decodeMessage(AAAA_RESPONSE.subarray(0, length)).ok).toBe(false);
    }
  });
});
