// @apexproof/authoritative — a DnsResolver that asks a zone's own servers (Node: node:dgram,
// node:net). Recursive resolvers cache answers, negative ones too; the zone's servers say what
// is published now, and asking every one of them shows a server that lags behind.
import type { DnsResolver, DnsResult, TxtRecord } from '@apexproof/core';
import { ZoneCutCache } from './cache.js';
import { gather } from './gather.js';
import type { QueryType } from './message.js';
import { checkedName } from './names.js';
import { type AuthoritativeResolverOptions, resolveOptions } from './options.js';
import { locate, type Walker } from './walk.js';

export type { AuthoritativeResolverOptions, QueryEvent } from './options.js';
export { IANA_ROOTS } from './options.js';

export interface AuthoritativeResolver extends DnsResolver {
  /** Zone cuts currently cached. */
  readonly cachedZones: () => number;
  /** Forgets every cached zone cut and name-server address. */
  readonly clearCache: () => void;
}

/**
 * Creates a DnsResolver asking every authoritative server of the zone that holds a name.
 * Throws a TypeError for a configuration mistake; lookups never reject.
 */
export function createAuthoritativeResolver(
  options: AuthoritativeResolverOptions = {},
): AuthoritativeResolver {
  const settings = resolveOptions(options);
  const cache = new ZoneCutCache(settings.cacheSize, settings.maxCacheTtlSeconds, settings.now);
  const addresses = new ZoneCutCache(settings.cacheSize, settings.maxCacheTtlSeconds, settings.now);
  const resolve = async <R>(
    walker: Walker,
    name: string,
    type: QueryType,
    depth: number,
  ): Promise<DnsResult<R>> => {
    const located = await locate(walker, name, type, depth);
    if (!located.ok) return { ok: false, failures: located.failures };
    return gather<R>(walker, located.value, name, type, depth, (next, t, d) =>
      resolve(walker, next, t, d),
    );
  };

  async function lookup<R>(rawName: string, type: 'TXT' | 'NS'): Promise<DnsResult<R>> {
    const name = checkedName(rawName);
    if (name === undefined) {
      const detail = `invalid query name ${JSON.stringify(String(rawName)).slice(0, 80)}`;
      return { ok: false, failures: [{ kind: 'malformed', resolver: 'input', detail }] };
    }
    try {
      // Each lookup gets its own query budget; the caches are shared.
      const walker: Walker = { settings, cache, addresses, budget: { left: settings.maxQueries } };
      return await resolve<R>(walker, name, type, 0);
    } catch (error) {
      const detail = `unexpected error: ${String(error)}`;
      return { ok: false, failures: [{ kind: 'network', resolver: 'authoritative', detail }] };
    }
  }

  return {
    txt: (name) => lookup<TxtRecord>(name, 'TXT'),
    ns: (name) => lookup<string>(name, 'NS'),
    cachedZones: () => cache.size,
    clearCache: () => {
      cache.clear();
      addresses.clear();
    },
  };
}
