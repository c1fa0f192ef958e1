// Plutoploy dns-handling (seed 002) as configuration plus a thin HTTP layer: exact hostnames,
// `_acme-challenge.<host>` holding the raw token, 32-hex ids, `pending → verified`, and the
// 404 / 400 / 424 of `POST /domains/{id}/verify`. The Plutoploy domain id is the apexproof
// challenge id (both 32 hex from 16 random bytes); README.md has the full mapping.
import type { Server } from 'node:http';
import {
  type Actor,
  type Apexproof,
  type ApexproofDeps,
  type ApexproofError,
  type ChallengeView,
  createApexproof,
  type DnsResolver,
} from '@apexproof/core';
import { asObject, type HttpReply, jsonServer, route } from '../../shared/http.js';
import { createMemoryDeps, type MemoryDeps } from '../../shared/memory-deps.js';
import { sandboxRoutes } from '../../shared/sandbox.js';

export type PlutoployDeps = MemoryDeps;

/** Plutoploy's API has no tenants in its examples: every call acts as this demo account. */
export const DEMO_ACCOUNT: Actor = { organizationId: 'acct_demo', userId: 'api' };

export function createDeps(overrides: Partial<PlutoployDeps> = {}): PlutoployDeps {
  return createMemoryDeps(
    {
      organizations: [
        {
          id: DEMO_ACCOUNT.organizationId,
          name: 'Demo account',
          members: [{ userId: DEMO_ACCOUNT.userId, role: 'owner', email: 'ops@plutoploy.example' }],
        },
      ],
    },
    overrides,
  );
}

/** The Plutoploy profile. */
export function createDomains(deps: ApexproofDeps): Apexproof {
  return createApexproof({
    ...deps,
    policy: { subject: 'hostname', record: 'acme', idFormat: 'hex32' },
  });
}

/** RFC 3339 without fractional seconds, as Plutoploy prints timestamps. */
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The fully qualified record name, trailing dot included, as the seed writes it. */
const fqdn = (name: string) => `${name}.`;

const problem = (status: number, message: string): HttpReply => ({
  status,
  body: { error: message },
});

/** Plutoploy's lifecycle seen through a challenge: still verifiable is `pending`. */
export function plutoployStatus(c: ChallengeView): 'pending' | 'verified' | 'failed' {
  if (c.status === 'pending' || c.status === 'verifying' || c.status === 'failed') return 'pending';
  return c.status === 'validated' ? 'verified' : 'failed';
}

const domainView = (c: ChallengeView) => ({
  id: c.id,
  domain_name: c.domain,
  status: plutoployStatus(c),
  verification_token: c.record?.value ?? null,
  dns_record: c.record && { type: c.record.type, name: fqdn(c.record.name), value: c.record.value },
  created_at: rfc3339(c.createdAt),
});

/** The verify endpoint's errors: 400 for a miss or a non-pending domain, 424 for DNS trouble. */
function verifyFailure(e: ApexproofError, c: ChallengeView): HttpReply {
  const name = fqdn(c.record?.name ?? c.domain);
  switch (e.code) {
    case 'DNS_NOT_PROPAGATED':
      return problem(400, `verification token not found in TXT records at ${name}`);
    case 'DNS_LOOKUP_FAILED':
      return problem(424, `DNS lookup for ${name} failed: ${c.lastFailure ?? e.message}`);
    case 'CHALLENGE_EXPIRED':
      return problem(400, 'domain is not in pending status (its challenge expired)');
    case 'CHALLENGE_NOT_FOUND':
      return problem(404, 'domain not found');
    default:
      return problem(e.status, e.message);
  }
}

export function routes(domains: Apexproof, actor: Actor = DEMO_ACCOUNT) {
  return [
    route('POST', '/domains', async (req) => {
      const parsed = await req.json();
      const body = parsed.ok ? asObject(parsed.value) : null;
      if (typeof body?.domain_name !== 'string')
        return problem(400, 'request body must be {"domain_name": "<hostname>"}');
      return domains.startChallenge(actor, { domain: body.domain_name, method: 'dns-txt' }).match(
        (c) => ({ status: 201, body: domainView(c) }),
        (e) => problem(e.status, e.message),
      );
    }),
    route('GET', '/domains/:id', async (req) =>
      domains.getChallenge(actor, req.params.id ?? '').match(
        (c) => ({ status: 200, body: domainView(c) }),
        () => problem(404, 'domain not found'),
      ),
    ),
    route('POST', '/domains/:id/verify', async (req) => {
      const found = await domains.getChallenge(actor, req.params.id ?? '');
      if (found.isErr()) return problem(404, 'domain not found');
      const challenge = found.value;
      if (plutoployStatus(challenge) !== 'pending')
        return problem(
          400,
          `domain is not in pending status (status: ${plutoployStatus(challenge)})`,
        );
      const verified = await domains.verifyChallenge(actor, { challengeId: challenge.id });
      if (verified.isErr()) {
        const after = await domains.getChallenge(actor, challenge.id);
        return verifyFailure(verified.error, after.unwrapOr(challenge));
      }
      // The verified domain row holds the authoritative verification time.
      const listed = await domains.listDomains(actor);
      const row = listed.unwrapOr([]).find((d) => d.id === verified.value.domainId);
      return {
        status: 200,
        body: {
          id: challenge.id,
          domain_name: challenge.domain,
          status: 'verified',
          verified_at: rfc3339(row?.verifiedAt ?? new Date()),
          created_at: rfc3339(challenge.createdAt),
        },
      };
    }),
  ];
}

/** `resolver` replaces the in-memory zone for lookups (e.g. `@apexproof/authoritative`). */
export function createServer(
  deps: PlutoployDeps = createDeps(),
  options: { sandbox?: boolean; resolver?: DnsResolver } = {},
): Server {
  const all = [
    ...routes(createDomains(options.resolver ? { ...deps, dns: options.resolver } : deps)),
    ...(options.sandbox ? sandboxRoutes(deps.dns, (p) => problem(400, p)) : []),
  ];
  return jsonServer(all, {
    notFound: () => problem(404, 'not found'),
    crashed: () => problem(500, 'internal error'),
  });
}
