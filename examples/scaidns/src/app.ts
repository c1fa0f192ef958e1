// ScaiDNS (seed 004) as configuration plus a thin HTTP layer: zones are validated by a TXT
// record at `_scaidns-verify.<domain>` or by delegation to ScaiDNS's nameservers; a new
// validation supersedes the pending one; a check that fails leaves it retryable with ScaiDNS's
// messages; users with the bypass permission create zones with `?skip_validation=true`.
import type { Server } from 'node:http';
import {
  type Actor,
  type Apexproof,
  type ApexproofDeps,
  createApexproof,
  type DnsResolver,
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
import { sandboxRoutes } from '../../shared/sandbox.js';
import { failure, methodOf, problem, type ValidationType, validationView } from './present.js';
import { createZones, type Zone, type Zones } from './zones.js';

export const SCAIDNS_NAMESERVERS = ['ns1.scaidns.example', 'ns2.scaidns.example'];

/** Acme (owner alice) and a platform admin, sam, who holds the `validation_bypass` permission. */
export function createDeps(overrides: Partial<MemoryDeps> = {}): MemoryDeps {
  return createMemoryDeps(
    {
      organizations: [
        {
          id: 'org_acme',
          name: 'Acme Inc',
          members: [
            { userId: 'alice', role: 'owner', email: 'alice@acme.co' },
            { userId: 'sam', role: 'owner', email: 'sam@scaidns.example' },
          ],
        },
      ],
      bypassUsers: ['sam'],
    },
    overrides,
  );
}

/** The ScaiDNS profile: `scaidns` TXT records and delegation to both ScaiDNS nameservers. */
export function createDomains(deps: ApexproofDeps): Apexproof {
  return createApexproof({
    ...deps,
    policy: { record: 'scaidns', nameservers: { expected: SCAIDNS_NAMESERVERS, match: 'all' } },
  });
}

async function bodyOf(req: HttpRequest): Promise<Record<string, unknown>> {
  const parsed = await req.json();
  return (parsed.ok && asObject(parsed.value)) || {};
}

export function routes(domains: Apexproof, zones: Zones = createZones()) {
  const withActor =
    (fn: (actor: Actor, req: HttpRequest) => Promise<HttpReply>) => async (req: HttpRequest) => {
      const actor = headerActor(req);
      return actor ? fn(actor, req) : problem(401, 'Authentication is required');
    };
  /** Routes under `/domains/:id`: the caller's zone, or 404. */
  const withZone = (fn: (actor: Actor, zone: Zone, req: HttpRequest) => Promise<HttpReply>) =>
    withActor(async (actor, req) => {
      const zone = zones.find(actor.organizationId, req.params.id ?? '');
      return zone ? fn(actor, zone, req) : problem(404, 'Domain not found');
    });
  /** The zone's current validation while it can still be checked, else null. */
  const pending = async (actor: Actor, zone: Zone) => {
    if (!zone.validationId) return null;
    const found = await domains.getChallenge(actor, zone.validationId);
    const open = found.isOk() && ['pending', 'verifying', 'failed'].includes(found.value.status);
    return open ? found.value : null;
  };
  const zoneView = async (actor: Actor, zone: Zone) => {
    const listed = await domains.listDomains(actor);
    const active = listed.unwrapOr([]).some((d) => d.domain === zone.name && d.status === 'active');
    return { id: zone.id, name: zone.name, status: active ? 'active' : 'pending_validation' };
  };

  return [
    route(
      'POST',
      '/api/v1/domains',
      withActor(async (actor, req) => {
        const { name, reason } = await bodyOf(req);
        if (typeof name !== 'string') return problem(400, 'name is required');
        if (req.query.get('skip_validation') === 'true') {
          // Bypass is audited with the caller's reason; the core checks the permission.
          const bypass = await domains.bypassVerification(actor, {
            organizationId: actor.organizationId,
            domain: name,
            reason: typeof reason === 'string' ? reason : '',
          });
          if (bypass.isErr()) return failure(bypass.error);
          const zone = zones.add(actor.organizationId, bypass.value.apex);
          return { status: 201, body: await zoneView(actor, zone) };
        }
        const started = await domains.startChallenge(actor, { domain: name, method: 'dns-txt' });
        if (started.isErr()) return failure(started.error);
        const zone = zones.add(actor.organizationId, started.value.domain);
        zone.validationId = started.value.id;
        return {
          status: 201,
          body: { ...(await zoneView(actor, zone)), validation: validationView(started.value) },
        };
      }),
    ),
    route(
      'GET',
      '/api/v1/domains/:id',
      withZone(async (actor, zone) => ({ status: 200, body: await zoneView(actor, zone) })),
    ),
    route(
      'GET',
      '/api/v1/domains/:id/validation',
      withZone(async (actor, zone) => {
        const current = await pending(actor, zone);
        return { status: 200, body: current && validationView(current) };
      }),
    ),
    route(
      'POST',
      '/api/v1/domains/:id/validation',
      withZone(async (actor, zone, req) => {
        const type = (await bodyOf(req)).validation_type ?? 'txt_record';
        if (type !== 'txt_record' && type !== 'nameservers')
          return problem(400, 'validation_type must be txt_record or nameservers');
        const method = methodOf(type as ValidationType);
        const started = await domains.startChallenge(actor, { domain: zone.name, method });
        if (started.isErr()) return failure(started.error);
        // Switching type supersedes nothing in the core (another method); ScaiDNS keeps one.
        const previous = await pending(actor, zone);
        if (previous && previous.method !== method)
          await domains.cancelChallenge(actor, previous.id);
        zone.validationId = started.value.id;
        return { status: 201, body: validationView(started.value) };
      }),
    ),
    route(
      'POST',
      '/api/v1/domains/:id/validation/check',
      withZone(async (actor, zone) => {
        const current = await pending(actor, zone);
        if (!current) return problem(404, 'No pending validation');
        const checked = await domains.verifyChallenge(actor, { challengeId: current.id });
        if (checked.isOk())
          return {
            status: 200,
            body: { is_valid: true, message: 'Domain validated', validation_id: current.id },
          };
        // The core wrote ScaiDNS's message into the challenge; fall back to the error's own.
        const after = await domains.getChallenge(actor, current.id);
        const message =
          after.isOk() && after.value.lastFailure ? after.value.lastFailure : checked.error.message;
        return { status: 200, body: { is_valid: false, message, code: checked.error.code } };
      }),
    ),
    route(
      'DELETE',
      '/api/v1/domains/:id/validation',
      withZone(async (actor, zone) => {
        const current = await pending(actor, zone);
        if (!current) return problem(404, 'No pending validation');
        const cancelled = await domains.cancelChallenge(actor, current.id);
        return cancelled.isOk() ? { status: 204 } : failure(cancelled.error);
      }),
    ),
  ];
}

/**
 * The ScaiDNS API on node:http. Call `listen` yourself (127.0.0.1 in tests). ScaiDNS asks the
 * zone's authoritative servers: pass `resolver` (an `@apexproof/authoritative` resolver) for
 * that; without it the in-memory sandbox zone stands in, so the example runs offline.
 */
export function createServer(
  deps: MemoryDeps = createDeps(),
  options: { sandbox?: boolean; resolver?: DnsResolver } = {},
): Server {
  const all = [
    ...routes(createDomains({ ...deps, dns: options.resolver ?? deps.dns })),
    ...(options.sandbox && !options.resolver
      ? sandboxRoutes(deps.dns, (p) => problem(400, p))
      : []),
  ];
  return jsonServer(all, {
    notFound: () => problem(404, 'Not found'),
    crashed: () => problem(500, 'Internal error'),
  });
}
