// Property tests of redirect pattern parsing (fast-check), and of the policy compiled from
// parsed patterns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRedirectPolicy, parseRedirectPattern } from '../../src/index.js';
import { anyText } from './arbitraries.js';

// No `--` in positions 3-4: such labels are reserved (like `xn--`) and refused as hosts.
const label = fc.stringMatching(/^[a-z0-9]{1,4}(?:-[a-z0-9]{1,4})?$/);
const apexes = fc.constantFrom(
  'acme.co',
  'acme.co.uk',
  'example.com',
  'foo.github.io',
  'b\u00fccher.de',
);
const pathSegment = fc.oneof(
  label,
  fc.constantFrom(
    'caf\u00e9',
    'a"b',
    '%7e',
    '%C3%a9',
    '~x',
    'v1.0',
    'a;b',
    '@',
    '...',
    '%41B',
    '%e0%a4%85',
  ),
);
const patternPath = fc.option(
  fc
    .tuple(fc.array(pathSegment, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([segments, slash]) => `/${segments.join('/')}${slash ? '/' : ''}`),
  { nil: undefined },
);
const patternParts = fc.record({
  subdomain: fc.option(
    fc.array(label, { maxLength: 2 }).map((l) => l.join('.')),
    { nil: undefined },
  ),
  apex: apexes,
  path: patternPath,
});

describe('parseRedirectPattern (properties)', () => {
  it('never throws, on any string or object', () => {
    const anyInput = fc.oneof(
      anyText,
      fc.record({ subdomain: fc.option(anyText), apex: anyText, path: fc.option(anyText) }),
      fc.anything(),
    );
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = parseRedirectPattern(input as string);
        expect(result.isOk() || result.isErr()).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts generated patterns, and its output re-parses to itself in both forms', () => {
    fc.assert(
      fc.property(patternParts, (parts) => {
        const result = parseRedirectPattern(parts);
        if (result.isErr()) throw new Error(`${JSON.stringify(parts)}: ${result.error.message}`);
        const value = result.value;
        const asUrl = `https://${value.host}${value.pathPrefix === '/' ? '' : value.pathPrefix}`;
        expect(parseRedirectPattern(asUrl)._unsafeUnwrap()).toEqual(value);
        const subdomain =
          value.host === value.apex ? undefined : value.host.slice(0, -value.apex.length - 1);
        const again = parseRedirectPattern({ subdomain, apex: value.apex, path: value.pathPrefix });
        expect(again._unsafeUnwrap()).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the URL and object forms of one pattern the same result', () => {
    fc.assert(
      fc.property(patternParts, (parts) => {
        const host = parts.subdomain ? `${parts.subdomain}.${parts.apex}` : parts.apex;
        const url = `https://${host}${parts.path ?? ''}`;
        expect(parseRedirectPattern(url)._unsafeUnwrap()).toEqual(
          parseRedirectPattern(parts)._unsafeUnwrap(),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('compiles into a policy that admits the prefix and its continuations, nothing beside', () => {
    fc.assert(
      fc.property(patternParts, (parts) => {
        const pattern = parseRedirectPattern(parts)._unsafeUnwrap();
        const compiled = compileRedirectPolicy({
          domains: [{ id: 'd', apex: pattern.apex }],
          patterns: [
            { id: 'p', domainId: 'd', host: pattern.host, pathPrefix: pattern.pathPrefix },
          ],
        });
        const base = `https://${pattern.host}${pattern.pathPrefix === '/' ? '' : pattern.pathPrefix}`;
        for (const url of [base, `${base}/`, `${base}/next?x=1`]) {
          expect(compiled.authorize(url)._unsafeUnwrap().patternId, url).toBe('p');
        }
        if (pattern.pathPrefix !== '/') {
          expect(compiled.authorize(`${base}x`).isErr()).toBe(true);
        }
        expect(
          compiled.authorize(`https://other.${pattern.host}${pattern.pathPrefix}`).isErr(),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
