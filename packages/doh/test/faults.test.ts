// Fault injection against an in-process fake upstream: every broken answer is a lookup failure
// of the right kind, never an exception and never a false "found".
import type { DnsResult } from '@apexproof/core';
import * as packet from '@dnsquery/dns-packet';
import { describe, expect, it } from 'vitest';
import { createDohResolver, type DohUpstreamOptions, type FetchLike } from '../src/index.js';
import {
  type Behaviour,
  dnsResponse,
  send,
  txtAnswer,
  useFakeUpstreams,
} from './support/fake-upstream.js';

const fake = useFakeUpstreams();
/** A fresh upstream with `behaviour`, and a resolver that asks only it (2 s timeout). */
const upstream = (
  behaviour: Behaviour,
  options: Partial<DohUpstreamOptions> = {},
  timeoutMs = 2000,
) => fake.upstream(behaviour, options, timeoutMs);

function expectFailure<R>(result: DnsResult<R>, kind: string, resolver: string, detail?: RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.failures).toHaveLength(1);
  expect(result.failures[0]).toMatchObject({ kind, resolver });
  if (detail) expect(result.failures[0]?.detail).toMatch(detail);
}

const NAME = '_challenge.acme.test';
const found = txtAnswer([['token']]);
const txtRecord = (name: string): packet.Answer => ({
  name,
  type: 'TXT',
  ttl: 60,
  data: [new TextEncoder().encode('token')],
});

