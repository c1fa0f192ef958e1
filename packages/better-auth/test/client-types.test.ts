// Type-level tests of the client plugin: `$InferServerPlugin` gives typed `domainVerification.*`
// actions (bodies, queries, answers), the server-only endpoints are not on the client, and the
// error codes are the catalog's. `pnpm typecheck` checks these; vitest runs the few runtime lines.
import type { ErrorCode, StartedChallenge, VerifiedResult } from '@apexproof/core';
import { createAuthClient } from 'better-auth/client';
import { organizationClient } from 'better-auth/client/plugins';
import { describe, expectTypeOf, it } from 'vitest';
import { apexproofClient } from '../src/client.js';

const client = createAuthClient({
  baseURL: 'http://127.0.0.1:4000',
  plugins: [organizationClient(), apexproofClient()],
  fetchOptions: { customFetchImpl: async () => new Response('{}') },
});
type DV = typeof client.domainVerification;
type Answer<T> = NonNullable<T>;
describe('the typed client', () => {
  it('types the session endpoints from the server plugin', () => {
    // Never called: the calls are here for their types (checked by `pnpm typecheck`).
    const typesOnly = async (dv: DV) => {
      const started = await dv.start({
        domain: 'acme.co',
        method: 'email-otp',
        email: 'a@acme.co',
      });
      expectTypeOf<Answer<typeof started.data>['record']>().toEqualTypeOf<
        StartedChallenge['record']
      >();
      expectTypeOf<Answer<typeof started.data>['conflict']>().toEqualTypeOf<
        StartedChallenge['conflict']
      >();
      const verified = await dv.verify({ challengeId: 'c', acknowledgeTakeover: true });
      expectTypeOf<Answer<typeof verified.data>['takeoverFrom']>().toEqualTypeOf<
        VerifiedResult['takeoverFrom']
      >();
      const confirmed = await dv.confirm({ challengeId: 'c', code: '123456' });
      expectTypeOf<Answer<typeof confirmed.data>['domainId']>().toEqualTypeOf<string>();
      const got = await dv.challenge({ query: { challengeId: 'c', organizationId: 'o' } });
      expectTypeOf<Answer<typeof got.data>['record']>().toEqualTypeOf<StartedChallenge['record']>();
      const listed = await dv.listDomains();
      expectTypeOf<Answer<typeof listed.data>[number]['domain']>().toEqualTypeOf<string>();
      const status = await dv.status({ query: { domain: 'acme.co' } });
      expectTypeOf<Answer<typeof status.data>['verified']>().toEqualTypeOf<boolean>();
      const removed = await dv.remove({ domainId: 'd' });
      expectTypeOf<Answer<typeof removed.data>['patternsRemoved']>().toEqualTypeOf<number>();
      await dv.addRedirectPattern({ pattern: 'https://app.acme.co/cb' });
      await dv.addRedirectPattern({ pattern: { apex: 'acme.co', subdomain: 'app', path: '/cb' } });
      await dv.removeRedirectPattern({ patternId: 'p' });
      await dv.cancel({ challengeId: 'c' });
      // @ts-expect-error: the domain is required
      await dv.start({});
      // @ts-expect-error: acknowledgeTakeover is a boolean, not "true"
      await dv.verify({ challengeId: 'c', acknowledgeTakeover: 'true' });
      // @ts-expect-error: not a method of the plugin
      await dv.start({ domain: 'acme.co', method: 'bypass' });
    };
    expectTypeOf(typesOnly).toBeFunction();
    expectTypeOf<DV>().toHaveProperty('audit');
    expectTypeOf<DV>().toHaveProperty('evidence');
  });

  it('leaves the server-only endpoints off the client', () => {
    expectTypeOf<DV>().not.toHaveProperty('findHolder');
    expectTypeOf<DV>().not.toHaveProperty('reverifyDue');
    expectTypeOf<DV>().not.toHaveProperty('deliverNotifications');
    expectTypeOf<DV>().not.toHaveProperty('deliverEvents');
    expectTypeOf<DV>().not.toHaveProperty('authorizeRedirect');
    expectTypeOf<DV>().not.toHaveProperty('bypass');
    expectTypeOf<DV>().not.toHaveProperty('releaseOrganization');
    expectTypeOf<DV>().not.toHaveProperty('checkPending');
  });

  it('knows the catalog error codes', () => {
    expectTypeOf<keyof typeof client.$ERROR_CODES>().toMatchTypeOf<string>();
    expectTypeOf<ErrorCode>().toMatchTypeOf<keyof typeof client.$ERROR_CODES>();
    expectTypeOf(
      client.$ERROR_CODES.APEX_TAKEOVER_REQUIRED.code,
    ).toEqualTypeOf<'APEX_TAKEOVER_REQUIRED'>();
  });
});
