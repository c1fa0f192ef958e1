// Kayle ID (seeds 000 and 001) as configuration plus a thin HTTP layer. Every rule — owners
// only, eTLD+1, the TXT record, takeover with acknowledgement, removal cascade, redirect
// patterns — lives in @apexproof/core; this file only translates HTTP to use cases and back.
import type { Server } from 'node:http';
import { type Actor, type Apexproof, type ApexproofError, createApexproof } from '@apexproof/core';
import {
  asObject,
  type HttpReply,
  type HttpRequest,
  headerActor,
  jsonServer,
  route,
} from '../../shared/http.js';
import { createMemoryDeps, type MemoryDeps } from '../../shared/memory-deps.js';
import { sandboxRoutes } from '../../shared/sandbox.js';
import {
  domainView,
  ERROR_REFERENCE_URL,
  failure,
  hostError,
  invalid,
  ok,
  patternView,
  startedView,
  verifiedView,
} from './present.js';

/** The ports, all in memory. Tests pass their own to publish records and move time. */
export type KayleDeps = MemoryDeps;

/** Two organizations to play with: Acme (owner alice, admin carol) and Rival (owner bob). */
export function createDeps(overrides: Partial<KayleDeps> = {}): KayleDeps {
  return createMemoryDeps(
    {
      organizations: [
        {
          id: 'org_acme',
          name: 'Acme Inc',
          members: [
            { userId: 'alice', role: 'owner', email: 'alice@acme.co' },
            { userId: 'carol', role: 'admin', email: 'carol@acme.co' },
          ],
        },
        {
          id: 'org_rival',
          name: 'Rival LLC',
          members: [{ userId: 'bob', role: 'owner', email: 'bob@rival.example' }],
        },
      ],
    },
    overrides,
  );
}

/**
 * The Kayle profile: the core's defaults (apex subjects, 7-day challenges, owners manage,
 * takeover with acknowledgement) with the `kayle` record preset (`_kayle-id-verification`),
 * plus the guide's IDN rule: `xn--` domains are refused.
 */
export function createDomains(deps: KayleDeps): Apexproof {
  return createApexproof({
    ...deps,
    policy: { record: 'kayle', apex: { idn: 'reject' }, errorReferenceUrl: ERROR_REFERENCE_URL },
  });
}

const unauthorized = () =>
  hostError(
    401,
    'UNAUTHORIZED',
    'Authentication is required.',
    'Send the x-org-id and x-user-id headers (this example stands in for real auth).',
  );

/** Reads a JSON object body and hands it to `fn` with the authenticated actor. */
function withBody(
  fn: (actor: Actor, body: Record<string, unknown>, req: HttpRequest) => Promise<HttpReply>,
) {
  return async (req: HttpRequest): Promise<HttpReply> => {
    const actor = headerActor(req);
    if (!actor) return unauthorized();
    const parsed = await req.json();
    if (!parsed.ok) return invalid('body', parsed.problem);
    const body = asObject(parsed.value);
    if (!body) return invalid('body', 'must be a JSON object');
    return fn(actor, body, req);
  };
}

/** A use case's outcome: the value through `render`, an error with its catalog status. */
const reply = <T>(
  result: { match<A, B>(ok: (t: T) => A, err: (e: ApexproofError) => B): Promise<A | B> },
  render: (value: T) => HttpReply,
): Promise<HttpReply> => result.match(render, failure);

function withActor(fn: (actor: Actor, req: HttpRequest) => Promise<HttpReply>) {
  return async (req: HttpRequest) => {
    const actor = headerActor(req);
    return actor ? fn(actor, req) : unauthorized();
  };
}

const optionalString = (value: unknown): value is string | undefined =>
  value === undefined || typeof value === 'string';

export function routes(domains: Apexproof) {
  const base = '/v1/auth/orgs/domains';
  return [
    route(
      'POST',
      `${base}/challenges/dns`,
      withBody((actor, body) => {
        if (typeof body.domain !== 'string') return Promise.resolve(invalid('domain', 'required'));
        return reply(
          domains.startChallenge(actor, { domain: body.domain, method: 'dns-txt' }),
          (c) => ok(startedView(c), 201),
        );
      }),
    ),
    route(
      'POST',
      `${base}/challenges/dns/verify`,
      withBody((actor, body) => {
        const ack = body.acknowledge_takeover;
        if (ack !== undefined && typeof ack !== 'boolean')
          return Promise.resolve(invalid('acknowledge_takeover', 'must be a boolean'));
        const challengeId = typeof body.challenge_id === 'string' ? body.challenge_id : '';
        return reply(
          domains.verifyChallenge(actor, { challengeId, acknowledgeTakeover: ack === true }),
          (v) => ok(verifiedView(v)),
        );
      }),
    ),
    route(
      'GET',
      base,
      withActor((actor) => reply(domains.listDomains(actor), (list) => ok(list.map(domainView)))),
    ),
    route(
      'DELETE',
      `${base}/:id`,
      withActor((actor, req) =>
        reply(domains.removeDomain(actor, { domainId: req.params.id ?? '' }), (r) =>
          ok({
            domain_id: r.domainId,
            apex_domain: r.domain,
            redirect_patterns_removed: r.patternsRemoved,
          }),
        ),
      ),
    ),
    route(
      'POST',
      `${base}/redirect-patterns`,
      withBody((actor, body) => {
        const { domain, subdomain, path } = body;
        if (typeof domain !== 'string') return Promise.resolve(invalid('domain', 'required'));
        if (!optionalString(subdomain) || !optionalString(path))
          return Promise.resolve(invalid('subdomain', 'subdomain and path must be strings'));
        return reply(domains.addRedirectPattern(actor, { apex: domain, subdomain, path }), (p) =>
          ok(patternView(p), 201),
        );
      }),
    ),
    route(
      'DELETE',
      `${base}/redirect-patterns/:id`,
      withActor((actor, req) =>
        reply(domains.removeRedirectPattern(actor, { patternId: req.params.id ?? '' }), (r) =>
          ok({ id: r.patternId }),
        ),
      ),
    ),
    // Where a redirect URL is accepted: a session is only created for a URL on a verified domain.
    route(
      'POST',
      '/v1/sessions',
      withBody((actor, body) => {
        if (typeof body.redirect_url !== 'string')
          return Promise.resolve(invalid('redirect_url', 'required'));
        const url = body.redirect_url;
        return reply(domains.authorizeRedirect(actor.organizationId, url), (decision) =>
          ok(
            // The canonical URL that was judged, never the string from the request.
            {
              session_id: crypto.randomUUID(),
              redirect_url: decision.url,
              domain_id: decision.domainId,
            },
            201,
          ),
        );
      }),
    ),
  ];
}

/** The Kayle API on node:http. Call `listen` yourself (127.0.0.1 in tests). */
export function createServer(
  deps: KayleDeps = createDeps(),
  options: { sandbox?: boolean } = {},
): Server {
  const all = [
    ...routes(createDomains(deps)),
    ...(options.sandbox ? sandboxRoutes(deps.dns, (p) => invalid('body', p)) : []),
  ];
  return jsonServer(all, {
    notFound: () => hostError(404, 'NOT_FOUND', 'No such endpoint.', 'Check the method and path.'),
    crashed: () =>
      hostError(
        500,
        'INTERNAL_ERROR',
        'Something went wrong.',
        'Try again; if it persists, tell us.',
      ),
  });
}
