// The precompiled lookup structures behind a RedirectPolicy. Two lookups per decision, both
// independent of how many patterns exist:
// - domain: walk the host's label suffixes (longest first) through a Map of subjects;
// - pattern: walk the path's ancestors (longest first) through a Map of that host's prefixes.

import { normalizeHost } from '../apex/normalize.js';
import { canonicalPathPrefix, isForbiddenInHostPart } from './pattern.js';

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

/** Why `compileRedirectPolicy` left an input entry out. */
export type RedirectPolicyIgnoredReason =
  /** `apex` or `host` is not a host name (an IP, a URL, a port, an empty label…). */
  | 'invalid_host'
  /** A domain whose id or subject an earlier domain already has: the first one wins. */
  | 'duplicate'
  /** A pattern whose `domainId` names no domain of the input. */
  | 'unknown_domain'
  /** A pattern whose host is not its domain's subject or (non-exact) a subdomain of it. */
  | 'host_outside_domain'
  /** A pattern whose `pathPrefix` `parseRedirectPattern` would refuse. */
  | 'invalid_path';

/** One entry left out of a compiled policy. Only patterns of a known domain still count. */
export interface RedirectPolicyIgnoredEntry {
  readonly kind: 'domain' | 'pattern';
  readonly id: string;
  readonly reason: RedirectPolicyIgnoredReason;
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
  /** Entries left out, in input order. */
  readonly ignored: readonly RedirectPolicyIgnoredEntry[];
}

/** `findParentDomain` answer for a host with an empty label (`.a.co`, `a..co`, `a.co.`). */
export const EMPTY_LABEL = 'empty_label';

/**
 * The canonical spelling of a subject or pattern host: the core's `normalizeHost` (A-labels,
 * lowercase, no trailing dot), so `münchen.de`, `XN--MNCHEN-3YA.DE.` and the host a URL parser
 * reports are one key. Null for anything that is not a bare host name: a URL, a port or a path
 * is refused, never cut down to a host. The IDN policy is not applied again (`idn: 'allow'`):
 * it was applied when the domain or pattern was registered; here only the spelling matters.
 */
function canonicalName(name: unknown, memo: Map<string, string | null>): string | null {
  if (typeof name !== 'string' || name.length === 0) return null;
  const known = memo.get(name);
  if (known !== undefined) return known;
  let host: string | null = null;
  let bare = true;
  for (let i = 0; i < name.length && bare; i++) bare = !isForbiddenInHostPart(name.charCodeAt(i));
  if (bare) {
    const normalized = normalizeHost(name, { idn: 'allow' });
    if (normalized.isOk()) host = normalized.value.host;
  }
  memo.set(name, host);
  return host;
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
 * Builds the index. A bad entry never widens what is accepted: a domain whose subject is not
 * a host name is left out; the first domain listed for an id or subject wins; a pattern with
 * an unknown domain id is left out; a pattern whose host is not a host name or lies outside
 * its domain, or whose prefix `parseRedirectPattern` would refuse, still counts as a pattern
 * of its domain (so the domain stops accepting "anything") but never matches. Every entry
 * left out or never matching is listed in `ignored`.
 */
export function buildIndex(
  domains: readonly RedirectPolicyDomain[],
  patterns: readonly RedirectPolicyPattern[],
): RedirectIndex {
  const exact = new Map<string, CompiledDomain>();
  const tree = new Map<string, CompiledDomain>();
  const byId = new Map<string, { domain: CompiledDomain; subject: string; exact: boolean }>();
  const ignored: RedirectPolicyIgnoredEntry[] = [];
  const ignore = (
    kind: RedirectPolicyIgnoredEntry['kind'],
    id: unknown,
    reason: RedirectPolicyIgnoredReason,
  ) => ignored.push(Object.freeze({ kind, id: typeof id === 'string' ? id : '', reason }));
  const memo = new Map<string, string | null>();
  for (const input of domains) {
    const subject = canonicalName(input.apex, memo);
    if (subject === null || typeof input.id !== 'string') {
      ignore('domain', input.id, 'invalid_host');
      continue;
    }
    const isExact = input.exact === true;
    const map = isExact ? exact : tree;
    if (byId.has(input.id) || map.has(subject)) {
      ignore('domain', input.id, 'duplicate');
      continue;
    }
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
    if (owner === undefined) {
      ignore('pattern', pattern.id, 'unknown_domain');
      continue;
    }
    owner.domain.patternCount++;
    const host = canonicalName(pattern.host, memo);
    if (host === null) {
      ignore('pattern', pattern.id, 'invalid_host');
      continue;
    }
    const inside = host === owner.subject || (!owner.exact && host.endsWith(`.${owner.subject}`));
    if (!inside) {
      ignore('pattern', pattern.id, 'host_outside_domain');
      continue;
    }
    // The same validation as `parseRedirectPattern`: a prefix given here is not trusted more.
    const canonical =
      typeof pattern.pathPrefix === 'string' ? canonicalPathPrefix(pattern.pathPrefix) : null;
    if (canonical === null || !canonical.ok) {
      ignore('pattern', pattern.id, 'invalid_path');
      continue;
    }
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
  return { hosts, tree, ignored: Object.freeze(ignored) };
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
