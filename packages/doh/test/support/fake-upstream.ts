// An in-process DoH server on 127.0.0.1 for fault injection. Each path (`/a/dns-query`, ...)
// is one upstream whose behaviour a test sets; it decodes the question from GET `dns=`, a POST
// body or the JSON API's `name`/`type`, and records every request it sees.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as packet from '@dnsquery/dns-packet';
import { afterAll, beforeAll } from 'vitest';
import { createDohResolver, type DohUpstreamOptions } from '../../src/index.js';

export interface SeenRequest {
  readonly upstream: string;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly query: packet.Packet | undefined;
  /** The question: from the DNS query, or from the JSON API parameters. */
  readonly name: string;
  readonly type: string;
  /** Resolves when the client closes or aborts the request. */
  readonly closed: Promise<void>;
}

export type Behaviour = (request: SeenRequest, res: ServerResponse) => void;

export interface FakeUpstreams {
  /** The URL of upstream `id` (any id works; set its behaviour with `on`). */
  url(id: string): string;
  on(id: string, behaviour: Behaviour): void;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** Fields of a response to set; `rcode` is the numeric header RCODE. */
export type ResponseFields = Omit<Partial<packet.Packet>, 'rcode'> & { rcode?: number };

/** A DNS response to the question of `request`, encoded with dns-packet. */
export function dnsResponse(request: SeenRequest, fields: ResponseFields = {}): Uint8Array {
  const { rcode = 0, flags = 0, ...rest } = fields;
  return packet.encode({
    type: 'response',
    id: 0,
    flags: flags | packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | rcode,
    questions: [{ name: request.name, type: request.type as 'TXT', class: 'IN' }],
    ...rest,
  });
}

/** Sends `body` as a DoH answer. */
export function send(res: ServerResponse, body: Uint8Array, type = 'application/dns-message') {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length });
  res.end(body);
}

/** A TXT answer with `records` (each a list of character-strings) at the question name. */
export const txtAnswer =
  (records: readonly (readonly string[])[], fields: ResponseFields = {}): Behaviour =>
  (request, res) =>
    send(
      res,
      dnsResponse(request, {
        answers: records.map((data) => ({
          name: request.name,
          type: 'TXT',
          ttl: 60,
          data: data.map((s) => new TextEncoder().encode(s)),
        })),
        ...fields,
      }),
    );

function base64urlDecode(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) =>
    c.charCodeAt(0),
  );
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Starts the fake upstreams. Unknown ids answer HTTP 404. */
export async function startFakeUpstreams(): Promise<FakeUpstreams> {
  const behaviours = new Map<string, Behaviour>();
  const seen: SeenRequest[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const upstream = url.pathname.split('/')[1] ?? '';
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    let query: packet.Packet | undefined;
    let name = url.searchParams.get('name') ?? '';
    let type = url.searchParams.get('type') ?? '';
    try {
      const dns = url.searchParams.get('dns');
      const bytes =
        req.method === 'POST' ? await readBody(req) : dns ? base64urlDecode(dns) : undefined;
      if (bytes) {
        query = packet.decode(bytes);
        name = query.questions?.[0]?.name ?? '';
        type = query.questions?.[0]?.type ?? '';
      }
    } catch {
      res.writeHead(400).end();
      return;
    }
    const request: SeenRequest = {
      upstream,
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      query,
      name,
      type,
      closed,
    };
    seen.push(request);
    const behaviour = behaviours.get(upstream);
    if (behaviour) behaviour(request, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (id) => `http://127.0.0.1:${port}/${id}/dns-query`,
    on: (id, behaviour) => behaviours.set(id, behaviour),
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * For one test file: a fake server started before its tests and closed after them, and
 * `upstream()`, which gives a test a fresh upstream with `behaviour` and a resolver that asks
 * only it.
 */
export function useFakeUpstreams() {
  let fakes: FakeUpstreams | undefined;
  beforeAll(async () => {
    fakes = await startFakeUpstreams();
  });
  afterAll(() => fakes?.close());
  const live = (): FakeUpstreams => {
    if (!fakes) throw new Error('the fake upstreams start in beforeAll');
    return fakes;
  };
  let counter = 0;
  return {
    /** Every request any upstream of this file has seen, oldest first. */
    requests: (): readonly SeenRequest[] => live().seen,
    upstream(behaviour: Behaviour, options: Partial<DohUpstreamOptions> = {}, timeoutMs?: number) {
      const id = `u${++counter}`;
      live().on(id, behaviour);
      const url = live().url(id);
      const upstreams = [{ url, ...options }];
      const resolver = createDohResolver(timeoutMs ? { upstreams, timeoutMs } : { upstreams });
      return { id, url, resolver };
    },
  };
}
