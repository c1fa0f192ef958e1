import { describe, expect, it } from 'vitest';
import {
  apexError,
  docsLink,
  type ErrorCode,
  errorCatalog,
  errorEnvelope,
  isApexproofError,
} from '../src/index.js';
import { acme, createWorld } from './lifecycle/world.js';

describe('error catalog', () => {
  it('gives every code its code, an HTTP status, message, hint and docs slug', () => {
    const slugs = new Set<string>();
    for (const [code, entry] of Object.entries(errorCatalog)) {
      expect(entry.code, code).toBe(code);
      expect(code, code).toMatch(/^[A-Z]+(?:_[A-Z]+)*$/);
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(entry.message.length, code).toBeGreaterThan(0);
      expect(entry.hint.length, code).toBeGreaterThan(0);
      expect(entry.docs, code).toBe(`errors/${code.toLowerCase().replaceAll('_', '-')}`);
      slugs.add(entry.docs);
    }
    expect(slugs.size).toBe(Object.keys(errorCatalog).length);
  });

  it('is frozen, so no caller can change a status or message for everyone', () => {
    expect(Object.isFrozen(errorCatalog)).toBe(true);
    for (const entry of Object.values(errorCatalog)) expect(Object.isFrozen(entry)).toBe(true);
  });

  it('builds errors from the registry, with an optional specific message', () => {
    for (const code of Object.keys(errorCatalog) as ErrorCode[]) {
      const error = apexError(code, {} as never);
      const { status, message, hint, docs } = errorCatalog[code];
      expect(error).toEqual({ code, status, message, hint, docs, details: {} });
      expect(Object.isFrozen(error)).toBe(true);
    }
    const specific = apexError('APEX_INVALID', { reason: 'public_suffix', input: 'co.uk' }, 'x');
    expect(specific.message).toBe('x');
    expect(specific.hint).toBe(errorCatalog.APEX_INVALID.hint);
  });

  it('types the details of each code', () => {
    // Compile-time checks (pnpm typecheck): a wrong details shape does not build.
    // @ts-expect-error `reason` must be one of the APEX_INVALID reasons
    apexError('APEX_INVALID', { reason: 'nope', input: '' });
    // @ts-expect-error APEX_TAKEOVER_REQUIRED names the conflicting organization
    apexError('APEX_TAKEOVER_REQUIRED', { conflictingOrganizationId: 'org_b' });
    const error = apexError('DNS_NOT_PROPAGATED', {
      diagnosis: { recordName: 'r', expected: 'v', found: [], cnameChain: [], hints: [] },
    });
    expect(error.details.diagnosis.recordName).toBe('r');
  });

  it('keeps the statuses of DESIGN §10 exactly', () => {
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
    const actual = Object.fromEntries(
      Object.keys(expected).map((code) => [code, errorCatalog[code as ErrorCode]?.status]),
    );
    expect(actual).toEqual(expected);
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
    expect(isApexproofError({ code: 'toString' })).toBe(false);
    expect(isApexproofError(null)).toBe(false);
  });

  it('renders a specific message, and never the details, in the envelope', () => {
    const error = apexError('APEX_INVALID', { reason: 'public_suffix', input: 'co.uk' }, 'msg');
    const envelope = errorEnvelope(error);
    expect(envelope).toEqual({
      data: null,
      error: {
        code: 'APEX_INVALID',
        message: 'msg',
        hint: errorCatalog.APEX_INVALID.hint,
        docs: 'errors/apex-invalid',
      },
    });
    expect(JSON.stringify(envelope)).not.toContain('co.uk');
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

  it('carries the catalog word for word, with an anchor for every docs slug', async () => {
    const { readFileSync } = await import('node:fs');
    const { ERRORS_PAGE, anchorOf, catalogTable, generatedPart } = await import(
      '../../../scripts/errors-reference.js'
    );
    const page = readFileSync(ERRORS_PAGE, 'utf8');
    // `pnpm docs:errors` rewrites the table when the catalog changes.
    expect(generatedPart(page)).toBe(catalogTable());
    for (const code of Object.keys(errorCatalog) as ErrorCode[]) {
      const anchor = anchorOf(code);
      expect(errorCatalog[code].docs).toBe(`errors/${anchor}`);
      expect(page.split(`<a id="${anchor}"></a>`).length, code).toBe(2);
      expect(docsLink(errorCatalog[code].docs, 'https://example.com/errors')).toBe(
        `https://example.com/errors#${anchor}`,
      );
    }
  });
});

describe('docs links', () => {
  it('policy.errorReferenceUrl turns every answered error into a link; the envelope can too', async () => {
    const url = 'https://docs.example.com/apexproof/errors';
    const linked = createWorld({ errorReferenceUrl: url });
    const refused = (await linked.app.getChallenge(acme, 'nope'))._unsafeUnwrapErr();
    expect(refused).toMatchObject({
      code: 'CHALLENGE_NOT_FOUND',
      docs: `${url}#challenge-not-found`,
    });
    expect(Object.isFrozen(refused)).toBe(true);
    expect(errorEnvelope(refused).error.docs).toBe(`${url}#challenge-not-found`);
    const plain = createWorld();
    expect((await plain.app.getChallenge(acme, 'nope'))._unsafeUnwrapErr().docs).toBe(
      'errors/challenge-not-found',
    );
    const hostMade = apexError('FORBIDDEN', { required: 'owner' });
    expect(errorEnvelope(hostMade, { referencePageUrl: url }).error.docs).toBe(`${url}#forbidden`);
    // Already a link: kept as it is.
    expect(docsLink(refused.docs, 'https://elsewhere.example')).toBe(refused.docs);
  });
});
