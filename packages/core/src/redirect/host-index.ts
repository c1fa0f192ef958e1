// The precompiled lookup structures behind a RedirectPolicy. Two lookups per decision, both
// independent of how many patterns exist:
// - domain: walk the host's label suffixes (at most as many labels as the deepest subject)
//   through a Map of subjects;
// - pattern: walk the path's segments through a trie of that host's prefixes.

import { normalizeHost } from '../apex/normalize.js';
import { isRefusal } from '../apex/refusal.js';
import { apexOf, type SuffixPolicy } from '../apex/suffix.js';
import { canonicalPathPrefix, isForbiddenInHostPart } from './pattern.js';
import { type PrefixNode, prefixTrie, type RedirectMatch } from './prefix-trie.js';

/** What `authorize` answers on success. */
export interface RedirectAuthorization extends RedirectMatch {
  /**
   * The URL to redirect to: the canonical serialization of the accepted URL (A-label host,
   * default port dropped, path and query as judged). Never redirect to the raw input.
   */
  readonly url: string;
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
  /** A domain whose subject is a public suffix (`com`, `co.uk`, `github.io`): never usable. */
  | 'public_suffix'
  /** A domain whose subject's suffix is not on the Public Suffix List (unless the policy allows). */
  | 'unknown_suffix'
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

export interface CompiledDomain {
  readonly id: string;
  /** Patterns listed for this domain, including ones that can never match (fail closed). */
  patternCount: number;
  /** The answer when the domain has no patterns. */
  readonly anyPath: RedirectMatch;
}

/** What one exact host resolves to: its governing domain and the prefixes registered for it. */
export interface HostEntry {
  readonly domain: CompiledDomain;
  readonly prefixes: PrefixNode | undefined;
}

export interface RedirectIndex {
  /**
   * Every host named by a subject or a pattern, resolved at compile time. A URL on one of
   * these hosts costs a single Map lookup.
   */
  readonly hosts: Map<string, HostEntry>;
  /**
   * Length of the longest key of `hosts`: a longer host is not looked up, so it is not hashed
   * (hashing a fresh 250-octet host costs about as much as parsing its URL).
   */
  readonly longestHost: number;
  /** Subjects that also cover their subdomains, for hosts not in `hosts`. */
  readonly tree: Map<string, CompiledDomain>;
  /** Most labels of a subject in `tree`: longer suffixes of a host cannot match. */
  readonly treeDepth: number;
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
 * (`evilacme.co` never matches `acme.co`). Walks the host from the right and looks up only the
 * suffixes of at most `depth` labels (the deepest subject), so a host of many labels costs
 * what a host of `depth` labels costs. A host with a root dot is reported, not matched.
 */
export function findParentDomain(
  tree: Map<string, CompiledDomain>,
  depth: number,
  host: string,
): CompiledDomain | typeof EMPTY_LABEL | undefined {
  // Hosts reach here judged by `findHostProblem` (or are subjects already normalized): no
  // label is empty except the root one, which is reported.
  const last = host.length - 1;
  if (host.charCodeAt(last) === 0x2e) return EMPTY_LABEL;
  let found: CompiledDomain | undefined;
  let labels = 0;
  for (let i = last; i > 0 && labels < depth; i--) {
    if (host.charCodeAt(i) !== 0x2e) continue;
    labels++;
    const parent = tree.get(host.slice(i + 1));
    if (parent !== undefined) found = parent;
  }
  return found;
}

/**
 * Builds the index. A bad entry never widens what is accepted: a domain whose subject is not
 * a host name, or is a public suffix or under an unknown suffix (`suffixes` as in `toApex`),
 * is left out; the first domain listed for an id or subject wins; a pattern with
 * an unknown domain id is left out; a pattern whose host is not a host name or lies outside
 * its domain, or whose prefix `parseRedirectPattern` would refuse, still counts as a pattern
 * of its domain (so the domain stops accepting "anything") but never matches. Every entry
 * left out or never matching is listed in `ignored`.
 */
export function buildIndex(
  domains: readonly RedirectPolicyDomain[],
  patterns: readonly RedirectPolicyPattern[],
  suffixes: SuffixPolicy = {},
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
    // A public suffix is nobody's domain: `com` as a subject would cover every `.com` host.
    const registrable = apexOf(subject, subject, suffixes);
    if (isRefusal(registrable)) {
      ignore(
        'domain',
        input.id,
        registrable.reason === 'public_suffix' ? 'public_suffix' : 'unknown_suffix',
      );
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
  const prefixesOf = new Map<CompiledDomain, Map<string, Map<string, RedirectMatch>>>();
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

  let treeDepth = 0;
  for (const subject of tree.keys()) treeDepth = Math.max(treeDepth, subject.split('.').length);
  // Resolve every named host once, here, with the same longest-subject rule as at run time.
  const governing = (host: string): CompiledDomain | undefined => {
    const own = exact.get(host) ?? tree.get(host);
    if (own !== undefined) return own;
    const parent = findParentDomain(tree, treeDepth, host);
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
    const prefixes = byPrefix === undefined ? undefined : prefixTrie(byPrefix);
    hosts.set(host, Object.freeze({ domain, prefixes }));
  }
  let longestHost = 0;
  for (const host of hosts.keys()) longestHost = Math.max(longestHost, host.length);
  return { hosts, longestHost, tree, treeDepth, ignored: Object.freeze(ignored) };
}
