// A real webhook receiver on 127.0.0.1 (node:http, port 0) that verifies every request with
// the `standardwebhooks` library, the way a host's endpoint would, and that tests can make fail:
// answer any status, never answer, answer after a delay, drop the connection, or go away.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type DomainEvent, decodeEvent } from '@apexproof/core';
import { Webhook } from 'standardwebhooks';

/** What the receiver does with one request. */
export type Behaviour =
  | { readonly kind: 'accept'; readonly status?: number }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly headers?: Record<string, string>;
      readonly body?: string;
    }
  /** Never answers (the sink must time out). */
  | { readonly kind: 'hang' }
  /** Accepts the event, then answers only after `ms`: a delivery the sender sees time out. */
  | { readonly kind: 'slow-accept'; readonly ms: number }
  /** Destroys the connection without an answer. */
  | { readonly kind: 'reset' }
  /** Answers `status` with an endless body. */
  | { readonly kind: 'flood'; readonly status: number };

/** Every request that arrived, whatever was answered. */
export interface Attempt {
  readonly webhookId: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
  /** The library's verdict on the signature, with the receiver's secret(s). */
  readonly verified: boolean;
  readonly behaviour: Behaviour['kind'];
}

/** A request the receiver accepted: verified, decoded, answered 2xx (or about to be). */
export interface Accepted {
  readonly id: string;
  readonly event: DomainEvent;
}

export interface Receiver {
  readonly url: string;
  readonly attempts: Attempt[];
  readonly accepted: Accepted[];
  /** Behaviour for requests with no scheduled one (default: accept). */
  setDefault(behaviour: Behaviour): void;
  /** Behaviours for the next requests, in order. */
  schedule(...behaviours: Behaviour[]): void;
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function verify(verifiers: Webhook[], body: string, req: IncomingMessage): boolean {
  const headers = {
    'webhook-id': String(req.headers['webhook-id'] ?? ''),
    'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
    'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
  };
  return verifiers.some((v) => {
    try {
      v.verify(body, headers);
      return true;
    } catch {
      return false;
    }
  });
}

/** Starts a receiver that trusts `secrets` (any one verifying is enough). */
export async function startReceiver(secrets: readonly string[]): Promise<Receiver> {
  const verifiers = secrets.map((s) => new Webhook(s));
  const attempts: Attempt[] = [];
  const accepted: Accepted[] = [];
  const queue: Behaviour[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let fallback: Behaviour = { kind: 'accept' };

  const accept = (body: string, id: string, ok: boolean) => {
    const decoded = decodeEvent(body);
    if (ok && decoded.ok) accepted.push({ id, event: decoded.event });
    return ok && decoded.ok;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const behaviour = queue.shift() ?? fallback;
    const body = await readBody(req);
    const verified = verify(verifiers, body, req);
    const webhookId = req.headers['webhook-id'] as string | undefined;
    attempts.push({
      webhookId,
      timestamp: req.headers['webhook-timestamp'] as string | undefined,
      signature: req.headers['webhook-signature'] as string | undefined,
      contentType: req.headers['content-type'],
      body,
      verified,
      behaviour: behaviour.kind,
    });
    switch (behaviour.kind) {
      case 'accept': {
        // A receiver refuses what it cannot verify: 401, like a host's endpoint would.
        const ok = accept(body, webhookId ?? '', verified);
        res.writeHead(ok ? (behaviour.status ?? 204) : 401).end();
        return;
      }
      case 'status':
        res.writeHead(behaviour.status, behaviour.headers).end(behaviour.body ?? '');
        return;
      case 'hang':
        return;
      case 'slow-accept': {
        accept(body, webhookId ?? '', verified);
        const timer = setTimeout(() => {
          timers.delete(timer);
          res.writeHead(204).end();
        }, behaviour.ms);
        timers.add(timer);
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
      case 'flood': {
        res.writeHead(behaviour.status, { 'content-type': 'text/plain' });
        const chunk = 'x'.repeat(16_384);
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) {}
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
        return;
      }
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/apexproof`,
    attempts,
    accepted,
    setDefault(behaviour) {
      fallback = behaviour;
    },
    schedule(...behaviours) {
      queue.push(...behaviours);
    },
    reset() {
      attempts.length = 0;
      accepted.length = 0;
      queue.length = 0;
      fallback = { kind: 'accept' };
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens: a port that was just free, now closed. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hooks`;
}
