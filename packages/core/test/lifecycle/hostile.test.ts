// Hostile calls: every use case of createApexproof, with arbitrary values for every argument
// (objects whose toString/valueOf throw, bigint, symbols, huge strings, U+0000, null), must
// settle as a Result — never a throw, never a rejected promise — with a catalog code.
import fc from 'fast-check';
import { ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../../src/index.js';
import { expectOk } from '../support/expect.js';
import { acme, createWorld, startAndPublish, USE_CASES, verifyDomain } from './world.js';

/** Calls that may legitimately succeed with what these properties generate. */
const MAY_SUCCEED = new Set([
  'listDomains',
  'listAudit',
  'reverifyDue',
  'checkPending',
  'deliverNotifications',
  'deliverEvents',
]);

const boom = () => {
  throw new Error('hostile conversion');
};

/** Values that break naive conversions: String(), Number(), template literals, Math.floor. */
const throwers = fc.constantFrom<unknown>(
  { toString: boom },
  { valueOf: boom },
  { toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom },
  JSON.parse('{"toString":1}'),
  JSON.parse('{"valueOf":1,"toString":1}'),
  Object.create(null),
  10n,
  Symbol('hostile'),
);

/** Values a storage or a log cannot take, and numbers no option can be. */
const poisoned = fc.constantFrom<unknown>(
  'a\u0000b',
  '\u0000',
  'x'.repeat(300_000),
  'acme.co\u0000',
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -1,
  1e300,
  null,
  undefined,
  [],
  'false',
);

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: throwers, weight: 3 },
  { arbitrary: poisoned, weight: 2 },
  {
    arbitrary: fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true }),
    weight: 1,
  },
);

const codes = new Set(Object.keys(errorCatalog));

/** Calls `name` and checks it answered a ResultAsync that settled with Ok or a catalog Err. */
async function settle(app: unknown, name: string, args: unknown[]) {
  const fn = (app as Record<string, (...a: unknown[]) => unknown>)[name];
  let returned: unknown;
  expect(() => {
    returned = fn?.(...args);
  }, `${name} threw`).not.toThrow();
  expect(returned, name).toBeInstanceOf(ResultAsync);
  const settled = await (returned as ResultAsync<unknown, { code: string }>);
  if (settled.isErr()) expect(codes.has(settled.error.code), settled.error.code).toBe(true);
  return settled;
}

const support = { organizationId: 'org_acme', userId: 'u_support' };

/** A world holding a verified domain, a pattern, an open dns-txt and an open email-otp challenge. */
async function populated() {
  const w = createWorld({ nameservers: { expected: ['ns1.example.net'] } });
  const d = await verifyDomain(w, acme, 'acme.co');
  const p = await expectOk(w.app.addRedirectPattern(acme, 'https://acme.co/cb'));
  const c = (await startAndPublish(w, acme, 'acme.co')).id;
  const e = (
    await expectOk(
      w.app.startChallenge(acme, {
        domain: 'acme.co',
        method: 'email-otp',
        email: 'postmaster@acme.co',
      }),
    )
  ).id;
  return { w, ids: { domainId: d.domainId, patternId: p.id, c, e } };
}

type Ids = Awaited<ReturnType<typeof populated>>['ids'];

/** Well-formed calls of every use case; the property poisons one argument or field of one. */
const VALID: Record<(typeof USE_CASES)[number], ((ids: Ids) => unknown[])[]> = {
  startChallenge: [
    () => [{ ...acme }, { domain: 'acme.co', method: 'dns-txt' }],
    () => [{ ...acme }, { domain: 'acme.co', method: 'email-otp', email: 'webmaster@acme.co' }],
    () => [{ ...acme }, { domain: 'acme.co', method: 'email-otp', email: 'admin@acme.co' }],
    () => [{ ...acme }, { domain: 'acme.co', method: 'ns-delegation' }],
  ],
  verifyChallenge: [(i) => [{ ...acme }, { challengeId: i.c, acknowledgeTakeover: true }]],
  confirmChallenge: [
    (i) => [{ ...acme }, { challengeId: i.e, code: '123456', acknowledgeTakeover: true }],
  ],
  bypassVerification: [
    () => [
      { ...support },
      {
        organizationId: 'org_acme',
        domain: 'acme.co',
        reason: 'ticket',
        acknowledgeTakeover: true,
      },
    ],
  ],
  getVerificationStatus: [() => [{ ...acme }, { domain: 'acme.co' }]],
  getChallenge: [(i) => [{ ...acme }, i.c]],
  cancelChallenge: [(i) => [{ ...acme }, i.c]],
  listDomains: [() => [{ ...acme }]],
  removeDomain: [(i) => [{ ...acme }, { domainId: i.domainId }]],
  addRedirectPattern: [
    () => [{ ...acme }, 'https://acme.co/x'],
    () => [{ ...acme }, { subdomain: 'www', apex: 'acme.co', path: '/x' }],
  ],
  removeRedirectPattern: [(i) => [{ ...acme }, { patternId: i.patternId }]],
  authorizeRedirect: [() => ['org_acme', 'https://acme.co/cb']],
  reverifyDue: [() => [{ limit: 5, concurrency: 2 }]],
  checkPending: [() => [{ limit: 5, concurrency: 2 }]],
  deliverNotifications: [() => [{ limit: 5 }]],
  deliverEvents: [() => [{ limit: 5 }]],
  releaseOrganization: [() => ['org_acme', { reason: 'tenant deleted' }]],
  findHolder: [() => ['bob@acme.co'], () => ['https://app.acme.co/x']],
  listAudit: [() => [{ ...acme }, { limit: 5 }], () => [{ ...acme }, { cursor: null }]],
  listEvidence: [(i) => [{ ...acme }, i.domainId]],
};

/** Every place a value goes in: each argument, and each field of an object argument. */
const paths = (args: unknown[]) =>
  args.flatMap((a, i) => [
    [i] as const,
    ...(a && typeof a === 'object' ? Object.keys(a).map((k) => [i, k] as const) : []),
  ]);

function poison(args: unknown[], path: readonly [number, string?], value: unknown) {
  const out = [...args];
  const [i, key] = path;
  if (key === undefined) out[i] = value;
  else out[i] = { ...(out[i] as object), [key]: value };
  return out;
}

describe('hostile calls', () => {
  it('property: arbitrary values for every argument answer a catalog Err and write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...USE_CASES),
        fc.array(hostile, { maxLength: 3 }),
        async (name, args) => {
          const w = createWorld();
          const settled = await settle(w.app, name, args);
          if (!MAY_SUCCEED.has(name)) expect(settled.isErr(), name).toBe(true);
          expect(await w.storage.inspect.challenges()).toEqual([]);
          expect(await w.storage.inspect.domains()).toEqual([]);
          expect(await w.storage.inspect.audit()).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each(USE_CASES)(
    'property: %s with any argument or field made hostile never throws or rejects',
    async (name) => {
      const templates = VALID[name];
      await fc.assert(
        fc.asyncProperty(
          fc.nat(templates.length - 1),
          fc.nat(),
          fc.array(hostile, { minLength: 1, maxLength: 2 }),
          async (t, pick, values) => {
            const { w, ids } = await populated();
            let args = templates[t]?.(ids) ?? [];
            const where = paths(args);
            // One value in one place, sometimes a second one elsewhere.
            values.forEach((v, n) => {
              const path = where[(pick + n * 7) % where.length];
              if (path) args = poison(args, path, v);
            });
            await settle(w.app, name, args);
          },
        ),
        { numRuns: 150 },
      );
    },
  );
});
