// The compiled redirect policy (DESIGN §7): built once from an organization's active verified
// domains and their patterns, then asked `authorize(url)` on every session. The hot path is
// one char-code scan of the raw string, a WHATWG parse unless the URL is plain (plain-url.ts),
// and a handful of Map lookups.

import { err, ok, type Result } from 'neverthrow';
import type { SuffixPolicy } from '../apex/suffix.js';
import { type ApexproofError, apexError, type RedirectUrlInvalidReason } from '../errors.js';
import { findHostProblem, MAX_REDIRECT_URL_LENGTH } from './host-check.js';

export { MAX_REDIRECT_URL_LENGTH };

import {
  buildIndex,
  type CompiledDomain,
  EMPTY_LABEL,
  findParentDomain,
  type RedirectAuthorization,
  type RedirectPolicyDomain,
  type RedirectPolicyIgnoredEntry,
  type RedirectPolicyPattern,
} from './host-index.js';
import { normalizePercentEncoding } from './percent.js';
import { readPlainUrl } from './plain-url.js';
import { longestPrefix, type PrefixNode, type RedirectMatch } from './prefix-trie.js';
import { findCanonicalUrlProblem, findRawUrlProblem, hasHttpsScheme } from './url-checks.js';

/** Tests only: `enabled = false` sends every URL through the full parse, to compare answers. */
export const plainFastPath = { enabled: true };

/** The errors `RedirectPolicy.authorize` (and `authorizeRedirect`) can answer. */
export type RedirectAuthorizationError = ApexproofError<
  | 'REDIRECT_URL_INVALID'
  | 'REDIRECT_URL_DOMAIN_NOT_VERIFIED'
  | 'REDIRECT_URL_PATTERN_NOT_REGISTERED'
>;

/**
 * What `compileRedirectPolicy` compiles: one organization's active verified domains and the
 * redirect patterns registered on them (rows as the storage keeps them will do).
 */
export interface RedirectPolicyInput {
  /** The organization's ACTIVE verified domains (downgraded ones must be left out). */
  readonly domains: readonly RedirectPolicyDomain[];
  readonly patterns: readonly RedirectPolicyPattern[];
}

/**
 * How `compileRedirectPolicy` judges URLs; `createApexproof` passes `policy.redirects` and
 * `policy.apex`.
 */
export interface RedirectPolicyOptions {
  /**
   * Development only: accept `http://` and `https://` URLs on `localhost`, `127.0.0.1` and
   * `[::1]`, on any port and path, answered with `LOOPBACK_DOMAIN_ID` [false].
   */
  readonly allowHttpLocalhost?: boolean;
  /** Ports accepted besides the scheme's default, e.g. `[8443]` [none]. */
  readonly allowedPorts?: readonly number[];
  /**
   * The suffix rules subjects were verified under (`toApex`'s `unknownSuffix` and
   * `extraSuffixes`): a subject that is a public suffix, or whose suffix is unknown, is
   * listed in `ignored` and never used [PSL only].
   */
  readonly suffixes?: SuffixPolicy;
}

/**
 * An organization's compiled, immutable redirect policy (DESIGN §7). Build it once per change of
 * domains or patterns and keep it: `authorize` costs the same with 1 or 10 000 patterns.
 * @example
 * ```ts
 * const policy = compileRedirectPolicy({
 *   domains: [{ id: 'd1', apex: 'acme.co' }],
 *   patterns: [{ id: 'p1', domainId: 'd1', host: 'app.acme.co', pathPrefix: '/oauth' }],
 * });
 * policy.authorize('https://app.acme.co/oauth/cb'); // ok: { domainId: 'd1', patternId: 'p1', url }
 * policy.authorize('https://app.acme.co/oauthx');   // err: REDIRECT_URL_PATTERN_NOT_REGISTERED
 * ```
 */
export interface RedirectPolicy {
  /** Decides whether `url` may be used as a redirect target. Never throws. */
  authorize(url: string): Result<RedirectAuthorization, RedirectAuthorizationError>;
  /**
   * Input entries that were left out or can never match (a subject or host that is not a host
   * name, an unknown domain id, a refused path…), in input order; empty when all were used.
   */
  readonly ignored: readonly RedirectPolicyIgnoredEntry[];
}

/** The `domainId` answered for loopback URLs when `allowHttpLocalhost` is on. */
export const LOOPBACK_DOMAIN_ID = 'apexproof:loopback';

const LOOPBACK: RedirectMatch = Object.freeze({ domainId: LOOPBACK_DOMAIN_ID, patternId: null });

const urlMessages: { readonly [R in RedirectUrlInvalidReason]: string } = {
  malformed:
    'The redirect URL is not a well-formed absolute http(s) URL with a host (every % in its path must start two hex digits).',
  scheme: 'The redirect URL must use https.',
  userinfo: 'The redirect URL must not contain credentials (an @ before the host).',
  port: 'The redirect URL uses a port that is not allowed.',
  fragment: 'The redirect URL must not contain a fragment (#).',
  backslash: 'The redirect URL must not contain a backslash before its query.',
  control_character:
    'The redirect URL contains a control character (tab, CR, LF, C1, U+2028/U+2029, ...), written or encoded.',
  dot_segment: 'The path of the redirect URL must not contain . or .. segments.',
  encoded_separator:
    'The path of the redirect URL must not contain %2F, %5C, %2E, %25 (an encoded %) or overlong UTF-8.',
  too_long: `The redirect URL is too long (at most ${MAX_REDIRECT_URL_LENGTH} characters, a host of at most 253).`,
  host_mismatch:
    "The host of the redirect URL is read differently by this runtime's URL parser and by IDNA (UTS #46), so it is refused: the decision must be made on the host a browser visits.",
};

