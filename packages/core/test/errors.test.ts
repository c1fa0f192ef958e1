import { describe, expect, it } from 'vitest';
import { apexError, errorCatalog, errorEnvelope, isApexproofError } from '../src/index.js';

describe('error catalog', () => {
  it('gives every code an HTTP status, message, hint and docs slug', () => {
    for (const [code, entry] of Object.entries(errorCatalog)) {
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(entry.message.length, code).toBeGreaterThan(0);
      expect(entry.hint.length, code).toBeGreaterThan(0);
    }
  });

  it('keeps the statuses of DESIGN §10', () => {
    const expected = {
      APEX_INVALID: 400,
      APEX_TAKEOVER_REQUIRED: 409,
      DOMAIN_VERIFIED_ELSEWHERE: 409,
      CHALLENGE_NOT_FOUND: 404,
      CHALLENGE_EXPIRED: 400,
      DNS_NOT_PROPAGATED: 409,
      DNS_LOOKUP_FAILED: 503,
      DOMAIN_NOT_FOUND: 404,
      FORBIDDEN: 403,
      ORGANIZATION_NOT_FOUND: 404,
      ORGANIZATION_SCHEDULED_FOR_DELETION: 410,
      REDIRECT_URL_INVALID: 400,
      REDIRECT_URL_DOMAIN_NOT_VERIFIED: 400,
      REDIRECT_URL_PATTERN_NOT_REGISTERED: 400,
      REDIRECT_PATTERN_INVALID: 422,
      EMAIL_NOT_AT_DOMAIN: 422,
      EMAIL_PROVIDER_NOT_ALLOWED: 422,
      OTP_INVALID: 400,
      OTP_MAX_ATTEMPTS: 429,
      RATE_LIMITED: 429,
    } as const;
    for (const [code, status] of Object.entries(expected)) {
      expect(errorCatalog[code as keyof typeof errorCatalog].status, code).toBe(status);
    }
  });

  it('renders the Kayle envelope without details', () => {
    const error = apexError('APEX_TAKEOVER_REQUIRED', {
      conflictingOrganizationId: 'org_b',
      conflictingOrganizationName: 'Original Owner',
    });
    expect(errorEnvelope(error)).toEqual({
      data: null,
      error: {
        code: 'APEX_TAKEOVER_REQUIRED',
        message: errorCatalog.APEX_TAKEOVER_REQUIRED.message,
        hint: errorCatalog.APEX_TAKEOVER_REQUIRED.hint,
        docs: 'errors/apex-takeover-required',
      },
    });
    expect(isApexproofError(error)).toBe(true);
    expect(isApexproofError({ code: 'NOPE' })).toBe(false);
  });
});

describe('error reference', () => {
  it('documents every code', async () => {
    const { readFileSync } = await import('node:fs');
    const page = readFileSync(
      new URL('../../../docs/reference/errors.md', import.meta.url),
      'utf8',
    );
    for (const code of Object.keys(errorCatalog)) expect(page, code).toContain(`\`${code}\``);
  });
});
