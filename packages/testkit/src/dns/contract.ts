// The behaviour every DnsResolver adapter must show (DESIGN §8), written once and run against
// the in-memory zone and against a real DoH server. Decision on caching: the resolver under
// test must not cache answers (a re-verification must see today's DNS); when the backend
// behind the zone hook caches, the hook must flush it as part of every change.
import type { DnsLookupFailureKind, DnsResolver, DnsResult, TxtRecord } from '@apexproof/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** Direct control of the zone the resolver under test answers from. */
export interface ZoneControl {
  /** Replaces the TXT record set at `name`; a record is one string or its character-strings. */
  setTxt(name: string, records: readonly (string | readonly string[])[]): unknown;
  /**
   * Places a CNAME at `name` pointing to `target`, replacing what was there; the resolver must
   * follow it.
   */
  setCname(name: string, target: string): unknown;
  /**
   * Replaces the NS host set at `name` (names may come in any case, with or without the final dot).
   */
  setNs(name: string, hosts: readonly string[]): unknown;
  /** Removes every record at `name`. */
  remove(name: string): unknown;
}

/**
 * How `dnsResolverContract` reaches the resolver under test and the zone behind it. The resolver
 * must not cache answers (a re-verification must see today's DNS); a backend that caches must be
 * flushed by every `zone` change.
 * @example
 * ```ts
 * const dns = createMemoryDns(); // @apexproof/memory
 * dnsResolverContract({ name: 'memory', create: () => dns, zone: dns });
 * ```
 */
export interface DnsResolverContractOptions {
  /** Shown in the suite title. */
  readonly name: string;
  /** Builds the resolver under test; called once, the same resolver serves every case. */
  readonly create: () => DnsResolver | Promise<DnsResolver>;
  readonly zone: ZoneControl;
  /** Runs before each case (e.g. to empty the zone). */
  readonly reset?: () => Promise<void> | void;
  /** A reason to skip the whole suite (shown in its title), or false. */
  readonly skip?: string | false;
  /**
   * The zone every test name lives under (default `contract.apexproof.test`). The backend
   * must answer NXDOMAIN for names below it that hold no data.
   */
  readonly apex?: string;
}

const KINDS: readonly DnsLookupFailureKind[] = [
  'timeout',
  'servfail',
  'refused',
  'network',
  'malformed',
  'disagreement',
];

/** Checks the shape every result must have, whatever its outcome. */
function expectWellFormed<R>(result: DnsResult<R>): void {
  if (result.ok) {
    expect(['NOERROR', 'NXDOMAIN']).toContain(result.answer.rcode);
    expect(typeof result.answer.authenticated).toBe('boolean');
    expect(result.answer.resolvers.length).toBeGreaterThan(0);
    if (result.answer.rcode === 'NXDOMAIN') expect(result.answer.records).toEqual([]);
  } else {
    expect(result.failures.length).toBeGreaterThan(0);
    for (const failure of result.failures) {
      expect(KINDS).toContain(failure.kind);
      expect(typeof failure.resolver).toBe('string');
      expect(typeof failure.detail).toBe('string');
    }
  }
}

function answerOf<R>(result: DnsResult<R>) {
  expectWellFormed(result);
  if (!result.ok) throw new Error(`lookup failed: ${JSON.stringify(result.failures)}`);
  return result.answer;
}

