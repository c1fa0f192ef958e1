// Type-level checks of the public API (checked by `pnpm typecheck`; the generic walk over every
// published declaration is scripts/check-public-types.mjs, run by .ci/package-checks.sh).
import { describe, expectTypeOf, it } from 'vitest';
import {
  type EmailOtpContext,
  type ProviderPolicy,
  type RateLimit,
  resolvePolicy,
  type TemplateContextBase,
} from '../src/index.js';

describe('public types', () => {
  it('resolvePolicy() types its rate limits (windowMs was `any`)', () => {
    const limits = resolvePolicy().emailOtp.limits;
    expectTypeOf(limits.codesPerAddress).items.toEqualTypeOf<RateLimit>();
    expectTypeOf(limits.wrongCodesPerSubject).items.toHaveProperty('windowMs').not.toBeAny();
    expectTypeOf(limits.codesPerSubject).items.toHaveProperty('windowMs').toEqualTypeOf<number>();
  });

  it('exports the types its signatures use', () => {
    expectTypeOf<ProviderPolicy>().toHaveProperty('add');
    expectTypeOf<EmailOtpContext>().toExtend<TemplateContextBase>();
  });
});
