// plainData: the one-pass copy a port's answer goes through before the core checks it. It must
// equal a JSON round trip on JSON data, read every property once, and stop hostile shapes
// (cycles, fan-out, depth) with a throw the caller turns into a broken-port answer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainData, wellFormedText } from '../../src/model/storable.js';

const same = (s: string) => s;

describe('plainData', () => {
  it('equals a JSON round trip for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(plainData(value, same)).toStrictEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('drops what JSON drops and makes non-finite numbers null', () => {
    const answer = { f: () => 1, u: undefined, s: Symbol('x'), n: Number.NaN, i: -Infinity, z: -0 };
    expect(plainData(answer, same)).toStrictEqual({ n: null, i: null, z: 0 });
    expect(plainData([() => 1, undefined], same)).toStrictEqual([null, null]);
    expect(() => plainData({ b: 1n }, same)).toThrow(TypeError);
  });

  it('fixes every string, keys included, and keeps __proto__ a key', () => {
    const lone = '\uD800';
    const value = JSON.parse(`{"__proto__": {"polluted": true}, "k${lone}": ["${lone}x"]}`);
    const out = plainData(value, wellFormedText) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'k\uFFFD']);
    expect(out['k\uFFFD']).toEqual(['\uFFFDx']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads each property once: what is checked is what is used', () => {
    let reads = 0;
    const answer = {
      ok: true,
      get records() {
        reads++;
        return reads === 1 ? [['token']] : 42;
      },
    };
    const copy = plainData(answer, same) as { records: unknown };
    expect(reads).toBe(1);
    expect(copy.records).toEqual([['token']]);
    expect(copy.records).toEqual([['token']]);
  });

  it('throws on a cycle, on fan-out without a cycle and on deep nesting, in bounded work', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => plainData(cyclic, same)).toThrow(RangeError);
    // Twice itself per level: 2^32 visits before the depth limit, unless the value budget stops it.
    const fan: Record<string, unknown> = {};
    fan.a = fan;
    fan.b = fan;
    expect(() => plainData(fan, same)).toThrow(RangeError);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => plainData(deep, same)).toThrow(RangeError);
    // A shared, acyclic value within the limits is copied.
    const shared = { x: 1 };
    expect(plainData({ a: shared, b: shared }, same)).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('passes on what a getter or trap throws', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(() => plainData({ answer: hostile }, same)).toThrow('trap');
  });

  it('takes plain objects and arrays only: no Date, boxed value, Map, class instance or toJSON', () => {
    class Answer {
      ok = true;
    }
    for (const value of [
      new Date(0),
      new String('token'),
      new Number(5),
      new Map([['ok', true]]),
      new Answer(),
      new Uint8Array(2),
    ])
      expect(() => plainData({ answer: value }, same)).toThrow(TypeError);
    // toJSON is not called: the object's own data is what is read.
    expect(plainData({ ok: true, toJSON: () => ({ ok: false }) }, same)).toEqual({ ok: true });
    expect(plainData(Object.create(null), same)).toEqual({});
  });

  it('refuses an array whose length is not a length', () => {
    for (const length of ['2', { valueOf: () => 1 }, -1, 1.5, Number.NaN, 2 ** 53])
      expect(() =>
        plainData(
          new Proxy(['a'], { get: (t, k) => (k === 'length' ? length : Reflect.get(t, k)) }),
          same,
        ),
      ).toThrow(RangeError);
  });

  it('bounds the text it copies, however often one string is referenced', () => {
    const mebi = 'x'.repeat(1024 * 1024);
    expect(() =>
      plainData(
        Array.from({ length: 5 }, () => mebi),
        same,
      ),
    ).toThrow(RangeError);
    expect(plainData([mebi, mebi], same)).toHaveLength(2);
  });
});
