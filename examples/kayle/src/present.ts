// The Kayle ID wire format: `{ data, error }` envelopes, snake_case fields, and the error
// envelope from the core with the `details` the Kayle guide documents (seed 001).
import {
  type AnyApexproofError,
  type ApexproofError,
  apexError,
  errorEnvelope,
  type RedirectPatternView,
  type StartedChallenge,
  type VerifiedDomainView,
  type VerifiedResult,
} from '@apexproof/core';
import type { HttpReply } from '../../shared/http.js';

/**
 * Where Kayle's error reference lives: apexproof's page, whose anchors are the `docs` slugs.
 * A host that publishes its own copy points here instead.
 */
export const ERROR_REFERENCE_URL =
  'https://github.com/apexproof/apexproof/blob/main/docs/reference/errors.md';

export const ok = (data: unknown, status = 200): HttpReply => ({
  status,
  body: { data, error: null },
});

/**
 * Details are opt-in per code: the guide promises `details.conflictingOrganizationName` on
 * APEX_TAKEOVER_REQUIRED, and the others help the user fix their own input or DNS. The holder's
 * organization id is not disclosed in an error.
 */
function publicDetails(error: AnyApexproofError): Record<string, unknown> | undefined {
  switch (error.code) {
    case 'APEX_TAKEOVER_REQUIRED':
      return { conflictingOrganizationName: error.details.conflictingOrganizationName };
    case 'APEX_INVALID':
    case 'REDIRECT_URL_INVALID':
    case 'REDIRECT_PATTERN_INVALID':
      return { reason: error.details.reason };
    case 'DNS_NOT_PROPAGATED':
      return { diagnosis: error.details.diagnosis };
    case 'CHALLENGE_EXPIRED':
      return { expiredAt: error.details.expiredAt };
    case 'INVALID_INPUT':
      return { field: error.details.field, problem: error.details.problem };
    case 'RATE_LIMITED':
      // The API's 429: how long to wait before the next verify call.
      return { retryAfterSeconds: error.details.retryAfterSeconds };
    default:
      return undefined;
  }
}

export function failure(error: ApexproofError): HttpReply {
  // Errors of the use cases already carry the link (policy.errorReferenceUrl); this links the
  // ones the HTTP layer builds itself.
  const envelope = errorEnvelope(error, { referencePageUrl: ERROR_REFERENCE_URL });
  const details = publicDetails(error as AnyApexproofError);
  return {
    status: error.status,
    body: details ? { data: null, error: { ...envelope.error, details } } : envelope,
  };
}

export const invalid = (field: string, problem: string): HttpReply =>
  failure(apexError('INVALID_INPUT', { field, problem }));

/** Errors of the host itself (not apexproof's): same envelope, own codes. */
export const hostError = (status: number, code: string, message: string, hint: string) => ({
  status,
  body: { data: null, error: { code, message, hint, docs: `errors/${code.toLowerCase()}` } },
});

export const startedView = (c: StartedChallenge) => ({
  challenge_id: c.id,
  apex_domain: c.domain,
  record: c.record && {
    name: c.record.name,
    host: c.record.host,
    type: c.record.type,
    value: c.record.value,
  },
  expires_at: c.expiresAt.toISOString(),
  conflict: c.conflict && {
    organization_id: c.conflict.organizationId,
    organization_name: c.conflict.organizationName,
  },
});

export const verifiedView = (v: VerifiedResult) => ({
  domain_id: v.domainId,
  apex_domain: v.apex,
  takeover_from: v.takeoverFrom && {
    organization_id: v.takeoverFrom.organizationId,
    organization_name: v.takeoverFrom.organizationName,
  },
});

export const patternView = (p: RedirectPatternView) => ({
  id: p.id,
  domain_id: p.domainId,
  url: p.url,
  host: p.host,
  path: p.pathPrefix,
  created_at: p.createdAt.toISOString(),
});

export const domainView = (d: VerifiedDomainView) => ({
  id: d.id,
  apex_domain: d.domain,
  display_name: d.domainDisplay,
  status: d.status,
  downgrade_reason: d.downgradeReason,
  verified_at: d.verifiedAt.toISOString(),
  downgraded_at: d.downgradedAt?.toISOString() ?? null,
  last_checked_at: d.lastCheckedAt?.toISOString() ?? null,
  redirect_patterns: d.redirectPatterns.map(patternView),
});
