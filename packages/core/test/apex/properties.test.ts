// Properties of normalizeHost/toApex over generated input (fast-check): totality,
// idempotence, the shape of a host, and what an apex is.
import {
  hostInputArb,
  hostLikeStringArb,
  hostnameArb,
  idnHostnameArb,
  typedHostArb,
  unicodeStringArb,
} from '@apexproof/testkit';
import fc from 'fast-check';
import { getDomain } from 'tldts';
import tr46 from 'tr46';
import { describe, expect, it } from 'vitest';
import { INTERNAL_FAILURE_MESSAGE } from '../../src/apex/normalize.js';
import { type ApexPolicy, normalizeHost, toApex } from '../../src/index.js';

const REASONS = [
  'empty',
  'malformed',
  'too_long',
  'ip_address',
  'userinfo',
  'idn_not_allowed',
  'mixed_script',
  'whole_script_confusable',
  'confusable_character',
  'public_suffix',
  'unknown_suffix',
];

const anyInput = fc.oneof(unicodeStringArb, hostLikeStringArb, hostInputArb, hostnameArb);

const policyArb: fc.Arbitrary<ApexPolicy> = fc.record(
  {
    idn: fc.constantFrom('reject', 'single-script', 'allow'),
    unknownSuffix: fc.constantFrom('reject', 'allow'),
    extraSuffixes: fc.array(
      fc.oneof(fc.constantFrom('test', 'corp.internal', 'co.uk'), hostLikeStringArb),
      {
        maxLength: 3,
      },
    ),
  },
  { requiredKeys: [] },
);

const LDH_NAME = /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*$/;

describe('normalizeHost and toApex', () => {
  it('answer every string with a Result, never an exception', () => {
    fc.assert(
      fc.property(anyInput, policyArb, (input, policy) => {
        for (const result of [normalizeHost(input, policy), toApex(input, policy), toApex(input)]) {
          if (result.isErr()) {
            // The functions catch what a step throws (last line of totality); a caught
            // exception is still a bug, and this is where it must show.
            expect(result.error.message, JSON.stringify(input)).not.toBe(INTERNAL_FAILURE_MESSAGE);
            expect(result.error.code).toBe('APEX_INVALID');
            expect(REASONS).toContain(result.error.details.reason);
            expect(result.error.details.input.length).toBeLessThanOrEqual(256);
            expect(result.error.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('are idempotent: normalizing a result gives the same result', () => {
    fc.assert(
      fc.property(anyInput, policyArb, (input, policy) => {
        const first = normalizeHost(input, policy);
        if (first.isOk()) {
          expect(normalizeHost(first.value.host, policy)._unsafeUnwrap()).toEqual(first.value);
          expect(normalizeHost(first.value.unicode, policy)._unsafeUnwrap()).toEqual(first.value);
        }
        const apex = toApex(input, policy);
        if (apex.isOk()) {
          expect(toApex(apex.value.host, policy)._unsafeUnwrap()).toEqual(apex.value);
          expect(toApex(apex.value.apex, policy)._unsafeUnwrap().apex).toBe(apex.value.apex);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('give a lowercase ASCII LDH host of at most 253 octets', () => {
    fc.assert(
      fc.property(anyInput, policyArb, (input, policy) => {
        const result = normalizeHost(input, policy);
        if (result.isOk()) {
          expect(result.value.host).toMatch(LDH_NAME);
          expect(result.value.host.length).toBeLessThanOrEqual(253);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('give an apex that ends the host and is registrable per tldts', () => {
    fc.assert(
      fc.property(fc.oneof(anyInput, hostInputArb, idnHostnameArb), (input) => {
        const result = toApex(input);
        if (result.isErr()) return;
        const { host, apex } = result.value;
        expect(host === apex || host.endsWith(`.${apex}`)).toBe(true);
        expect(getDomain(apex, { allowPrivateDomains: true })).toBe(apex);
      }),
      { numRuns: 1000 },
    );
  });

  it('read every typed form of a valid host as that host', () => {
    fc.assert(
      fc.property(typedHostArb, ({ input, host }) => {
        const result = toApex(input);
        expect(
          result.isOk(),
          `${JSON.stringify(input)}: ${result.isErr() && result.error.message}`,
        ).toBe(true);
        expect(result._unsafeUnwrap().host).toBe(tr46.toASCII(host));
        expect(result._unsafeUnwrap().unicode).toBe(tr46.toUnicode(host).domain);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuse every IDN under idn: reject and accept its ASCII-only twin', () => {
    fc.assert(
      fc.property(idnHostnameArb, hostnameArb, (idn, ascii) => {
        const aLabel = (name: string) => /(?:^|\.)xn--/.test(name);
        const expected = /[^\p{ASCII}]/u.test(idn) || aLabel(idn) ? 'idn_not_allowed' : 'ok';
        const result = toApex(idn, { idn: 'reject' });
        expect(result.isOk() ? 'ok' : result.error.details.reason).toBe(expected);
        expect(toApex(ascii, { idn: 'reject' }).isOk()).toBe(!aLabel(ascii));
      }),
    );
  });
});
