// Shared helpers of the redirect-policy tests: one comparable value per decision.
import {
  compileRedirectPolicy,
  type RedirectPolicy,
  type RedirectPolicyOptions,
} from '../../src/index.js';

export type Outcome =
  | { ok: string }
  | { code: 'REDIRECT_URL_INVALID'; reason: string }
  | { code: 'REDIRECT_URL_DOMAIN_NOT_VERIFIED' | 'REDIRECT_URL_PATTERN_NOT_REGISTERED' };

/** The decision in one comparable value: `{ ok: 'domainId/patternId' }` or the error code. */
export function outcome(policy: RedirectPolicy, url: string): Outcome {
  const result = policy.authorize(url);
  if (result.isOk()) return { ok: `${result.value.domainId}/${result.value.patternId ?? '*'}` };
  const error = result.error;
  if (error.code === 'REDIRECT_URL_INVALID') {
    return { code: error.code, reason: (error.details as { reason: string }).reason };
  }
  return { code: error.code };
}

export const invalid = (reason: string): Outcome => ({ code: 'REDIRECT_URL_INVALID', reason });
export const NOT_VERIFIED: Outcome = { code: 'REDIRECT_URL_DOMAIN_NOT_VERIFIED' };
export const NOT_REGISTERED: Outcome = { code: 'REDIRECT_URL_PATTERN_NOT_REGISTERED' };

/** `acme.co` verified with the single pattern `https://acme.co/oauth`. */
export const acme = (options?: RedirectPolicyOptions) =>
  compileRedirectPolicy(
    {
      domains: [{ id: 'acme', apex: 'acme.co' }],
      patterns: [{ id: 'oauth', domainId: 'acme', host: 'acme.co', pathPrefix: '/oauth' }],
    },
    options,
  );
