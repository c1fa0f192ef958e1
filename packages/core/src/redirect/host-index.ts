// The precompiled lookup structures behind a RedirectPolicy. Two lookups per decision, both
// independent of how many patterns exist:
// - domain: walk the host's label suffixes (longest first) through a Map of subjects;
// - pattern: walk the path's ancestors (longest first) through a Map of that host's prefixes.

import { canonicalPathPrefix } from './pattern.js';

/** What `authorize` answers on success. Prebuilt and frozen, so accepting allocates nothing. */
export interface RedirectAuthorization {
  readonly domainId: string;
  /** The matched pattern, or null when the domain has no patterns (any host and path accepted). */
  readonly patternId: string | null;
}

/** One verified domain as `compileRedirectPolicy` receives it. */
export interface RedirectPolicyDomain {
  readonly id: string;
  /** The verified subject: a registrable domain, or an exact host in hostname mode. */
  readonly apex: string;
  /** Hostname mode: only `apex` itself matches, never its subdomains [false]. */
  readonly exact?: boolean;
}

/** One registered pattern as `compileRedirectPolicy` receives it (a RedirectPatternRecord fits). */
export interface RedirectPolicyPattern {
  readonly id: string;
  readonly domainId: string;
  readonly host: string;
  readonly pathPrefix: string;
}

/** Keys (path prefixes, or routes) with the lengths that occur, so lookups can skip the Map. */
export interface PrefixTable {
  readonly byKey: Map<string, RedirectAuthorization>;
  /** Length of the longest key: longer candidates cannot match and are skipped. */
  readonly maxLength: number;
  /** `hasLength[n]` is 1 when some key is n characters long. */
  readonly hasLength: Uint8Array;
}

export interface CompiledDomain {
  readonly id: string;
  /** Patterns listed for this domain, including ones that can never match (fail closed). */
  patternCount: number;
  /** The answer when the domain has no patterns. */
  readonly anyPath: RedirectAuthorization;
}

/** What one exact host resolves to: its governing domain and the prefixes registered for it. */
export interface HostEntry {
  readonly domain: CompiledDomain;
  readonly prefixes: PrefixTable | undefined;
}

export interface RedirectIndex {
  /**
   * Every host named by a subject or a pattern, resolved at compile time. A URL on one of
   * these hosts costs a single Map lookup.
   */
  readonly hosts: Map<string, HostEntry>;
  /** Subjects that also cover their subdomains, for hosts not in `hosts`. */
  readonly tree: Map<string, CompiledDomain>;
}

/** `findParentDomain` answer for a host with an empty label (`.a.co`, `a..co`, `a.co.`). */
export const EMPTY_LABEL = 'empty_label';

/**
 * Lowercase ASCII without a trailing dot; null for anything that cannot be a host (empty,
 * or with an empty label).
 */
function canonicalName(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return null;
  const lower = name.toLowerCase();
  const trimmed = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  if (trimmed.length === 0 || trimmed.startsWith('.') || trimmed.endsWith('.')) return null;
  return trimmed.includes('..') ? null : trimmed;
}

/**
 * The longest non-exact subject that is a proper parent of `host` on a label boundary
 * (`evilacme.co` never matches `acme.co`), walking the host's suffixes longest first:
 * O(labels) Map lookups. Hosts with an empty label are reported, not matched.
 */
export function findParentDomain(
  tree: Map<string, CompiledDomain>,
  host: string,
): CompiledDomain | typeof EMPTY_LABEL | undefined {
  let previous = -1;
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
    if (dot === previous + 1 || dot === host.length - 1) return EMPTY_LABEL;
    const parent = tree.get(host.slice(dot + 1));
    if (parent !== undefined) return parent;
    previous = dot;
  }
  return undefined;
}

/**
 * Builds the index. Input is trusted storage data, but a bad row never widens what is
 * accepted: the first domain listed for a subject wins; a pattern with an unknown domain id
 * is ignored; a pattern whose host lies outside its domain or whose prefix is not a valid
 * path still counts as a pattern of its domain (so the domain stops accepting "anything")
 * but never matches.
 */
