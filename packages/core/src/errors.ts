// The one error catalog (DESIGN §10). Every expected outcome of a use case is an
// `ApexproofError` built here; hosts switch on `code`, which never changes meaning.

import type { CatalogEntry, ErrorCode, ErrorDetails } from './error-details.js';

export type {
  ApexInvalidReason,
  CatalogEntry,
  DnsDiagnosis,
  DnsDiagnosisHint,
  ErrorCode,
  ErrorDetails,
  RedirectPatternInvalidReason,
  RedirectUrlInvalidReason,
} from './error-details.js';

type CatalogText = Pick<CatalogEntry, 'status' | 'message' | 'hint'>;

/** Slug of a code's error reference page: `APEX_INVALID` → `errors/apex-invalid`. */
export const docsSlug = (code: ErrorCode): string =>
  `errors/${code.toLowerCase().replaceAll('_', '-')}`;

/**
 * A resolvable link for a `docs` slug: the error reference page (the host's copy of
 * docs/reference/errors.md, where every slug's last part is an anchor) plus `#apex-invalid`.
 * A `docs` value that is already a link is kept.
 */
export function docsLink(docs: string, referencePageUrl: string): string {
  if (!docs.startsWith('errors/')) return docs;
  return `${referencePageUrl.replace(/#.*$/, '')}#${docs.slice('errors/'.length)}`;
}

/** Status, default message and hint of every code, as written; `errorCatalog` adds the rest. */
const catalogText: { readonly [C in ErrorCode]: CatalogText } = {
  APEX_INVALID: {
    status: 400,
    message: 'The value is not a valid registrable domain.',
    hint: 'Enter a domain such as acme.co: not a bare public suffix, an IP address or a URL with credentials.',
  },
  APEX_TAKEOVER_REQUIRED: {
    status: 409,
    message: 'Another organization holds an active verification for this domain.',
    hint: 'Verify again with acknowledgeTakeover set to true to transfer the domain to your organization.',
  },
  DOMAIN_VERIFIED_ELSEWHERE: {
    status: 409,
    message: 'This domain is verified by another organization.',
    hint: 'Ask the other organization to remove the domain, or contact support.',
  },
  CHALLENGE_NOT_FOUND: {
    status: 404,
    message: 'The challenge is unknown or has been consumed.',
    hint: 'Start a new challenge for the domain.',
  },
  CHALLENGE_EXPIRED: {
    status: 400,
    message: 'The challenge has expired.',
    hint: 'Start a new challenge for the domain.',
  },
  CHALLENGE_IN_PROGRESS: {
    status: 409,
    message: 'This challenge is being verified by another request.',
    hint: 'Wait a few seconds and try again.',
  },
  DNS_NOT_PROPAGATED: {
    status: 409,
    message: 'The expected TXT record was not found.',
    hint: 'Check the record name and value, wait for your DNS provider to publish it, then verify again.',
  },
  DNS_LOOKUP_FAILED: {
    status: 503,
    message: 'The DNS resolvers could not be reached.',
    hint: 'This is not your fault and nothing was counted against you. Try again shortly.',
  },
  DOMAIN_NOT_FOUND: {
    status: 404,
    message: 'The verified domain does not belong to your organization.',
    hint: 'List your verified domains and use one of their ids.',
  },
  FORBIDDEN: {
    status: 403,
    message: 'You are not allowed to do this.',
    hint: 'Ask an owner of the organization.',
  },
  ORGANIZATION_NOT_FOUND: {
    status: 404,
    message: 'The organization does not exist.',
    hint: 'Check the organization id.',
  },
  ORGANIZATION_SCHEDULED_FOR_DELETION: {
    status: 410,
    message: 'The organization is scheduled for deletion.',
    hint: 'Cancel the deletion before verifying domains.',
  },
  REDIRECT_URL_INVALID: {
    status: 400,
    message: 'The redirect URL is not a valid https URL.',
    hint: 'Use an absolute https URL without credentials, fragment or custom port.',
  },
  REDIRECT_URL_DOMAIN_NOT_VERIFIED: {
    status: 400,
    message: "The redirect URL's host is not on a verified domain.",
    hint: 'Verify the domain first, or use a URL on one of your verified domains.',
  },
  REDIRECT_URL_PATTERN_NOT_REGISTERED: {
    status: 400,
    message: 'The redirect URL does not match any registered pattern for its domain.',
    hint: 'Register a redirect pattern whose host and path prefix cover this URL.',
  },
  REDIRECT_PATTERN_INVALID: {
    status: 422,
    message: 'The redirect pattern is not valid.',
    hint: 'Use https://[subdomain.]<domain>[/path] with a path that starts with / and has no query or fragment.',
  },
  EMAIL_NOT_AT_DOMAIN: {
    status: 422,
    message: 'The e-mail address is not at the domain being verified.',
    hint: 'Use an address at the domain or one of its subdomains.',
  },
  EMAIL_PROVIDER_NOT_ALLOWED: {
    status: 422,
    message: 'This e-mail address cannot prove control of a domain.',
    hint: 'Use an address at your own domain, not at a free or public mail provider.',
  },
  OTP_INVALID: {
    status: 400,
    message: 'The code is not correct.',
    hint: 'Check the code in the e-mail and try again.',
  },
  OTP_MAX_ATTEMPTS: {
    status: 429,
    message: 'Too many wrong codes.',
    hint: 'Request a new code.',
  },
  RATE_LIMITED: {
    status: 429,
    message: 'Too many requests.',
    hint: 'Wait before trying again.',
  },
  INVALID_INPUT: {
    status: 400,
    message: 'The request is not valid.',
    hint: 'Check the named field.',
  },
  STORAGE_UNAVAILABLE: {
    status: 503,
    message: 'The storage is temporarily unavailable.',
    hint: 'Nothing was changed. Try again shortly.',
  },
  DIRECTORY_UNAVAILABLE: {
    status: 503,
    message: 'The organization directory is temporarily unavailable.',
    hint: 'Nothing was changed. Try again shortly.',
  },
};

