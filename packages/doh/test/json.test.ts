// The JSON API (`application/dns-json`) as an upstream format, against the fake upstream.
import type { DnsResult } from '@apexproof/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDohResolver } from '../src/index.js';
import { type Behaviour, type FakeUpstreams, startFakeUpstreams } from './support/fake-upstream.js';

let fakes: FakeUpstreams;
beforeAll(async () => {
  fakes = await startFakeUpstreams();
});
afterAll(() => fakes.close());

const NAME = '_challenge.acme.test';
let counter = 0;

function jsonUpstream(behaviour: Behaviour) {
  const id = `j${++counter}`;
  fakes.on(id, behaviour);
  const url = fakes.url(id);
  return { id, url, resolver: createDohResolver({ upstreams: [{ url, format: 'json' }] }) };
}

/** Answers with `body` as JSON (Cloudflare's content type unless told). */
const json =
  (body: (name: string) => unknown, type = 'application/dns-json'): Behaviour =>
  (q, res) => {
    res.writeHead(200, { 'content-type': type });
    res.end(JSON.stringify(body(q.name)));
  };

const txtBody =
  (data: string[], extra: Record<string, unknown> = {}) =>
  (name: string) => ({
    Status: 0,
    TC: false,
    AD: false,
    Question: [{ name: `${name}.`, type: 16 }],
    Answer: data.map((d) => ({ name: `${name}.`, type: 16, TTL: 60, data: d })),
    ...extra,
  });

function failureKind<R>(result: DnsResult<R>): string | undefined {
  return result.ok ? undefined : result.failures[0]?.kind;
}

describe('JSON API upstreams', () => {
  it('sends name, type and accept: application/dns-json', async () => {
    const { resolver, id } = jsonUpstream(json(txtBody(['"token"'])));
    expect(await resolver.txt(NAME)).toMatchObject({ ok: true, answer: { records: [['token']] } });
    const seen = fakes.seen.find((r) => r.upstream === id);
    expect(seen?.headers.accept).toBe('application/dns-json');
    expect(seen).toMatchObject({ name: NAME, type: 'TXT', method: 'GET' });
  });

  it('unescapes quoted strings: escaped quotes, backslashes, \\DDD octets, several strings', async () => {
    const data = String.raw`"say \"hi\"" "back\\slash" "caf\195\169"`;
    const { resolver } = jsonUpstream(json(txtBody([data, '"plain"'])));
    expect(await resolver.txt(NAME)).toMatchObject({
      ok: true,
      answer: { records: [['say "hi"', 'back\\slash', 'café'], ['plain']] },
    });
  });

  it('takes unquoted data (Google style) as one string, exactly as given', async () => {
    const { resolver } = jsonUpstream(json(txtBody(['v=spf1 -all "odd"']), 'application/json'));
    expect(await resolver.txt(NAME)).toMatchObject({
      ok: true,
      answer: { records: [['v=spf1 -all "odd"']] },
    });
  });

  it('follows CNAMEs and reads NS data', async () => {
    const { resolver } = jsonUpstream(
      json((name) => ({
        Status: 0,
        AD: true,
        Question: [{ name, type: 2 }],
        Answer: [
          { name, type: 5, data: 'Zone.Example.NET.' },
          { name: 'zone.example.net.', type: 2, data: 'NS1.Example.NET.' },
          { name: 'zone.example.net.', type: 46, data: 'RRSIG ...' },
        ],
      })),
    );
    expect(await resolver.ns(NAME)).toEqual({
      ok: true,
      answer: {
        rcode: 'NOERROR',
        records: ['ns1.example.net'],
        cnameChain: ['zone.example.net'],
        authenticated: true,
        resolvers: [expect.stringContaining('/j')],
      },
    });
  });

  it('never turns escaped quotes into a false "found": the escape stays inside its string', async () => {
    // A naive split on `" "` would yield the record ['x', 'token'], joined 'xtoken'.
    const data = String.raw`"x\" \"token"`;
    const { resolver } = jsonUpstream(json(txtBody([data])));
    expect(await resolver.txt(NAME)).toMatchObject({
      ok: true,
      answer: { records: [['x" "token']] },
    });
    // An escaped closing quote leaves the string open: malformed, not the record ['token'].
    const open = jsonUpstream(json(txtBody([String.raw`"token\"`])));
    expect(failureKind(await open.resolver.txt(NAME))).toBe('malformed');
  });

  const failures: [string, Behaviour, string][] = [
    ['Status 2 (SERVFAIL)', json(txtBody([], { Status: 2 })), 'servfail'],
    ['Status 5 (REFUSED)', json(txtBody([], { Status: 5 })), 'refused'],
    ['TC set', json(txtBody(['"token"'], { TC: true })), 'malformed'],
    ['a question for another name', json(() => txtBody(['"t"'])('other.acme.test')), 'malformed'],
    [
      'a question of another type',
      json(txtBody(['"t"'], { Question: [{ name: `${NAME}.`, type: 1 }] })),
      'malformed',
    ],
    ['no Status', json(txtBody(['"t"'], { Status: undefined })), 'malformed'],
    [
      'not JSON',
      (_q, res) => res.writeHead(200, { 'content-type': 'application/dns-json' }).end('{"Status":'),
      'malformed',
    ],
    ['a JSON array', json(() => [1, 2]), 'malformed'],
    ['broken quoting', json(txtBody(['"unterminated'])), 'malformed'],
    ['a quoted string over 255 octets', json(txtBody([`"${'x'.repeat(256)}"`])), 'malformed'],
    ['the wire content type', json(txtBody(['"t"']), 'application/dns-message'), 'malformed'],
    ['Answer not a list', json(txtBody([], { Answer: { data: '"t"' } })), 'malformed'],
  ];
  for (const [title, behaviour, kind] of failures) {
    it(`fails on ${title}`, async () => {
      const { resolver } = jsonUpstream(behaviour);
      expect(failureKind(await resolver.txt(NAME))).toBe(kind);
    });
  }
});
