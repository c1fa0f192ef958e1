// apexproof errors as better-auth sees them: `$ERROR_CODES` is the core's catalog (no second
// list), and every error becomes an APIError with the catalog's status, code and details.
import { apexError, type ErrorCode, errorCatalog } from '@apexproof/core';
import { createMemoryDns, createMemoryStorage } from '@apexproof/memory';
import { isAPIError } from 'better-auth/api';
import { describe, expect, it } from 'vitest';
import { apexproofClient } from '../src/client.js';
import { APEXPROOF_ERROR_CODES, apexproof, toAPIError } from '../src/index.js';
import { buildAuth, clientFor } from './support/auth.js';

describe('$ERROR_CODES', () => {
  it('holds every code of the catalog with its message, and nothing else', () => {
    const codes = Object.keys(errorCatalog).sort();
    expect(Object.keys(APEXPROOF_ERROR_CODES).sort()).toEqual(codes);
    for (const code of codes as ErrorCode[])
      expect(APEXPROOF_ERROR_CODES[code]).toEqual({
        code,
        message: errorCatalog[code].message,
      });
  });

  it('is what the server plugin, the client plugin and the auth instance expose', async () => {
    const plugin = apexproof({ storage: createMemoryStorage(), dns: createMemoryDns() });
    expect(plugin.$ERROR_CODES).toBe(APEXPROOF_ERROR_CODES);
    expect(apexproofClient().$ERROR_CODES).toBe(APEXPROOF_ERROR_CODES);
    const auth = buildAuth({ storage: createMemoryStorage(), dns: createMemoryDns() });
    expect(auth.$ERROR_CODES.APEX_TAKEOVER_REQUIRED).toEqual(
      APEXPROOF_ERROR_CODES.APEX_TAKEOVER_REQUIRED,
    );
  });
});

describe('toAPIError', () => {
  it('keeps the status, code, message, hint, docs and details of every code', () => {
    for (const entry of Object.values(errorCatalog)) {
      const error = apexError(entry.code, {} as never);
      const api = toAPIError(error);
      expect(isAPIError(api)).toBe(true);
      expect(api.statusCode).toBe(entry.status);
      expect(api.body).toMatchObject({
        code: entry.code,
        message: entry.message,
        hint: entry.hint,
        docs: entry.docs,
      });
    }
  });

  it('answers RATE_LIMITED with Retry-After', () => {
    const api = toAPIError(apexError('RATE_LIMITED', { retryAfterSeconds: 4.2 }));
    expect(api.statusCode).toBe(429);
    expect(new Headers(api.headers).get('retry-after')).toBe('5');
    expect(api.body?.details).toEqual({ retryAfterSeconds: 4.2 });
  });
});

describe('without a session', () => {
  it('answers 401 UNAUTHORIZED, as better-auth does', async () => {
    const auth = buildAuth({ storage: createMemoryStorage(), dns: createMemoryDns() });
    const anonymous = clientFor(auth);
    const started = await anonymous.domainVerification.start({ domain: 'acme.co' });
    expect(started.error).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    const listed = await anonymous.domainVerification.listDomains();
    expect(listed.error).toMatchObject({ status: 401 });
  });
});

describe('hostile input through the endpoints', () => {
  it('answers catalog errors for megabyte and look-alike values, never a 500', async () => {
    const auth = buildAuth({ storage: createMemoryStorage(), dns: createMemoryDns() });
    const client = clientFor(auth);
    await client.signUp.email({
      email: 'h@users.example',
      password: 'a long password 1',
      name: 'H',
    });
    await client.organization.create({ name: 'Hostile', slug: 'hostile' });
    const huge = 'a'.repeat(1_000_000);
    const started = await client.domainVerification.start({ domain: `${huge}.co` });
    expect(started.error).toMatchObject({ status: 400, code: 'APEX_INVALID' });
    const lookalike = await client.domainVerification.start({ domain: 'аpple.com' });
    expect(lookalike.error).toMatchObject({ status: 400, code: 'APEX_INVALID' });
    const verify = await client.domainVerification.verify({ challengeId: huge });
    expect(verify.error?.status).toBeLessThan(500);
    const status = await client.domainVerification.status({ query: { domain: '\u0000' } });
    expect(status.error).toMatchObject({ status: 400, code: 'APEX_INVALID' });
    const org = await client.domainVerification.listDomains({ query: { organizationId: huge } });
    expect(org.error?.status).toBeLessThan(500);
  });
});
