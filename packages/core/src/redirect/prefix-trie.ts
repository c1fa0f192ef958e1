// The path prefixes registered for one host, as a trie of path segments. A lookup walks the
// incoming path's segments once from the root, so its cost is linear in the path and does not
// depend on how many prefixes exist or how many distinct lengths they have (a table keyed by
// whole prefixes must hash one fresh slice per candidate length: quadratic in a deep path).

/** What a matched pattern (or a domain without patterns) answers, before the URL is added. */
export interface RedirectMatch {
  readonly domainId: string;
  /** The matched pattern, or null when the domain has no patterns (any host and path accepted). */
  readonly patternId: string | null;
}

/** One node: the pattern whose prefix ends here, and the next segments. */
export interface PrefixNode {
  match: RedirectMatch | undefined;
  children: Map<string, PrefixNode> | undefined;
}

/**
 * Builds the trie of canonical prefixes (`/`, `/oauth`, `/oauth/cb`: no empty segment, no
 * trailing `/` except the root). The first pattern given for a prefix wins.
 */
export function prefixTrie(byPrefix: ReadonlyMap<string, RedirectMatch>): PrefixNode {
  const root: PrefixNode = { match: undefined, children: undefined };
  for (const [prefix, match] of byPrefix) {
    let node = root;
    if (prefix !== '/') {
      for (const segment of prefix.slice(1).split('/')) {
        node.children ??= new Map();
        let next = node.children.get(segment);
        if (next === undefined) {
          next = { match: undefined, children: undefined };
          node.children.set(segment, next);
        }
        node = next;
      }
    }
    node.match ??= match;
  }
  return root;
}

/**
 * The pattern with the longest prefix that `path` equals or continues after a `/`
 * (`/oauth` covers `/oauth`, `/oauth/` and `/oauth/cb`, never `/oauthx`; `/` covers all).
 * One Map lookup per segment of `path`, stopping at the first segment no prefix continues.
 */
export function longestPrefix(root: PrefixNode, path: string): RedirectMatch | undefined {
  let best = root.match;
  let node = root;
  let start = 1;
  while (node.children !== undefined && start <= path.length) {
    const slash = path.indexOf('/', start);
    const end = slash === -1 ? path.length : slash;
    const next = node.children.get(path.slice(start, end));
    if (next === undefined) break;
    node = next;
    if (node.match !== undefined) best = node.match;
    if (slash === -1) break;
    start = slash + 1;
  }
  return best;
}
