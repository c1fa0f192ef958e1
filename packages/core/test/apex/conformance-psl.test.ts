// The Public Suffix List's own test cases (vectors/psl/test_psl.txt), run through toApex.
import tr46 from 'tr46';
import { describe, expect, it } from 'vitest';
import { toApex } from '../../src/index.js';
import { readVector } from './helpers.js';

interface PslCase {
  input: string | null;
  /** The registrable domain, or null when there is none. */
  expected: string | null;
}

const unquote = (value: string): string | null => (value === 'null' ? null : value.slice(1, -1));

const cases: PslCase[] = [
  ...readVector('psl/test_psl.txt').matchAll(
    /^checkPublicSuffix\((null|'[^']*'), (null|'[^']*')\);$/gm,
  ),
].map((m) => ({ input: unquote(m[1] ?? ''), expected: unquote(m[2] ?? '') }));

/** The apex toApex finds, or null when it refuses (any reason). */
function apexOf(input: string | null, policy = {}): string | null {
  const result = toApex(input as string, policy);
  return result.isOk() ? result.value.apex : null;
}

/** Expected values are written in Unicode; apexes are A-labels. */
const ascii = (name: string | null): string | null => (name === null ? null : tr46.toASCII(name));

describe('PSL test_psl.txt', () => {
  it('has the 78 cases of the file', () => {
    expect(cases).toHaveLength(78);
  });

  it('passes every case with unknownSuffix: allow (the PSL algorithm exactly)', () => {
    const failures = cases.filter(
      ({ input, expected }) => apexOf(input, { unknownSuffix: 'allow' }) !== ascii(expected),
    );
    expect(failures).toEqual([]);
  });

  it('differs under the default policy only where the suffix is not on the list', () => {
    const differing = cases.filter(({ input, expected }) => apexOf(input) !== ascii(expected));
    // These three rely on the implicit `*` rule (`example` is no TLD), which the default
    // policy refuses as unknown_suffix: see docs/concepts/apex.md.
    expect(differing.map(({ input }) => input)).toEqual([
      'example.example',
      'b.example.example',
      'a.b.example.example',
    ]);
    for (const { input } of differing) {
      const result = toApex(input as string);
      expect(result.isErr() && result.error.details.reason).toBe('unknown_suffix');
    }
  });
});