/** Record sets compare without order: DNS does not order the records of a set. */
function sorted(records: readonly TxtRecord[]): TxtRecord[] {
  return [...records].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** Registers the DnsResolver contract as a vitest suite. */
export function dnsResolverContract(options: DnsResolverContractOptions): void {
  const apex = options.apex ?? 'contract.apexproof.test';
  const at = (label: string) => `${label}.${apex}`;
  const title = `DnsResolver contract: ${options.name}`;
  const suite = options.skip ? describe.skip : describe;

  suite(options.skip ? `${title} (skipped: ${options.skip})` : title, () => {
    let dns: DnsResolver;
    beforeAll(async () => {
      dns = await options.create();
    });
    beforeEach(async () => {
      await options.reset?.();
    });

    it('finds a TXT record made of a single string', async () => {
      await options.zone.setTxt(at('single'), ['hello-token']);
      const answer = answerOf(await dns.txt(at('single')));
      expect(answer.rcode).toBe('NOERROR');
      expect(answer.records).toEqual([['hello-token']]);
      expect(answer.cnameChain).toEqual([]);
    });

    it('keeps the character-strings of one record as its parts, unjoined', async () => {
      await options.zone.setTxt(at('multi'), [['v=part one', ' and part two']]);
      const answer = answerOf(await dns.txt(at('multi')));
      expect(answer.records).toEqual([['v=part one', ' and part two']]);
    });

    it('returns every record of the set', async () => {
      await options.zone.setTxt(at('several'), ['first', ['second', 'third'], 'fourth']);
      const answer = answerOf(await dns.txt(at('several')));
      expect(sorted(answer.records)).toEqual(sorted([['first'], ['second', 'third'], ['fourth']]));
    });

    it('answers NXDOMAIN for a name with nothing at or below it', async () => {
      const answer = answerOf(await dns.txt(at('missing')));
      expect(answer.rcode).toBe('NXDOMAIN');
      expect(answer.records).toEqual([]);
    });

    it('answers NODATA (NOERROR, no records) for a name that exists without the type', async () => {
      await options.zone.setTxt(at('has-txt'), ['v']);
      const other = answerOf(await dns.ns(at('has-txt')));
      expect(other).toMatchObject({ rcode: 'NOERROR', records: [] });
      await options.zone.setTxt(`_x.${at('parent')}`, ['child']);
      const empty = answerOf(await dns.txt(at('parent')));
      expect(empty).toMatchObject({ rcode: 'NOERROR', records: [] });
    });

    it('follows a CNAME chain, reports it and returns the records of its target', async () => {
      await options.zone.setCname(at('alias'), at('hop'));
      await options.zone.setCname(at('hop'), at('target'));
      await options.zone.setTxt(at('target'), ['at-target']);
      const answer = answerOf(await dns.txt(at('alias')));
      expect(answer.rcode).toBe('NOERROR');
      expect(answer.cnameChain).toEqual([at('hop'), at('target')]);
      expect(answer.records).toEqual([['at-target']]);
    });

    it('answers NXDOMAIN with the chain when a CNAME points at a missing name', async () => {
      await options.zone.setCname(at('dangling'), at('gone'));
      const answer = answerOf(await dns.txt(at('dangling')));
      expect(answer).toMatchObject({ rcode: 'NXDOMAIN', records: [], cnameChain: [at('gone')] });
    });

    it('looks up NS host names, lowercase and without the trailing dot', async () => {
      await options.zone.setNs(at('delegated'), ['NS1.Example.NET.', 'ns2.example.net']);
      const answer = answerOf(await dns.ns(at('delegated')));
      expect(answer.rcode).toBe('NOERROR');
      expect([...answer.records].sort()).toEqual(['ns1.example.net', 'ns2.example.net']);
    });

    it('treats names case-insensitively and ignores a trailing dot', async () => {
      await options.zone.setTxt(at('case'), ['same']);
      for (const spelling of [at('CASE'), `${at('Case')}.`, at('case').toUpperCase()]) {
        const answer = answerOf(await dns.txt(spelling));
        expect(answer.records).toEqual([['same']]);
      }
    });

    it('sees a change in the zone on the next lookup', async () => {
      await options.zone.setTxt(at('changing'), ['one']);
      expect(answerOf(await dns.txt(at('changing'))).records).toEqual([['one']]);
      await options.zone.setTxt(at('changing'), ['two']);
      expect(answerOf(await dns.txt(at('changing'))).records).toEqual([['two']]);
      await options.zone.remove(at('changing'));
      expect(answerOf(await dns.txt(at('changing'))).rcode).toBe('NXDOMAIN');
    });

    it('returns quoted, escaped and non-ASCII characters exactly', async () => {
      const values = ['say "hi"', 'back\\slash', 'semi;colon', '  spaced  ', 'café ☃', '\\"'];
      await options.zone.setTxt(at('escaped'), values);
      const answer = answerOf(await dns.txt(at('escaped')));
      expect(sorted(answer.records)).toEqual(sorted(values.map((v) => [v])));
    });

    it('returns a value longer than 255 octets as the strings it was split into', async () => {
      const value = Array.from({ length: 700 }, (_, i) => 'abcdefghij'[i % 10]).join('');
      const parts = [value.slice(0, 255), value.slice(255, 510), value.slice(510)];
      await options.zone.setTxt(at('long'), [parts]);
      const answer = answerOf(await dns.txt(at('long')));
      expect(answer.records).toEqual([parts]);
      expect(answer.records[0]?.join('')).toBe(value);
    });

    it('never rejects, whatever the name', async () => {
      const names = ['', '.', 'a..b', `${'x'.repeat(64)}.${apex}`, `${'a.'.repeat(140)}${apex}`];
      names.push('bücher.example', 'with space.example', 'back\\slash.example', '\u0000');
      for (const name of names) {
        expectWellFormed(await dns.txt(name));
        expectWellFormed(await dns.ns(name));
      }
    });
  });
}