/** The one registry (DESIGN §10): code, status, message, hint and docs slug of every code. Frozen. */
export const errorCatalog: { readonly [C in ErrorCode]: CatalogEntry<C> } = Object.freeze(
  Object.fromEntries(
    (Object.keys(catalogText) as ErrorCode[]).map((code) => [
      code,
      Object.freeze({ code, ...catalogText[code], docs: docsSlug(code) }),
    ]),
  ) as { readonly [C in ErrorCode]: CatalogEntry<C> },
);

/**
 * The error every use case answers (DESIGN §10): a frozen catalog entry (`code`, HTTP `status`,
 * `message`, `hint`, `docs`) with the typed `details` of its code. Narrow `AnyApexproofError` by
 * `code` to read `details`; `errorEnvelope` renders it for an HTTP response.
 * @example
 * ```ts
 * const result = await app.verifyChallenge(actor, { challengeId });
 * if (result.isErr()) {
 *   const e = result.error as AnyApexproofError;
 *   if (e.code === 'DNS_NOT_PROPAGATED') console.log(e.details.diagnosis.hints);
 *   return Response.json(errorEnvelope(e), { status: e.status });
 * }
 * ```
 */
export interface ApexproofError<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  readonly status: number;
  readonly message: string;
  readonly hint: string;
  /** Slug of the error reference page, e.g. `errors/apex-invalid`. */
  readonly docs: string;
  readonly details: ErrorDetails[C];
}

/** Any code's error, narrowed by `code` in a switch. */
export type AnyApexproofError = { [C in ErrorCode]: ApexproofError<C> }[ErrorCode];

/** Builds a catalog error; `message` may be made more specific than the catalog default. */
export function apexError<C extends ErrorCode>(
  code: C,
  details: ErrorDetails[C],
  message?: string,
): ApexproofError<C> {
  const entry = errorCatalog[code];
  return Object.freeze({
    code,
    status: entry.status,
    message: message ?? entry.message,
    hint: entry.hint,
    docs: entry.docs,
    details,
  });
}

/**
 * Whether `value` is an object whose `code` is a code of the catalog: for a host's error handler
 * that receives errors from several libraries. Only `code` is checked.
 */
export const isApexproofError = (value: unknown): value is ApexproofError =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { code?: unknown }).code === 'string' &&
  Object.hasOwn(errorCatalog, (value as { code: string }).code);

/**
 * The error envelope `{ data: null, error: { code, message, hint, docs } }` (details are left to
 * the host). With `referencePageUrl`, `docs` is a resolvable link (`docsLink`).
 */
export function errorEnvelope(
  error: ApexproofError,
  options: { readonly referencePageUrl?: string } = {},
): {
  data: null;
  error: { code: ErrorCode; message: string; hint: string; docs: string };
} {
  const docs = options.referencePageUrl
    ? docsLink(error.docs, options.referencePageUrl)
    : error.docs;
  return {
    data: null,
    error: { code: error.code, message: error.message, hint: error.hint, docs },
  };
}
