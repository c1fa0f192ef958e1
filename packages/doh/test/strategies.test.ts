// How several upstreams combine: hedged, sequential and quorum, against fake upstreams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDohResolver, type DohResolverOptions } from '../src/index.js';
import { answerKey } from '../src/strategies.js';
import {
  type Behaviour,
  type FakeUpstreams,
  type SeenRequest,
  startFakeUpstreams,
  txtAnswer,
} from './support/fake-upstream.js';

let fakes: FakeUpstreams;
beforeAll(async () => {
  fakes = await startFakeUpstreams();
});
afterAll(() => fakes.close());

const NAME = '_challenge.acme.test';
const never: Behaviour = () => {};
let counter = 0;

/** Fresh upstreams with the given behaviours and a resolver over them, in that order. */
function setup(behaviours: Behaviour[], options: DohResolverOptions = {}) {
  const ids = behaviours.map((behaviour) => {
    const id = `s${++counter}`;
    fakes.on(id, behaviour);
    return id;
  });
  const urls = ids.map((id) => fakes.url(id));
  const resolver = createDohResolver({ ...options, upstreams: urls });
  const requestsTo = (i: number) => fakes.seen.filter((r) => r.upstream === ids[i]);
  return { urls, resolver, requestsTo };
}

/** Whether the fake saw `request` closed within 2 s (a request timeout is never that short here). */
const closedSoon = (request: SeenRequest | undefined) =>
  Promise.race([
    request?.closed.then(() => 'closed') ?? 'never sent',
    new Promise((resolve) => setTimeout(resolve, 2000, 'still open')),
  ]);

describe('hedged (default)', () => {
  it('answers from the second upstream when the first never answers, and aborts the first', async () => {
    // The request timeout is far away, so only the abort can close the first request.
    const { urls, resolver, requestsTo } = setup([never, txtAnswer([['second']])], {
      hedgeDelayMs: 50,
      timeoutMs: 60_000,
    });
    const result = await resolver.txt(NAME);
    expect(result).toMatchObject({
      ok: true,
      answer: { records: [['second']], resolvers: [urls[1]] },
    });
    expect(requestsTo(0)).toHaveLength(1);
    // The losing request is cancelled: the fake sees its connection close.
    expect(await closedSoon(requestsTo(0)[0])).toBe('closed');
  });

  it('asks the next upstream at once when the first fails, without waiting for the delay', async () => {
    const { urls, resolver } = setup([txtAnswer([], { rcode: 2 }), txtAnswer([['second']])], {
      hedgeDelayMs: 60_000,
    });
    expect(await resolver.txt(NAME)).toMatchObject({ ok: true, answer: { resolvers: [urls[1]] } });
  });

  it('does not ask the second upstream when the first answers', async () => {
    const { urls, resolver, requestsTo } = setup(
      [txtAnswer([], { rcode: 3 }), txtAnswer([['x']])],
      {
        hedgeDelayMs: 60_000,
      },
    );
    expect(await resolver.txt(NAME)).toMatchObject({
      ok: true,
      answer: { rcode: 'NXDOMAIN', resolvers: [urls[0]] },
    });
    expect(requestsTo(1)).toHaveLength(0);
  });

  it('lists every upstream failure, in upstream order, when none answers', async () => {
    const { urls, resolver } = setup([txtAnswer([], { rcode: 2 }), txtAnswer([], { rcode: 5 })]);
    expect(await resolver.txt(NAME)).toEqual({
      ok: false,
      failures: [
        { kind: 'servfail', resolver: urls[0], detail: 'RCODE SERVFAIL' },
        { kind: 'refused', resolver: urls[1], detail: 'RCODE REFUSED' },
      ],
    });
  });
});

describe('sequential', () => {
  it('moves to the next upstream only after a timeout of the first', async () => {
    const { urls, resolver } = setup([never, txtAnswer([['second']])], {
      strategy: 'sequential',
      timeoutMs: 200,
    });
    expect(await resolver.txt(NAME)).toMatchObject({
      ok: true,
      answer: { records: [['second']], resolvers: [urls[1]] },
    });
  });

  it('never asks the second upstream when the first answers', async () => {
    const { resolver, requestsTo } = setup([txtAnswer([['first']]), txtAnswer([['second']])], {
      strategy: 'sequential',
    });
    expect(await resolver.txt(NAME)).toMatchObject({ ok: true, answer: { records: [['first']] } });
    expect(requestsTo(1)).toHaveLength(0);
  });
});

