// Just enough HTTP for an example on plain node:http: a path router with `:params`, a bounded
// JSON body reader and a JSON writer. A real host would use its own framework instead.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Actor } from '@apexproof/core';

/** The parsed JSON body (`undefined` when empty), or why it could not be read. */
export type JsonBody = { ok: true; value: unknown } | { ok: false; problem: string };

export interface HttpRequest {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  json(): Promise<JsonBody>;
}

/** `body: undefined` sends no body (204); `null` is sent as the JSON `null`. */
export interface HttpReply {
  readonly status: number;
  readonly body?: unknown;
}

export type Handler = (req: HttpRequest) => Promise<HttpReply>;

export interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

const BODY_LIMIT = 64 * 1024;

export const route = (method: string, path: string, handler: Handler): Route => ({
  method,
  segments: path.split('/').filter(Boolean),
  handler,
});

/** The first value of a request header, if any. */
export function header(req: HttpRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function match(segments: readonly string[], parts: readonly string[]) {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i] ?? '';
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(part);
      } catch {
        return null;
      }
    } else if (segment !== part) return null;
  }
  return params;
}

function readJson(req: IncomingMessage): Promise<JsonBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('error', () => resolve({ ok: false, problem: 'the body could not be read' }));
    req.on('end', () => {
      if (size > BODY_LIMIT) return resolve({ ok: false, problem: 'the body is too large' });
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ ok: true, value: undefined });
      try {
        resolve({ ok: true, value: JSON.parse(text) });
      } catch {
        resolve({ ok: false, problem: 'the body is not valid JSON' });
      }
    });
  });
}

function send(res: ServerResponse, reply: HttpReply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res
    .writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    })
    .end(text);
}

/** A request listener for `http.createServer`: first matching route wins. */
export function router(
  routes: readonly Route[],
  fallback: { notFound: () => HttpReply; crashed: () => HttpReply },
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    let body: Promise<JsonBody> | undefined;
    for (const r of routes) {
      if (r.method !== method) continue;
      const params = match(r.segments, parts);
      if (!params) continue;
      const request: HttpRequest = {
        method,
        params,
        query: url.searchParams,
        headers: req.headers,
        json: () => {
          body ??= readJson(req);
          return body;
        },
      };
      r.handler(request).then(
        (reply) => send(res, reply),
        (error: unknown) => {
          // Use cases answer Results; reaching this is a bug worth a log line.
          console.error(error);
          send(res, fallback.crashed());
        },
      );
      return;
    }
    send(res, fallback.notFound());
  };
}

/** The body as a plain object, or null when it is missing or not an object. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A node:http server for `routes`; call `listen` yourself (127.0.0.1 in tests). */
export const jsonServer = (
  routes: readonly Route[],
  fallback: { notFound: () => HttpReply; crashed: () => HttpReply },
): Server => createServer(router(routes, fallback));

/**
 * Stand-in for real authentication: the caller names its organization and user in the
 * `x-org-id` and `x-user-id` headers. A real host takes both from its session.
 */
export function headerActor(req: HttpRequest): Actor | null {
  const organizationId = header(req, 'x-org-id');
  const userId = header(req, 'x-user-id');
  return organizationId && userId ? { organizationId, userId } : null;
}
