// Redirect patterns (DESIGN §7): `https://[subdomain.]<apex>[/path]`, parsed into the exact
// host they admit and a canonical path prefix. The canonical prefix is what the compiled
// policy compares incoming paths against, so it is spelled exactly as the WHATWG parser
// spells a path (non-ASCII percent-encoded) after percent-encoding normalization.

import { err, ok, type Result } from 'neverthrow';
import { toApex } from '../apex/normalize.js';
import type { ApexPolicy } from '../apex/policy.js';
import { type ApexproofError, apexError, type RedirectPatternInvalidReason } from '../errors.js';
import { isWellFormedPercentEncoding, normalizePercentEncoding } from './percent.js';
import {
  findPathProblem,
  isControl,
  isSpace,
  schemeLength,
  startsWithIgnoringCase,
} from './url-checks.js';

/** The object form: `subdomain` empty or absent registers the apex itself; `path` defaults to `/`. */
export interface RedirectPatternParts {
  subdomain?: string;
  apex: string;
  path?: string;
}

/**
 * A parsed redirect pattern (`parseRedirectPattern`): the exact host it admits, that host's apex,
 * and the canonical path prefix incoming paths are matched against on a segment boundary.
 */
export interface RedirectPattern {
  /** The one host the pattern admits, ASCII lowercase (A-labels). */
  readonly host: string;
  /** The registrable domain (eTLD+1) of `host`. */
  readonly apex: string;
  /** Canonical path prefix: starts with `/`, no trailing `/` except the root `/`. */
  readonly pathPrefix: string;
}

/**
 * The error `parseRedirectPattern` answers; `details.reason` is a `RedirectPatternInvalidReason`.
 */
export type RedirectPatternError = ApexproofError<'REDIRECT_PATTERN_INVALID'>;

/**
 * Longest pattern (URL form, or the path of the object form) read at all, in UTF-16 code
 * units: longer is refused before any parsing, so cost never depends on what follows.
 */
export const MAX_PATTERN_LENGTH = 2048;

/**
 * Most segments in a pattern's path. Matching walks an incoming path one segment per level of
 * the registered prefixes, so this bounds the work per URL whatever the path's depth.
 */
export const MAX_PATTERN_SEGMENTS = 32;

const messages: { readonly [R in RedirectPatternInvalidReason]: string } = {
  malformed: 'The redirect pattern is not of the form https://[subdomain.]<domain>[/path].',
  scheme: 'The redirect pattern must start with https://.',
  userinfo: 'The redirect pattern must not contain credentials (user@).',
  port: 'The redirect pattern must not name a port.',
  query: 'The redirect pattern must not contain a query string (?).',
  fragment: 'The redirect pattern must not contain a fragment (#).',
  backslash: 'The redirect pattern must not contain a backslash.',
  dot_segment: 'The path of the redirect pattern must not contain . or .. segments.',
  encoded_separator:
    'The path of the redirect pattern must not contain %2F, %5C, %2E, %25 (an encoded %) or overlong UTF-8.',
  path: 'The path of the redirect pattern is not valid.',
  host: 'The host of the redirect pattern is not a valid domain name.',
  too_long: `The redirect pattern is longer than ${MAX_PATTERN_LENGTH} characters or its path has more than ${MAX_PATTERN_SEGMENTS} segments.`,
};

function refuse(
  reason: RedirectPatternInvalidReason,
  input: string,
  message: string = messages[reason],
): Result<never, RedirectPatternError> {
  return err(apexError('REDIRECT_PATTERN_INVALID', { reason, input }, message));
}

/** Refusal for a character that may appear nowhere in a pattern, or null. */
function characterProblem(c: number): RedirectPatternInvalidReason | null {
  if (isControl(c) || isSpace(c)) return 'malformed';
  if (c === 0x5c) return 'backslash';
  if (c === 0x23) return 'fragment';
  if (c === 0x3f) return 'query';
  return null;
}

/** True for characters that can never be part of a host name written in a pattern. */
export function isForbiddenInHostPart(c: number): boolean {
  return (
    isControl(c) ||
    isSpace(c) ||
    c === 0x2f || // /
    c === 0x5c || // \
    c === 0x3f || // ?
    c === 0x23 || // #
    c === 0x40 || // @
    c === 0x3a || // :
    c === 0x25 || // %
    c === 0x5b || // [
    c === 0x5d // ]
  );
}

/** A canonical prefix, or why the path was refused and a message saying what to fix. */
export type CanonicalPath =
  | { readonly ok: true; readonly prefix: string }
  | { readonly ok: false; readonly reason: RedirectPatternInvalidReason; readonly message: string };

const pathRefusal = (
  reason: RedirectPatternInvalidReason,
  message: string = messages[reason],
): CanonicalPath => ({ ok: false, reason, message });

/**
 * Canonical form of a pattern path, or why it is refused. Shared with the compiled policy,
 * which canonicalizes stored prefixes the same way.
 */