describe('fault injection: each broken answer is the right failure', () => {
  const cases: [string, Behaviour, string, RegExp?][] = [
    ['SERVFAIL', txtAnswer([], { rcode: 2 }), 'servfail', /SERVFAIL/],
    ['REFUSED', txtAnswer([], { rcode: 5 }), 'refused', /REFUSED/],
    ['FORMERR', txtAnswer([], { rcode: 1 }), 'servfail', /FORMERR/],
    [
      'TC bit with records',
      txtAnswer([['token']], { flags: packet.TRUNCATED_RESPONSE }),
      'malformed',
      /TC/,
    ],
    [
      'garbage bytes',
      (_q, res) => send(res, Uint8Array.from([0, 0, 0x81, 0x80, 0xff, 0xff, 1, 2, 3])),
      'malformed',
    ],
    ['empty body', (_q, res) => send(res, new Uint8Array()), 'malformed'],
    [
      'a TXT string running past its record data',
      (q, res) => {
        const bytes = Uint8Array.from(dnsResponse(q, { answers: [txtRecord(q.name)] }));
        bytes[bytes.length - 6] = 200; // the length octet of the last string ('token')
        send(res, bytes);
      },
      'malformed',
      /overflow/,
    ],
    ['id other than 0', txtAnswer([['token']], { id: 4242 }), 'malformed', /id 4242/],
    [
      'a query instead of a response',
      (q, res) => send(res, dnsResponse(q, { type: 'query' })),
      'malformed',
      /QR/,
    ],
    ['HTTP 500', (_q, res) => res.writeHead(500).end('oops'), 'network', /HTTP 500/],
    ['HTTP 429', (_q, res) => res.writeHead(429).end(), 'refused', /HTTP 429/],
    [
      'a redirect, not followed',
      (_q, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end(),
      'network',
      /HTTP 302/,
    ],
    [
      'wrong content-type',
      (q, res) =>
        send(
          res,
          dnsResponse(q, { answers: [{ name: q.name, type: 'TXT', data: ['token'] }] }),
          'text/html',
        ),
      'malformed',
      /content-type text\/html/,
    ],
    [
      'wrong question name',
      (q, res) => found({ ...q, name: 'other.acme.test' }, res),
      'malformed',
      /other\.acme\.test/,
    ],
    ['wrong question type', (q, res) => found({ ...q, type: 'A' }, res), 'malformed', /A$/],
    [
      'wrong question class',
      (q, res) =>
        send(res, dnsResponse(q, { questions: [{ name: q.name, type: 'TXT', class: 'CH' }] })),
      'malformed',
      /CH/,
    ],
    [
      'trailing bytes after the message',
      (q, res) => send(res, Uint8Array.from([...dnsResponse(q), 0, 0, 0])),
      'malformed',
      /does not match/,
    ],
    [
      'extended RCODE BADVERS (header says NOERROR)',
      txtAnswer([['token']], {
        additionals: [
          { type: 'OPT', name: '.', extendedRcode: 1, flags: 0 } as unknown as packet.Answer,
        ],
      }),
      'servfail',
      /BADVERS/,
    ],
    [
      'CNAME loop inside the answer',
      (q, res) =>
        send(
          res,
          dnsResponse(q, {
            answers: [
              { name: q.name, type: 'CNAME', data: 'b.acme.test' },
              { name: 'b.acme.test', type: 'CNAME', data: q.name },
            ],
          }),
        ),
      'servfail',
      /CNAME loop/,
    ],
    [
      'CNAME chain longer than 8',
      (q, res) => {
        const hops = Array.from({ length: 10 }, (_, i) => `h${i}.acme.test`);
        const names = [q.name, ...hops];
        const answers = hops.map((target, i) => ({
          name: names[i] as string,
          type: 'CNAME' as const,
          data: target,
        }));
        send(
          res,
          dnsResponse(q, {
            answers: [...answers, { name: 'h9.acme.test', type: 'TXT', data: ['x'] }],
          }),
        );
      },
      'servfail',
      /longer than 8/,
    ],
  ];

  for (const [title, behaviour, kind, detail] of cases) {
    it(title, async () => {
      const { url, resolver } = upstream(behaviour);
      expectFailure(await resolver.txt(NAME), kind, url, detail);
    });
  }

  it('a 5 MB streamed body is cut off at the size limit and the request aborted', async () => {
    let sent = 0;
    const { url, id } = upstream((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/dns-message' });
      const chunk = new Uint8Array(64 * 1024);
      const pump = () => {
        while (sent < 5 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.once('close', () => (sent = Number.POSITIVE_INFINITY));
      pump();
    });
    // Counts what the resolver pulls from the body: the limit plus a chunk or two, not 5 MB.
    let pulled = 0;
    let signal: AbortSignal | undefined;
    const counting: FetchLike = async (input, init) => {
      signal = init.signal;
      const response = await fetch(input, init);
      const count = new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, out) => {
          pulled += chunk.byteLength;
          out.enqueue(chunk);
        },
      });
      return new Response(response.body?.pipeThrough(count), response);
    };
    const resolver = createDohResolver({ upstreams: [url], fetch: counting });
    expectFailure(await resolver.txt(NAME), 'malformed', url, /larger than 65536 bytes/);
    expect(pulled).toBeLessThan(1024 * 1024);
    expect(signal?.aborted).toBe(true);
    await fake.requests().find((r) => r.upstream === id)?.closed;
  });

  it('a declared 5 MB content-length is refused before reading', async () => {
    const { url, resolver } = upstream((_q, res) => {
      res.writeHead(200, {
        'content-type': 'application/dns-message',
        'content-length': 5 * 1024 * 1024,
      });
      res.write(new Uint8Array(1024));
    });
    expectFailure(await resolver.txt(NAME), 'malformed', url, /larger than/);
  });

  it('a slow body times out', async () => {
    const { url, resolver } = upstream(
      (q, res) => {
        const body = dnsResponse(q);
        res.writeHead(200, {
          'content-type': 'application/dns-message',
          'content-length': body.length,
        });
        res.write(body.subarray(0, 5));
      },
      {},
      300,
    );
    expectFailure(await resolver.txt(NAME), 'timeout', url, /300 ms/);
  });

  it('an upstream that never answers times out', async () => {
    const { url, resolver } = upstream(() => {}, {}, 300);
    expectFailure(await resolver.txt(NAME), 'timeout', url);
  });

  it('a closed port is a network failure', async () => {
    const resolver = createDohResolver({ upstreams: ['http://127.0.0.1:1/dns-query'] });
    expectFailure(await resolver.txt(NAME), 'network', 'http://127.0.0.1:1/dns-query');
  });

  it('an invalid name fails before any request', async () => {
    const before = fake.requests().length;
    const { resolver } = upstream(found);
    expectFailure(
      await resolver.txt('bad name.example'),
      'malformed',
      'input',
      /invalid query name/,
    );
    expect(fake.requests().length).toBe(before);
  });
});
