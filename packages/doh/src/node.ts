// @apexproof/doh/node — the Node entry. Node's built-in fetch speaks HTTP/1.1 only, and
// RFC 8484 servers such as unbound answer over HTTP/2 only; undici's own fetch with an Agent
// created with `allowH2` negotiates HTTP/2 through ALPN and falls back to HTTP/1.1.
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import {
  createDohResolver as createResolverWithFetch,
  type DohResolver,
  type DohResolverOptions,
  type FetchLike,
} from './index.js';

// Everything of the main entry except `createDohResolver`, which is redefined below so that the
// exact name gets the HTTP/2-capable default on Node.
export type {
  DohResolver,
  DohResolverOptions,
  DohStrategy,
  DohUpstreamOptions,
  FetchBody,
  FetchLike,
  FetchResponse,
} from './index.js';
export { DEFAULT_UPSTREAMS } from './index.js';

/**
 * Options of the Node transport (`createNodeFetch`, and `createDohResolver` of
 * `@apexproof/doh/node`).
 */
export interface NodeFetchOptions {
  /**
   * Extra trusted CA certificates (PEM), e.g. a self-hosted resolver's own CA. They are added
   * to Node's bundled roots, so public upstreams keep working alongside.
   */
  readonly ca?: string | readonly string[];
  /** Negotiate HTTP/2 when the server offers it (default true). */
  readonly allowH2?: boolean;
  /** Deadline of the TCP + TLS handshake (default 5000 ms). */
  readonly connectTimeoutMs?: number;
}

/**
 * A `fetch` over an HTTP/2-capable undici `Agent` (`createNodeFetch`), and a way to close its
 * connections.
 */
export interface NodeFetch {
  readonly fetch: FetchLike;
  /** Closes the pooled connections (call when shutting down). */
  close(): Promise<void>;
}

/** A fetch over an HTTP/2-capable undici Agent. */
export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const extra = typeof options.ca === 'string' ? [options.ca] : (options.ca ?? []);
  const agent = new Agent({
    allowH2: options.allowH2 ?? true,
    connect: {
      timeout: options.connectTimeoutMs ?? 5000,
      // Node's `ca` replaces the default roots, so they are passed along with the extra ones.
      ...(extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {}),
    },
  });
  const fetch: FetchLike = (input, init) => undiciFetch(input, { ...init, dispatcher: agent });
  return { fetch, close: () => agent.close() };
}

/**
 * Options of the Node entry's `createDohResolver`: the main entry's options plus the Node
 * transport's (used only when no `fetch` is given).
 */
export interface NodeDohResolverOptions extends DohResolverOptions, NodeFetchOptions {}

/**
 * The Node entry's resolver: a `DohResolver` that can also close its connections on shutdown.
 * @example
 * ```ts
 * import { createDohResolver } from '@apexproof/doh/node';
 * const dns = createDohResolver({ upstreams: ['https://127.0.0.1:8443/dns-query'], ca: myCaPem });
 * // … at shutdown
 * await dns.close();
 * ```
 */
export interface NodeDohResolver extends DohResolver {
  /** Closes the connections of the built-in Node fetch (nothing to do with a custom fetch). */
  close(): Promise<void>;
}

/**
 * The main entry's `createDohResolver` with a default fetch that reaches HTTP/2-only servers.
 * `ca` adds trusted certificates for that fetch; an explicit `fetch` option replaces it entirely.
 */
export function createDohResolver(options: NodeDohResolverOptions = {}): NodeDohResolver {
  if (options.fetch) {
    return { ...createResolverWithFetch(options), close: async () => {} };
  }
  const transport = createNodeFetch(options);
  const resolver = createResolverWithFetch({ ...options, fetch: transport.fetch });
  return { ...resolver, close: transport.close };
}

/** The same as `createDohResolver` of this entry, under a name that says so. */
export const createNodeDohResolver = createDohResolver;