export function canonicalPathPrefix(path: string): CanonicalPath {
  if (path.length > MAX_PATTERN_LENGTH) return pathRefusal('too_long');
  if (path.charCodeAt(0) !== 0x2f) return pathRefusal('path', 'The path must start with /.');
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (isControl(c) || isSpace(c)) {
      return pathRefusal('path', 'The path must not contain white space or control characters.');
    }
    const problem = characterProblem(c);
    if (problem !== null) return pathRefusal(problem);
  }
  if (!isWellFormedPercentEncoding(path)) {
    return pathRefusal('path', 'Every % in the path must start an escape of two hex digits.');
  }
  const syntax = findPathProblem(path, 0, path.length);
  if (syntax === 'control_character') {
    return pathRefusal(
      'path',
      'The path must not contain encoded control characters (%00-%1F, %7F).',
    );
  }
  if (syntax === 'malformed') return pathRefusal('path');
  if (syntax !== null) return pathRefusal(syntax);
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  // Empty segments (`//`, or a trailing `//`) are refused: servers collapse them differently.
  if (trimmed.includes('//') || (trimmed.length > 1 && trimmed.endsWith('/'))) {
    return pathRefusal('path', 'The path must not contain an empty segment (//).');
  }
  let segments = 0;
  for (let i = trimmed.indexOf('/'); i !== -1; i = trimmed.indexOf('/', i + 1)) segments++;
  if (segments > MAX_PATTERN_SEGMENTS) return pathRefusal('too_long');
  let encoded: string;
  try {
    // A fixed base: only the path matters, and it is spelled exactly as incoming URLs are.
    encoded = new URL(trimmed, 'https://pattern.invalid').pathname;
  } catch {
    return pathRefusal('path');
  }
  return { ok: true, prefix: normalizePercentEncoding(encoded) };
}

function build(
  host: string,
  path: string,
  input: string,
  policy: ApexPolicy | undefined,
  requiredApexHost: string | null,
): Result<RedirectPattern, RedirectPatternError> {
  const canonical = canonicalPathPrefix(path);
  if (!canonical.ok) return refuse(canonical.reason, input, canonical.message);
  const normalized = toApex(host, policy);
  if (normalized.isErr()) {
    const why = normalized.error.details.reason;
    return refuse('host', input, `${messages.host} (${why})`);
  }
  const { host: asciiHost, apex } = normalized.value;
  // Defence in depth: the host must still lie under the apex the caller named.
  if (
    requiredApexHost !== null &&
    asciiHost !== requiredApexHost &&
    !asciiHost.endsWith(`.${requiredApexHost}`)
  ) {
    return refuse('host', input);
  }
  return ok(Object.freeze({ host: asciiHost, apex, pathPrefix: canonical.prefix }));
}

function parseUrlForm(
  input: string,
  policy: ApexPolicy | undefined,
): Result<RedirectPattern, RedirectPatternError> {
  for (let i = 0; i < input.length; i++) {
    const problem = characterProblem(input.charCodeAt(i));
    if (problem !== null) return refuse(problem, input);
  }
  if (!startsWithIgnoringCase(input, 'https://')) {
    const scheme = input.slice(0, schemeLength(input)).toLowerCase();
    return refuse(scheme === 'https:' ? 'malformed' : 'scheme', input);
  }
  const slash = input.indexOf('/', 8);
  const authorityEnd = slash === -1 ? input.length : slash;
  const authority = input.slice(8, authorityEnd);
  if (authority.length === 0) return refuse('malformed', input);
  if (authority.includes('@')) return refuse('userinfo', input);
  if (authority.includes(':') && authority.charCodeAt(0) !== 0x5b) return refuse('port', input);
  for (let i = 0; i < authority.length; i++) {
    if (isForbiddenInHostPart(authority.charCodeAt(i))) return refuse('host', input);
  }
  const path = slash === -1 ? '/' : input.slice(slash);
  return build(authority, path, input, policy, null);
}

function parsePartsForm(
  parts: RedirectPatternParts,
  policy: ApexPolicy | undefined,
): Result<RedirectPattern, RedirectPatternError> {
  const { subdomain, apex, path } = parts;
  const validSubdomain =
    subdomain === undefined || subdomain === null || typeof subdomain === 'string';
  const validPath = path === undefined || path === null || typeof path === 'string';
  if (typeof apex !== 'string' || !validSubdomain || !validPath) {
    return refuse('malformed', typeof apex === 'string' ? apex : '');
  }
  const sub = subdomain ?? '';
  const pathText = path === undefined || path === null || path === '' ? '/' : path;
  if (sub.length + apex.length + pathText.length > MAX_PATTERN_LENGTH) {
    return refuse('too_long', `https://${apex.slice(0, 256)}`);
  }
  const host = sub === '' ? apex : `${sub}.${apex}`;
  const input = `https://${host}${pathText === '/' ? '' : pathText}`;
  if (apex.length === 0) return refuse('host', input);
  for (const text of [sub, apex]) {
    for (let i = 0; i < text.length; i++) {
      if (isForbiddenInHostPart(text.charCodeAt(i))) return refuse('host', input);
    }
  }
  // `toApex`, not `normalizeHost`: the named domain itself must not be a public suffix.
  const apexHost = toApex(apex, policy);
  if (apexHost.isErr()) {
    return refuse('host', input, `${messages.host} (${apexHost.error.details.reason})`);
  }
  return build(host, pathText, input, policy, apexHost.value.host);
}

/**
 * Parses a redirect pattern given as `https://host[/path]` or as `{ subdomain?, apex, path? }`.
 * Never throws: every problem is a `REDIRECT_PATTERN_INVALID` error whose `details.reason`
 * says what to fix. The object form's `apex` may itself be a subdomain (a hostname-mode
 * subject); the result's `apex` is always the registrable domain of the resulting host.
 */
export function parseRedirectPattern(
  input: string | RedirectPatternParts,
  policy?: ApexPolicy,
): Result<RedirectPattern, RedirectPatternError> {
  if (typeof input === 'string') {
    return input.length > MAX_PATTERN_LENGTH
      ? refuse('too_long', input.slice(0, MAX_PATTERN_LENGTH))
      : parseUrlForm(input, policy);
  }
  if (typeof input === 'object' && input !== null) return parsePartsForm(input, policy);
  return refuse('malformed', '');
}
