// A lookup at one upstream: build the request in its format, check the HTTP answer, parse it,
// walk the CNAME chain and, when the chain leaves the response, ask again for its target.
import type { DnsAnswer, DnsLookupFailure } from '@apexproof/core';
import { base64url } from './base64url.js';
import { exchange, type FetchLike, type HttpRequest } from './http.js';
import { jsonRequestUrl, parseJsonResponse } from './json.js';
import { queryName } from './names.js';
import { type DefinitiveResponse, fail, type QueryType, type Step, walkChain } from './records.js';
import { encodeQuery, parseWireResponse } from './wire.js';

/** One DoH server as the resolver uses it, with every default applied. */
export interface Upstream {
  /** The name reported in answers and failures (the URL unless set). */
  readonly name: string;
  readonly url: string;
  readonly format: 'wire' | 'json';
  readonly method: 'GET' | 'POST';
}

export interface LookupSettings {
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxCnameHops: number;
}

/** One upstream's verdict: a definitive answer or exactly one failure. */
export type UpstreamOutcome<R> =
  | { readonly ok: true; readonly answer: DnsAnswer<R> }
  | { readonly ok: false; readonly failure: DnsLookupFailure };

const DNS_MESSAGE = 'application/dns-message';
const JSON_TYPES = ['application/dns-json', 'application/json'];

function request(upstream: Upstream, name: string, type: QueryType): HttpRequest {
  if (upstream.format === 'json') {
    const url = jsonRequestUrl(upstream.url, name, type);
    return { url, method: 'GET', headers: { accept: 'application/dns-json' } };
  }
  const query = encodeQuery(name, type);
  if (upstream.method === 'POST') {
    const headers = { accept: DNS_MESSAGE, 'content-type': DNS_MESSAGE };
    return { url: upstream.url, method: 'POST', headers, body: query };
  }
  const url = new URL(upstream.url);
  url.searchParams.set('dns', base64url(query));
  return { url: url.toString(), method: 'GET', headers: { accept: DNS_MESSAGE } };
}

/** One request/response round for `name`, checked all the way to a definitive response. */
async function ask(
  upstream: Upstream,
  name: string,
  type: QueryType,
  settings: LookupSettings,
  cancel: AbortSignal,
): Promise<Step<DefinitiveResponse>> {
  const body = await exchange(request(upstream, name, type), { ...settings, cancel });
  if (!body.ok) return body;
  const { contentType, bytes } = body.value;
  if (upstream.format === 'json') {
    if (!JSON_TYPES.includes(contentType)) {
      return fail('malformed', `content-type ${contentType || '(none)'}, expected JSON`);
    }
    return parseJsonResponse(new TextDecoder().decode(bytes), name, type);
  }
  if (contentType !== DNS_MESSAGE) {
    return fail('malformed', `content-type ${contentType || '(none)'}, expected ${DNS_MESSAGE}`);
  }
  return parseWireResponse(bytes, name, type);
}

/** Looks `name` up at `upstream`; never rejects. */
export async function lookupAt<R>(
  upstream: Upstream,
  name: string,
  type: QueryType,
  settings: LookupSettings,
  cancel: AbortSignal,
): Promise<UpstreamOutcome<R>> {
  const failed = (kind: DnsLookupFailure['kind'], detail: string): UpstreamOutcome<R> => ({
    ok: false,
    failure: { kind, resolver: upstream.name, detail },
  });
  try {
    let chain: string[] = [];
    const seen = new Set<string>();
    let authenticated = true;
    let current = name;
    for (;;) {
      const response = await ask(upstream, current, type, settings, cancel);
      if (!response.ok) return failed(response.kind, response.detail);
      authenticated &&= response.value.authenticated;
      const walk = walkChain<R>(response.value, current, type, chain, seen, settings.maxCnameHops);
      if (!walk.ok) return failed(walk.kind, walk.detail);
      if (walk.value.ended) {
        const answer: DnsAnswer<R> = {
          rcode: response.value.rcode,
          records: walk.value.records,
          cnameChain: walk.value.chain,
          authenticated,
          resolvers: [upstream.name],
        };
        return { ok: true, answer };
      }
      seen.add(current);
      for (const hop of walk.value.chain) seen.add(hop);
      chain = walk.value.chain;
      const next = queryName(walk.value.next);
      if (next === undefined)
        return failed('malformed', `CNAME target ${walk.value.next} unusable`);
      current = next;
    }
  } catch (error) {
    return failed('network', `unexpected error: ${String(error)}`);
  }
}
