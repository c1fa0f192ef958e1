// @apexproof/doh — a DnsResolver over DNS-over-HTTPS (RFC 8484), runtime-neutral: it needs only
// fetch, URL, TextEncoder/TextDecoder, AbortController, setTimeout and btoa, so it runs on
// Workers, Deno, Bun and Node alike. For HTTP/2-only servers on Node, see `@apexproof/doh/node`.
import type { DnsResolver, DnsResult, TxtRecord } from '@apexproof/core';
import { queryName } from './names.js';
import { type DohResolverOptions, resolveOptions } from './options.js';
import type { QueryType } from './records.js';
import { hedged, quorum, sequential } from './strategies.js';
import { lookupAt } from './upstream.js';

export type { FetchBody, FetchLike, FetchResponse } from './http.js';
export type { DohResolverOptions, DohStrategy, DohUpstreamOptions } from './options.js';
export { DEFAULT_UPSTREAMS } from './options.js';

/**
 * A `DnsResolver` over DNS-over-HTTPS (`createDohResolver`). Lookups never reject: a definitive
 * answer (NOERROR, NXDOMAIN) names the upstream(s) that gave it, anything else is one failure per
 * upstream asked (SERVFAIL is a failure, never a miss).
 */
export interface DohResolver extends DnsResolver {
  /** The upstream names in order of preference, as reported in answers and failures. */
  readonly upstreams: readonly string[];
}

/**
 * Creates a DnsResolver that asks DoH upstreams. Throws a TypeError for a configuration
 * mistake; lookups never reject.
 */
export function createDohResolver(options: DohResolverOptions = {}): DohResolver {
  const config = resolveOptions(options);

  function lookup<R>(rawName: string, type: QueryType): Promise<DnsResult<R>> {
    const name = queryName(rawName);
    if (name === undefined) {
      const detail = `invalid query name ${JSON.stringify(String(rawName)).slice(0, 80)}`;
      return Promise.resolve({
        ok: false,
        failures: [{ kind: 'malformed', resolver: 'input', detail }],
      });
    }
    const ask = (upstream: (typeof config.upstreams)[number], cancel: AbortSignal) =>
      lookupAt<R>(upstream, name, type, config.settings, cancel);
    const run =
      config.strategy === 'sequential'
        ? sequential(config.upstreams, ask)
        : config.strategy === 'quorum'
          ? quorum(config.upstreams, ask, config.quorum)
          : hedged(config.upstreams, ask, config.hedgeDelayMs);
    return run.catch((error: unknown) => ({
      ok: false,
      failures: [
        { kind: 'network', resolver: 'doh', detail: `unexpected error: ${String(error)}` },
      ],
    }));
  }

  return {
    upstreams: config.upstreams.map((u) => u.name),
    txt: (name) => lookup<TxtRecord>(name, 'TXT'),
    ns: (name) => lookup<string>(name, 'NS'),
  };
}
