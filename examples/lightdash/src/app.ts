// Lightdash (seed 003) as configuration plus a thin HTTP layer: an organization proves a domain
// by a one-time passcode sent to an address at that domain; public mail providers are refused;
// a domain verified by another organization cannot be claimed. Every rule lives in
// @apexproof/core; this file translates HTTP to use cases and back.
import type { Server } from 'node:http';
import {
  type Actor,
  type Apexproof,
  type ApexproofDeps,
  type ApexproofError,
  createApexproof,
  toApex,
  type VerificationStatus,
} from '@apexproof/core';
import {
  asObject,
  type HttpReply,
  type HttpRequest,
  headerActor,
  jsonServer,
  route,
} from '../../shared/http.js';
import { createMemoryDeps, type MemoryDeps } from '../../shared/memory-deps.js';
import { lightdashStatus } from './status.js';

export type LightdashDeps = MemoryDeps;

/** Acme (admin alice, viewer vic) and Rival (admin bob). */
export function createDeps(overrides: Partial<LightdashDeps> = {}): LightdashDeps {
  return createMemoryDeps(
    {
      organizations: [
        {
          id: 'org_acme',
          name: 'Acme Inc',
          members: [
            { userId: 'alice', role: 'admin', email: 'alice@acme.co' },
            { userId: 'vic', role: 'viewer', email: 'vic@acme.co' },
          ],
        },
        {
          id: 'org_rival',
          name: 'Rival LLC',
          members: [{ userId: 'bob', role: 'admin', email: 'bob@rival.example' }],
        },
      ],
    },
    overrides,
  );
}

/**
 * The Lightdash profile: e-mail one-time passcodes, organization admins manage domains, and a
 * domain verified elsewhere is refused outright instead of taken over. The core's caps on codes
 * per subject and address (across organizations) stay at their defaults.
 */
export function createDomains(deps: ApexproofDeps): Apexproof {
  return createApexproof({
    ...deps,
    policy: {
      takeover: 'forbid',
      manageRoles: ['admin'],
      // Codes are stored as an HMAC under this key, so a database reader cannot recover them.
      // A real host loads it from its secret store; the demo falls back to a fixed one.
      emailOtp: { secret: process.env.APEXPROOF_OTP_SECRET ?? 'demo-only-not-a-secret' },
    },
  });
}

/** Lightdash's error names, by the HTTP status the core gives each catalog error. */
function errorName(error: ApexproofError): string {
  if (error.code === 'DOMAIN_VERIFIED_ELSEWHERE') return 'AlreadyExistsError';
  if (error.status === 401 || error.status === 403) return 'ForbiddenError';
  if (error.status === 404) return 'NotFoundError';
  if (error.status === 429) return 'TooManyRequestsError';
  return 'ParameterError';
}

const fail = (statusCode: number, name: string, message: string, data?: unknown): HttpReply => ({
  status: statusCode,
  body: { status: 'error', error: { statusCode, name, message, data } },
});

/** `data` carries the stable apexproof code, so a client can branch without parsing text. */
const failure = (e: ApexproofError) => fail(e.status, errorName(e), e.message, { code: e.code });

const results = (generic: VerificationStatus): HttpReply => {
  const status = lightdashStatus(generic);
  return {
    status: 200,
    body: {
      status: 'ok',
      results: {
        domain: status.domain,
        isVerified: status.isVerified,
        ...(status.otp && {
          otp: {
            createdAt: status.otp.createdAt.toISOString(),
            numberOfAttempts: status.otp.numberOfAttempts,
            isMaxAttempts: status.otp.isMaxAttempts,
            isExpired: status.otp.isExpired,
            expiresAt: status.otp.expiresAt.toISOString(),
          },
        }),
      },
    },
  };
};

async function bodyOf(req: HttpRequest): Promise<Record<string, unknown> | null> {
  const parsed = await req.json();
  return parsed.ok ? asObject(parsed.value) : null;
}

export function routes(domains: Apexproof) {
  // Lightdash's API names the domain, not the challenge: the host remembers which challenge
  // is open for each organization and domain (Lightdash keeps it in its own e-mail table).
  const open = new Map<string, string>();
  const key = (actor: Actor, domain: string) => `${actor.organizationId}\n${domain}`;
  const statusOf = (actor: Actor, domain: string) =>
    domains.getVerificationStatus(actor, { domain }).match(results, failure);

  const withActor =
    (fn: (actor: Actor, body: Record<string, unknown>, req: HttpRequest) => Promise<HttpReply>) =>
    async (req: HttpRequest): Promise<HttpReply> => {
      const actor = headerActor(req);
      if (!actor) return fail(401, 'AuthorizationError', 'Authentication is required.');
      const body = req.method === 'GET' ? {} : await bodyOf(req);
      if (!body) return fail(400, 'ParameterError', 'The body must be a JSON object.');
      return fn(actor, body, req);
    };

  return [
    route(
      'POST',
      '/api/v1/org/domains/verify',
      withActor(async (actor, { domain, challengeEmail }) => {
        if (typeof domain !== 'string' || typeof challengeEmail !== 'string')
          return fail(400, 'ParameterError', 'domain and challengeEmail are required.');
        const started = await domains.startChallenge(actor, {
          domain,
          method: 'email-otp',
          email: challengeEmail,
        });
        if (started.isErr()) return failure(started.error);
        open.set(key(actor, started.value.domain), started.value.id);
        // A real host leaves this to its job queue; the demo sends the code at once.
        await domains.deliverNotifications({ limit: 10 });
        return statusOf(actor, started.value.domain);
      }),
    ),
    route(
      'POST',
      '/api/v1/org/domains/verify/confirm',
      withActor(async (actor, { domain, code }) => {
        if (typeof domain !== 'string' || typeof code !== 'string')
          return fail(400, 'ParameterError', 'domain and code are required.');
        const apex = toApex(domain);
        if (apex.isErr()) return failure(apex.error);
        const challengeId = open.get(key(actor, apex.value.apex));
        if (!challengeId)
          return fail(404, 'NotFoundError', `No passcode was requested for ${apex.value.apex}.`);
        const confirmed = await domains.confirmChallenge(actor, { challengeId, code });
        if (confirmed.isErr()) return failure(confirmed.error);
        open.delete(key(actor, apex.value.apex));
        return statusOf(actor, apex.value.apex);
      }),
    ),
    route(
      'GET',
      '/api/v1/org/domains/:domain/verification',
      withActor((actor, _body, req) => statusOf(actor, req.params.domain ?? '')),
    ),
  ];
}

/** The Lightdash API on node:http. Call `listen` yourself (127.0.0.1 in tests). */
export function createServer(deps: ApexproofDeps = createDeps()): Server {
  return jsonServer(routes(createDomains(deps)), {
    notFound: () => fail(404, 'NotFoundError', 'No such endpoint.'),
    crashed: () => fail(500, 'UnexpectedServerError', 'Something went wrong.'),
  });
}