/** Echoed URLs are cut short: the value is attacker-controlled and ends up in logs. */
const MAX_ECHO = 2048;

function invalid(
  reason: RedirectUrlInvalidReason,
  url: string,
): Result<never, RedirectAuthorizationError> {
  return err(
    apexError('REDIRECT_URL_INVALID', { reason, url: url.slice(0, MAX_ECHO) }, urlMessages[reason]),
  );
}

/** A fresh object per call (not frozen: freezing costs a fifth of a URL parse, and a caller
 * changing its own copy affects nothing here; the policy's own entries stay frozen). */
const accept = (match: RedirectMatch, url: string): Result<RedirectAuthorization, never> =>
  ok({ domainId: match.domainId, patternId: match.patternId, url });

/** `http:` or `https:` on a loopback host. The scheme check matters: a canonical text skips the
 * raw scan, and `javascript://localhost/%0a…` has a loopback host too. */
function isLoopback(protocol: string, host: string): boolean {
  if (protocol !== 'http:' && protocol !== 'https:') return false;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/**
 * Compiles an organization's verified domains and redirect patterns into an immutable
 * policy. All normalization and indexing happens here; `authorize` costs the same with
 * 1 or 10 000 patterns, and at most linear time in the URL (itself capped).
 */
export function compileRedirectPolicy(
  input: RedirectPolicyInput,
  options: RedirectPolicyOptions = {},
): RedirectPolicy {
  const index = buildIndex(input.domains ?? [], input.patterns ?? [], options.suffixes);
  const allowLoopback = options.allowHttpLocalhost === true;
  // `URL#port` is a string without the default port, so compare strings.
  const ports = new Set(
    (options.allowedPorts ?? [])
      .filter((p) => Number.isInteger(p) && p > 0 && p <= 65535)
      .map((p) => String(p)),
  );

  /** The index entry of a host; a host longer than every indexed one is not hashed. */
  const lookUp = (host: string) =>
    host.length <= index.longestHost ? index.hosts.get(host) : undefined;

  function authorize(url: string): Result<RedirectAuthorization, RedirectAuthorizationError> {
    const raw = typeof url === 'string' ? url : '';
    // Before any parsing: cost is bounded by the cap, whatever the shape of the text.
    if (raw.length > MAX_REDIRECT_URL_LENGTH) return invalid('too_long', raw);
    // A plain URL is its own serialization with a host that maps to itself and a path with no
    // `%`, `;`, dot segment, `#` or `@`: every check of the full path passes on it, so only the
    // decision on host and path is left (proved equal to the full path by a property test).
    const plain = plainFastPath.enabled ? readPlainUrl(raw) : null;
    if (plain !== null) {
      const { host, pathname } = plain;
      return decide(raw, raw, host, pathname, false, 'https:', '', lookUp(host));
    }
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      return invalid(findRawUrlProblem(raw) ?? 'malformed', raw);
    }
    // Each getter is read once: `pathname` and `hostname` slice the serialization afresh.
    const href = parsed.href;
    const pathname = parsed.pathname;
    const host = parsed.hostname;
    // 1. Syntax: the raw text, or (when the parser kept it verbatim) what can survive parsing.
    const canonical = href === raw;
    const pathHasPercent = pathname.includes('%');
    const problem = canonical
      ? findCanonicalUrlProblem(raw, pathname, pathHasPercent)
      : findRawUrlProblem(raw);
    if (problem !== null) return invalid(problem, raw);
    // A canonical URL names its host as written; when that is a host of the index (spelt by
    // `normalizeHost`, which maps it to itself) the two readings agree without a check.
    const entry = lookUp(host);
    if (!canonical || entry === undefined) {
      const hostProblem = findHostProblem(raw, host, canonical);
      if (hostProblem !== null) return invalid(hostProblem, raw);
    }
    const protocol = allowLoopback ? parsed.protocol : '';
    return decide(raw, href, host, pathname, pathHasPercent, protocol, parsed.port, entry);
  }

  /**
   * The decision on a URL whose syntax and host passed: loopback, scheme, port, then the
   * verified domain governing the host and its patterns. `href` is the parser's serialization
   * (A-label host agreeing with UTS #46, default port dropped); `entry` is `lookUp(host)`.
   */
  function decide(
    raw: string,
    href: string,
    host: string,
    pathname: string,
    pathHasPercent: boolean,
    protocol: string,
    port: string,
    entry: ReturnType<typeof lookUp>,
  ): Result<RedirectAuthorization, RedirectAuthorizationError> {
    if (allowLoopback && isLoopback(protocol, host)) return accept(LOOPBACK, href);
    if (!hasHttpsScheme(raw)) return invalid('scheme', raw);
    if (port !== '' && !ports.has(port)) return invalid('port', raw);

    // 2. The verified domain governing the host, then its patterns.
    let domain: CompiledDomain | undefined;
    let prefixes: PrefixNode | undefined;
    if (entry !== undefined) {
      domain = entry.domain;
      prefixes = entry.prefixes;
    } else {
      const parent = findParentDomain(index.tree, index.treeDepth, host);
      if (parent === EMPTY_LABEL) return invalid('malformed', raw);
      domain = parent;
    }
    if (domain === undefined) {
      return err(apexError('REDIRECT_URL_DOMAIN_NOT_VERIFIED', { host }));
    }
    if (domain.patternCount === 0) return accept(domain.anyPath, href);
    const path = pathHasPercent ? normalizePercentEncoding(pathname) : pathname;
    const match = prefixes === undefined ? undefined : longestPrefix(prefixes, path);
    if (match === undefined) {
      return err(apexError('REDIRECT_URL_PATTERN_NOT_REGISTERED', { host, path: pathname }));
    }
    return accept(match, href);
  }

  return Object.freeze({ authorize, ignored: index.ignored });
}