export function buildIndex(
  domains: readonly RedirectPolicyDomain[],
  patterns: readonly RedirectPolicyPattern[],
): RedirectIndex {
  const exact = new Map<string, CompiledDomain>();
  const tree = new Map<string, CompiledDomain>();
  const byId = new Map<string, { domain: CompiledDomain; subject: string; exact: boolean }>();
  for (const input of domains) {
    const subject = canonicalName(input.apex);
    if (subject === null || typeof input.id !== 'string' || byId.has(input.id)) continue;
    const isExact = input.exact === true;
    const map = isExact ? exact : tree;
    if (map.has(subject)) continue;
    const domain: CompiledDomain = {
      id: input.id,
      patternCount: 0,
      anyPath: Object.freeze({ domainId: input.id, patternId: null }),
    };
    map.set(subject, domain);
    byId.set(input.id, { domain, subject, exact: isExact });
  }

  // Prefixes per (domain, host). A host can carry patterns of several domains; only the
  // domain that governs the host is ever consulted for it.
  const prefixesOf = new Map<CompiledDomain, Map<string, Map<string, RedirectAuthorization>>>();
  for (const pattern of patterns) {
    const owner = byId.get(pattern.domainId);
    if (owner === undefined) continue;
    owner.domain.patternCount++;
    const host = canonicalName(pattern.host);
    if (host === null) continue;
    const inside = host === owner.subject || (!owner.exact && host.endsWith(`.${owner.subject}`));
    if (!inside || typeof pattern.pathPrefix !== 'string') continue;
    const canonical = canonicalPathPrefix(pattern.pathPrefix);
    if (!canonical.ok) continue;
    const prefix = canonical.prefix;
    let hosts = prefixesOf.get(owner.domain);
    if (hosts === undefined) {
      hosts = new Map();
      prefixesOf.set(owner.domain, hosts);
    }
    let byPrefix = hosts.get(host);
    if (byPrefix === undefined) {
      byPrefix = new Map();
      hosts.set(host, byPrefix);
    }
    if (byPrefix.has(prefix)) continue;
    byPrefix.set(prefix, Object.freeze({ domainId: owner.domain.id, patternId: pattern.id }));
  }

  // Resolve every named host once, here, with the same longest-subject rule as at run time.
  const governing = (host: string): CompiledDomain | undefined => {
    const own = exact.get(host) ?? tree.get(host);
    if (own !== undefined) return own;
    const parent = findParentDomain(tree, host);
    return parent === EMPTY_LABEL ? undefined : parent;
  };
  const hosts = new Map<string, HostEntry>();
  const named = [
    ...exact.keys(),
    ...tree.keys(),
    ...[...prefixesOf.values()].flatMap((m) => [...m.keys()]),
  ];
  for (const host of named) {
    if (hosts.has(host)) continue;
    const domain = governing(host);
    if (domain === undefined) continue;
    const byPrefix = prefixesOf.get(domain)?.get(host);
    const prefixes = byPrefix === undefined ? undefined : prefixTable(byPrefix);
    hosts.set(host, Object.freeze({ domain, prefixes }));
  }
  return { hosts, tree };
}

export function prefixTable(byKey: Map<string, RedirectAuthorization>): PrefixTable {
  let maxLength = 0;
  for (const key of byKey.keys()) maxLength = Math.max(maxLength, key.length);
  const hasLength = new Uint8Array(maxLength + 1);
  for (const key of byKey.keys()) hasLength[key.length] = 1;
  return Object.freeze({ byKey, maxLength, hasLength });
}

/**
 * The pattern with the longest prefix that `path` equals or continues after a `/`
 * (`/oauth` covers `/oauth`, `/oauth/` and `/oauth/cb`, never `/oauthx`; `/` covers all).
 * Checks at most one Map entry per ancestor of the path no longer than the longest prefix.
 */
export function longestPrefix(entry: PrefixTable, path: string): RedirectAuthorization | undefined {
  const { byKey, maxLength, hasLength } = entry;
  if (path.length <= maxLength && hasLength[path.length] === 1) {
    const whole = byKey.get(path);
    if (whole !== undefined) return whole;
  }
  // Ancestors end just before a `/`; an ancestor of length n ends before index n. A plain
  // backwards loop: `lastIndexOf` is a call into the runtime and costs more than the scan.
  for (let i = Math.min(maxLength, path.length - 1); i > 0; i--) {
    if (path.charCodeAt(i) !== 0x2f || hasLength[i] !== 1) continue;
    const found = byKey.get(path.slice(0, i));
    if (found !== undefined) return found;
  }
  return byKey.get('/');
}
