// combineResolvers / combineResults: a proof counts under `all` only when every view sees it,
// a failing view is a lookup failure under either policy, and every view is carried along.
import { createMemoryDns } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { checkRecord, combineResolvers, combineResults, type DnsResult } from '../../src/index.js';

const ok = (name: string, records: string[][], rcode: 'NOERROR' | 'NXDOMAIN' = 'NOERROR') =>
  ({
    name,
    result: {
      ok: true,
      answer: { rcode, records, cnameChain: [], authenticated: false, resolvers: [name] },
    },
  }) as const;
const failed = (name: string) =>
  ({
    name,
    result: { ok: false, failures: [{ kind: 'timeout', resolver: name, detail: 'no reply' }] },
  }) as const;

describe('combineResults', () => {
  it('keeps under `all` only the records every view returns, under `any` every record', () => {
    const parts = [ok('ns1', [['new'], ['spf']]), ok('ns2', [['old'], ['spf']])];
    const all = combineResults<string[]>(parts);
    const any = combineResults<string[]>(parts, { require: 'any' });
    expect(all.ok && all.answer.records).toEqual([['spf']]);
    expect(any.ok && any.answer.records).toEqual([['new'], ['spf'], ['old']]);
    expect(all.ok && all.answer.resolvers).toEqual(['ns1', 'ns2']);
    expect(all.ok && all.answer.views?.map((v) => v.resolver)).toEqual(['ns1', 'ns2']);
  });

  it('is a lookup failure, never a miss, when one view failed, whatever the policy', () => {
    for (const require of ['all', 'any'] as const) {
      const r = combineResults<string[]>([ok('ns1', [['new']]), failed('ns2')], { require });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.failures).toEqual([{ kind: 'timeout', resolver: 'ns2', detail: 'no reply' }]);
      expect(r.views?.map((v) => [v.resolver, v.ok])).toEqual([
        ['ns1', true],
        ['ns2', false],
      ]);
    }
  });

  it('answers NXDOMAIN only when every view does', () => {
    const mixed = combineResults<string[]>([ok('a', [], 'NXDOMAIN'), ok('b', [['x']])]);
    expect(mixed.ok && mixed.answer.rcode).toBe('NOERROR');
    expect(mixed.ok && mixed.answer.records).toEqual([]);
    const both = combineResults<string[]>([ok('a', [], 'NXDOMAIN'), ok('b', [], 'NXDOMAIN')]);
    expect(both.ok && both.answer.rcode).toBe('NXDOMAIN');
    expect(combineResults([]).ok).toBe(false);
  });
});

describe('combineResolvers', () => {
  const zones = () => {
    const doh = createMemoryDns();
    const auth = createMemoryDns();
    return { doh, auth, both: combineResolvers([doh, auth]) };
  };

  it('finds a proof only when every perspective sees it, and diagnoses the one that lags', async () => {
    const { doh, auth, both } = zones();
    auth.setTxt('_kayle-id-verification.acme.co', ['kayle-id-verification=new']);
    doh.setTxt('_kayle-id-verification.acme.co', ['kayle-id-verification=old']);
    const input = {
      subject: 'acme.co',
      recordName: '_kayle-id-verification.acme.co',
      expected: 'kayle-id-verification=new',
      previousValues: ['kayle-id-verification=old'],
    };
    const missing = await checkRecord(both, input);
    expect(missing.outcome).toBe('missing');
    if (missing.outcome !== 'missing') return;
    expect(missing.diagnosis.hints).toContainEqual({
      kind: 'stale_server',
      resolver: 'memory',
      found: ['kayle-id-verification=old'],
    });
    // Under `all` no record is common to both, so the old token is named by the stale hint.
    expect(missing.diagnosis.found).toEqual([]);
    expect(missing.message).toContain('memory still serves another value');
    const either = await checkRecord(combineResolvers([doh, auth], { require: 'any' }), input);
    expect(either.outcome).toBe('found');
  });

  it('turns a failing, throwing or broken perspective into a lookup failure of that part', async () => {
    const { doh, auth } = zones();
    auth.setTxt('x.acme.co', ['v']);
    doh.fail('x.acme.co', 'servfail');
    const failing = await combineResolvers([doh, auth]).txt('x.acme.co');
    expect(failing.ok).toBe(false);
    const throwing = combineResolvers([
      auth,
      {
        txt: () => Promise.reject(new Error('boom')),
        ns: () => Promise.resolve(undefined as unknown as DnsResult<string>),
      },
    ]);
    const thrown = await throwing.txt('x.acme.co');
    expect(!thrown.ok && thrown.failures[0]).toMatchObject({ kind: 'network' });
    const broken = await throwing.ns('x.acme.co');
    expect(!broken.ok && broken.failures[0]).toMatchObject({ kind: 'malformed' });
    const check = await checkRecord(combineResolvers([doh, auth]), {
      subject: 'acme.co',
      recordName: 'x.acme.co',
      expected: 'v',
    });
    expect(check).toMatchObject({
      outcome: 'lookup-failed',
      message: 'No nameservers available for query',
    });
  });

  it('refuses a configuration mistake when it is created', () => {
    expect(() => combineResolvers([])).toThrow(TypeError);
    expect(() =>
      combineResolvers([createMemoryDns()], { require: 'most' as unknown as 'all' }),
    ).toThrow(TypeError);
  });

  it("drops a host resolver's malformed views instead of trusting or crashing on them", async () => {
    const answer = { rcode: 'NOERROR', records: [['v']], cnameChain: [], authenticated: false };
    for (const views of [
      'garbage',
      [{ resolver: 1 }],
      [{ resolver: 'a', ok: true, records: 'x' }],
    ]) {
      const dns = {
        txt: async () => ({ ok: true, answer: { ...answer, resolvers: ['host'], views } }),
        ns: async () => ({ ok: false, failures: [] }),
      } as unknown as Parameters<typeof checkRecord>[0];
      const check = await checkRecord(dns, {
        subject: 'acme.co',
        recordName: 'x.acme.co',
        expected: 'v',
      });
      expect(check.outcome).toBe('found');
      expect(check.result.ok && check.result.answer.views).toBeUndefined();
    }
  });
});
