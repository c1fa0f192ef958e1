// The host's webhook endpoint, as a fetch-style handler (Workers, Deno, Bun, Hono, or Node
// behind a framework adapter). It verifies the Standard Webhooks signature on the raw body with
// the `standardwebhooks` library before it reads anything, then decodes the event.
import { type DomainEvent, decodeEvent } from '@apexproof/core';
import { Webhook } from 'standardwebhooks';

export function webhookReceiver(secret: string, onEvent: (event: DomainEvent) => void) {
  const verifier = new Webhook(secret);
  const seen = new Set<string>(); // a table with a unique key on the id, in production
  return async (request: Request): Promise<Response> => {
    const body = await request.text();
    try {
      verifier.verify(body, {
        'webhook-id': request.headers.get('webhook-id') ?? '',
        'webhook-timestamp': request.headers.get('webhook-timestamp') ?? '',
        'webhook-signature': request.headers.get('webhook-signature') ?? '',
      });
    } catch {
      return new Response('invalid signature', { status: 401 });
    }
    const decoded = decodeEvent(body);
    // 400 is permanent: the sender parks the event where an operator sees it.
    if (!decoded.ok) return new Response(decoded.reason, { status: 400 });
    // A replay (the sender retries until it hears 2xx) is acknowledged, not processed twice.
    if (!seen.has(decoded.event.id)) {
      seen.add(decoded.event.id);
      onEvent(decoded.event);
    }
    return new Response(null, { status: 204 });
  };
}
