// What the resolver sends (RFC 8484 GET and POST) and the unusual answers it still accepts as
// definitive, against the in-process fake upstream.
import * as packet from '@dnsquery/dns-packet';
import { describe, expect, it } from 'vitest';
import { dnsResponse, send, txtAnswer, useFakeUpstreams } from './support/fake-upstream.js';

const { upstream, requests } = useFakeUpstreams();

const NAME = '_challenge.acme.test';
const found = txtAnswer([['token']]);

describe('answers that are definitive', () => {
  it('NXDOMAIN is an answer, not a failure', async () => {
    const { resolver } = upstream(txtAnswer([], { rcode: 3 }));
    expect(await resolver.txt(NAME)).toMatchObject({
      ok: true,
      answer: { rcode: 'NXDOMAIN', records: [] },
    });
  });

  it('accepts a question echoed in another case (DNS 0x20) and reports the AD bit', async () => {
    const { resolver } = upstream((q, res) =>
      txtAnswer([['token']], { flags: packet.AUTHENTIC_DATA })(
        { ...q, name: q.name.toUpperCase() },
        res,
      ),
    );
    expect(await resolver.txt(NAME)).toMatchObject({
      ok: true,
      answer: { records: [['token']], authenticated: true },
    });
  });

  it('ignores RRSIG and other types, and keeps non-UTF-8 bytes as U+FFFD', async () => {
    const { resolver } = upstream((q, res) =>
      send(
        res,
        dnsResponse(q, {
          answers: [
            { name: q.name, type: 'TXT', data: [Uint8Array.from([0x74, 0xff, 0x6b])] },
            { name: q.name, type: 'A', data: '192.0.2.1' },
          ],
        }),
      ),
    );
    expect(await resolver.txt(NAME)).toMatchObject({
      ok: true,
      answer: { records: [['t\uFFFDk']] },
    });
  });

  it('sends GET with unpadded base64url dns=, id 0, RD, EDNS0 with DO, and the accept header', async () => {
    const { resolver, id } = upstream(found);
    expect(await resolver.txt(NAME)).toMatchObject({ ok: true, answer: { records: [['token']] } });
    const seen = requests().find((r) => r.upstream === id);
    expect(seen?.method).toBe('GET');
    expect(seen?.headers.accept).toBe('application/dns-message');
    expect(new URL(seen?.url ?? '', 'http://x').searchParams.get('dns')).toMatch(
      /^[A-Za-z0-9_-]+$/,
    );
    expect(seen?.query).toMatchObject({
      id: 0,
      flag_rd: true,
      questions: [{ name: NAME, type: 'TXT', class: 'IN' }],
    });
    expect(seen?.query?.additionals).toMatchObject([{ type: 'OPT', flag_do: true }]);
  });

  it('sends POST with the message as body when asked', async () => {
    const { resolver, id } = upstream(found, { method: 'POST' });
    expect(await resolver.txt(NAME)).toMatchObject({ ok: true });
    const seen = requests().find((r) => r.upstream === id);
    expect(seen?.method).toBe('POST');
    expect(seen?.headers['content-type']).toBe('application/dns-message');
    expect(seen?.query).toMatchObject({ id: 0, questions: [{ name: NAME, type: 'TXT' }] });
  });
});
