// The vocabulary of the error catalog (DESIGN §10): every code and the typed `details` it
// carries. Types only; the catalog's text and the constructors live in errors.ts.

/**
 * Why `toApex` / `normalizeHost` refused an input: `details.reason` of `APEX_INVALID` (DESIGN §3).
 * `empty`; `malformed` (control characters, inner spaces, characters outside LDH, empty labels);
 * `too_long` (a label over 63 or a name over 253 octets, or an oversized input); `ip_address`;
 * `userinfo` (credentials in a URL, or an e-mail address); `idn_not_allowed` (IDN policy
 * `reject`); `mixed_script`, `whole_script_confusable`, `confusable_character` (IDN policy
 * `single-script`); `public_suffix` (the name is a suffix such as `co.uk`); `unknown_suffix` (not
 * on the Public Suffix List nor in `extraSuffixes`).
 */
export type ApexInvalidReason =
  | 'empty'
  | 'malformed'
  | 'too_long'
  | 'ip_address'
  | 'userinfo'
  | 'idn_not_allowed'
  | 'mixed_script'
  | 'whole_script_confusable'
  | 'confusable_character'
  | 'public_suffix'
  | 'unknown_suffix';

/**
 * Why `parseRedirectPattern` (and so `addRedirectPattern`) refused a pattern: `details.reason` of
 * `REDIRECT_PATTERN_INVALID`. `malformed` (not `https://[subdomain.]<domain>[/path]`); `scheme`
 * (not https); `userinfo`; `port`; `query`; `fragment`; `backslash`; `dot_segment` (`.` or `..`);
 * `encoded_separator` (`%2F`, `%5C`, `%2E`, `%25`, overlong UTF-8); `path` (bad percent-encoding,
 * encoded control characters, an empty segment); `host` (not a valid domain name, or not under the
 * given apex); `too_long` (over `MAX_PATTERN_LENGTH` characters or `MAX_PATTERN_SEGMENTS`
 * segments).
 */
export type RedirectPatternInvalidReason =
  | 'malformed'
  | 'scheme'
  | 'userinfo'
  | 'port'
  | 'query'
  | 'fragment'
  | 'backslash'
  | 'dot_segment'
  | 'encoded_separator'
  | 'path'
  | 'host'
  | 'too_long';

/**
 * Why a redirect URL was refused before any domain was looked at: `details.reason` of
 * `REDIRECT_URL_INVALID`. `malformed`; `scheme` (not https, unless `allowHttpLocalhost`);
 * `userinfo`; `port` (not the default nor in `allowedPorts`); `fragment`; `backslash`;
 * `control_character` (written or percent-encoded); `dot_segment`; `encoded_separator`; `too_long`
 * (`MAX_REDIRECT_URL_LENGTH`); `host_mismatch` (this runtime's URL parser and UTS #46 read the host
 * differently, so no decision is made on it).
 */
export type RedirectUrlInvalidReason =
  | 'malformed'
  | 'scheme'
  | 'userinfo'
  | 'port'
  | 'fragment'
  | 'backslash'
  | 'control_character'
  | 'dot_segment'
  | 'encoded_separator'
  | 'too_long'
  | 'host_mismatch';

/** The `details` each code carries; codes not listed carry none. */
export interface ErrorDetails {
  APEX_INVALID: { reason: ApexInvalidReason; input: string };
  APEX_TAKEOVER_REQUIRED: {
    conflictingOrganizationId: string;
    conflictingOrganizationName: string;
  };
  DOMAIN_VERIFIED_ELSEWHERE: { subject: string };
  CHALLENGE_NOT_FOUND: { challengeId: string };
  CHALLENGE_EXPIRED: { challengeId: string; expiredAt: string };
  CHALLENGE_IN_PROGRESS: { challengeId: string };
  DNS_NOT_PROPAGATED: { diagnosis: DnsDiagnosis };
  DNS_LOOKUP_FAILED: {
    name: string;
    failures: { kind: string; resolver: string; detail: string }[];
  };
  DOMAIN_NOT_FOUND: { id: string };
  FORBIDDEN: { required: string };
  ORGANIZATION_NOT_FOUND: { organizationId: string };
  ORGANIZATION_SCHEDULED_FOR_DELETION: { organizationId: string };
  REDIRECT_URL_INVALID: { reason: RedirectUrlInvalidReason; url: string };
  REDIRECT_URL_DOMAIN_NOT_VERIFIED: { host: string };
  REDIRECT_URL_PATTERN_NOT_REGISTERED: { host: string; path: string };
  REDIRECT_PATTERN_INVALID: { reason: RedirectPatternInvalidReason; input: string };
  EMAIL_NOT_AT_DOMAIN: { email: string; subject: string };
  EMAIL_PROVIDER_NOT_ALLOWED: { domain: string; reason: 'free_provider' | 'role_mailbox' };
  OTP_INVALID: { attemptsLeft: number };
  OTP_MAX_ATTEMPTS: { maxAttempts: number };
  RATE_LIMITED: { retryAfterSeconds: number };
  INVALID_INPUT: { field: string; problem: string };
  STORAGE_UNAVAILABLE: { detail: string };
  DIRECTORY_UNAVAILABLE: { detail: string };
}

/** What `verifyChallenge` saw when the expected TXT value was not there (DESIGN §4). */
export interface DnsDiagnosis {
  recordName: string;
  expected: string;
  /** Joined values found at the record name. */
  found: string[];
  /** CNAME targets followed from the record name, if any. */
  cnameChain: string[];
  /** The likely mistakes, most specific first; empty when none is recognisable. */
  hints: DnsDiagnosisHint[];
}

/**
 * A likely mistake recognised in a `DNS_NOT_PROPAGATED` diagnosis, to show the user: `no_record`
 * (nothing at the name), `domain_does_not_exist` (NXDOMAIN for the zone), `value_quoted_or_padded`
 * (the value with quotes or spaces), `old_challenge_token` (the value of an earlier challenge),
 * `zone_appended_twice` (published at `<name>.<apex>.<apex>`: the DNS panel appended the zone),
 * `record_at_apex` (published at the apex, not the prefixed name), `cname_elsewhere` (a CNAME at
 * the name points away), `stale_server`, `value_mismatch` (a different value). ns-delegation misses
 * use `no_record`, `domain_does_not_exist` and `value_mismatch`.
 */
export type DnsDiagnosisHint =
  | { kind: 'no_record' }
  | { kind: 'domain_does_not_exist' }
  | { kind: 'value_quoted_or_padded'; value: string }
  | { kind: 'old_challenge_token'; challengeId: string }
  | { kind: 'zone_appended_twice'; name: string }
  | { kind: 'record_at_apex'; name: string }
  | { kind: 'cname_elsewhere'; target: string }
  /** One server or perspective does not serve the value another one serves (yet). */
  | { kind: 'stale_server'; resolver: string; found: string[] }
  | { kind: 'value_mismatch' };

/** Every code of the catalog (`errorCatalog`). A code never changes meaning; hosts switch on it. */
export type ErrorCode = keyof ErrorDetails;

/** One entry of the catalog; the shape of its `details` is `ErrorDetails[C]`. */
export interface CatalogEntry<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  /** The HTTP status a host would answer with. */
  readonly status: number;
  /** Default message; an error may carry a more specific one. */
  readonly message: string;
  readonly hint: string;
  /** Slug of the error reference page, e.g. `errors/apex-invalid`. */
  readonly docs: string;
}