describe('quorum', () => {
  it('fails with disagreement when two upstreams answer differently', async () => {
    const { urls, resolver } = setup([txtAnswer([['one']]), txtAnswer([['two']])], {
      strategy: 'quorum',
    });
    const result = await resolver.txt(NAME);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failures.map((f) => [f.kind, f.resolver])).toEqual([
      ['disagreement', urls[0]],
      ['disagreement', urls[1]],
    ]);
    expect(result.failures[0]?.detail).toContain('"one"');
  });

  it('NOERROR with no records and NXDOMAIN disagree', async () => {
    const { resolver } = setup([txtAnswer([]), txtAnswer([], { rcode: 3 })], {
      strategy: 'quorum',
    });
    expect(await resolver.txt(NAME)).toMatchObject({
      ok: false,
      failures: [{ kind: 'disagreement' }, { kind: 'disagreement' }],
    });
  });

  it('succeeds when k of n agree, whatever the order of records, and reports the agreeing ones', async () => {
    const { urls, resolver } = setup(
      [txtAnswer([['a'], ['b']]), txtAnswer([['z']]), txtAnswer([['b'], ['a']], { flags: 0x20 })],
      { strategy: 'quorum', quorum: 2 },
    );
    const result = await resolver.txt(NAME);
    expect(result).toMatchObject({
      ok: true,
      answer: { records: [['a'], ['b']], authenticated: false },
    });
    if (result.ok) expect([...result.answer.resolvers].sort()).toEqual([urls[0], urls[2]].sort());
  });

  it('answers once k agree, without waiting for the rest, and aborts them', async () => {
    const { resolver, requestsTo } = setup([txtAnswer([['a']]), never, txtAnswer([['a']])], {
      strategy: 'quorum',
      quorum: 2,
      timeoutMs: 60_000,
    });
    expect(await resolver.txt(NAME)).toMatchObject({ ok: true, answer: { records: [['a']] } });
    // A request aborted before the fake even saw it is fine too; one it saw must be closed.
    const slow = requestsTo(1)[0];
    if (slow) expect(await closedSoon(slow)).toBe('closed');
  });

  it('fails when too few upstreams answer: one entry per upstream, in upstream order', async () => {
    const { urls, resolver } = setup([txtAnswer([['a']]), txtAnswer([], { rcode: 2 })], {
      strategy: 'quorum',
    });
    expect(await resolver.txt(NAME)).toEqual({
      ok: false,
      failures: [
        {
          kind: 'disagreement',
          resolver: urls[0],
          detail: expect.stringContaining('1 of the required 2'),
        },
        { kind: 'servfail', resolver: urls[1], detail: 'RCODE SERVFAIL' },
      ],
    });
  });

  it('an answer key ignores record order and duplicates but not the RCODE', () => {
    const base = { cnameChain: [], authenticated: false, resolvers: ['x'] };
    const a = answerKey({ ...base, rcode: 'NOERROR', records: [['a'], ['b']] });
    expect(answerKey({ ...base, rcode: 'NOERROR', records: [['b'], ['a'], ['a']] })).toBe(a);
    expect(answerKey({ ...base, rcode: 'NXDOMAIN', records: [['a'], ['b']] })).not.toBe(a);
    expect(answerKey({ ...base, rcode: 'NOERROR', records: [['a', 'b']] })).not.toBe(a);
  });
});

describe('configuration mistakes throw at creation', () => {
  it.each([
    [{ upstreams: [] }, /at least one/],
    [{ upstreams: ['not a url'] }, /not a URL/],
    [{ upstreams: ['http://dns.example/dns-query'] }, /https/],
    [{ strategy: 'fastest' as 'hedged' }, /strategy/],
    [{ strategy: 'quorum' as const, quorum: 3 }, /quorum/],
    [{ timeoutMs: -1 }, /timeoutMs/],
  ])('%j', (options, message) => {
    expect(() => createDohResolver(options)).toThrow(message);
  });

  it('defaults to Cloudflare then Google', () => {
    expect(createDohResolver().upstreams).toEqual([
      'https://cloudflare-dns.com/dns-query',
      'https://dns.google/dns-query',
    ]);
  });
});
