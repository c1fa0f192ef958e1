// One POST with a deadline, classified the way Standard Webhooks suggests. Every await is raced
// against the deadline (a fetch that ignores its AbortSignal still cannot hang a delivery), and
// an error body is read only up to a small bound, for the detail; a success body not at all.
import { type EventDeliveryResult, MAX_RETRY_AFTER_SECONDS } from '@apexproof/core';
import type { FetchLike } from './options.js';

/** Bytes of an error response kept for the detail. */
export const MAX_SNIPPET_BYTES = 512;

export interface Post {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  /** For Retry-After given as an HTTP date. */
  readonly now: Date;
}

const TIMED_OUT = Symbol('timeout');

export async function post(request: Post): Promise<EventDeliveryResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expired = false;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => {
      expired = true;
      resolve(TIMED_OUT);
      controller.abort(new Error('timeout'));
    }, request.timeoutMs);
  });
  const timeout = (): EventDeliveryResult => ({
    ok: false,
    transient: true,
    detail: `no response within ${request.timeoutMs} ms`,
  });
  try {
    const response = await Promise.race([
      request.fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        redirect: 'manual',
      }),
      deadline,
    ]);
    if (response === TIMED_OUT) return timeout();
    if (typeof response !== 'object' || response === null)
      return { ok: false, transient: true, detail: 'fetch resolved without a response' };
    const status = typeof response?.status === 'number' ? response.status : 0;
    if (status >= 200 && status <= 299) {
      discard(response);
      return { ok: true };
    }
    const snippet = await Promise.race([readSnippet(response), deadline]);
    return classify(response, status, snippet === TIMED_OUT ? '' : snippet, request.now);
  } catch (error) {
    if (expired) return timeout();
    return { ok: false, transient: true, detail: describe(error) };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** Standard Webhooks' status handling; see the README's table. */
function classify(
  response: Response,
  status: number,
  snippet: string,
  now: Date,
): EventDeliveryResult {
  const text =
    typeof response.statusText === 'string' && response.statusText ? ` ${response.statusText}` : '';
  let detail = `HTTP ${status}${text}`;
  if (status >= 300 && status <= 399) {
    const location = header(response, 'location');
    detail += location
      ? ` (redirect to ${location.slice(0, 200)} not followed)`
      : ' (redirect not followed)';
  }
  if (snippet) detail += `: ${snippet}`;
  const withStatus = status >= 100 && status <= 599 ? { status } : {};
  if (status === 410) return { ok: false, transient: false, gone: true, detail, ...withStatus };
  // 408, 425 and 429 are 4xx that say "later", not "never".
  const later = status === 408 || status === 425 || status === 429;
  if (status >= 400 && status <= 499 && !later)
    return { ok: false, transient: false, detail, ...withStatus };
  const wait = retryAfter(header(response, 'retry-after'), now);
  return {
    ok: false,
    transient: true,
    detail,
    ...withStatus,
    ...(wait === null ? {} : { retryAfterSeconds: wait }),
  };
}

const header = (response: Response, name: string): string | null => {
  try {
    return response.headers?.get(name) ?? null;
  } catch {
    return null;
  }
};

/** Retry-After as seconds (RFC 9110 §10.2.3: delay-seconds or an HTTP date), capped. */
export function retryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  let seconds: number;
  if (/^\d{1,12}$/.test(trimmed)) seconds = Number(trimmed);
  else {
    const at = Date.parse(trimmed);
    if (!Number.isFinite(at) || trimmed.length > 64) return null;
    seconds = Math.max(0, Math.ceil((at - now.getTime()) / 1000));
  }
  return Number.isFinite(seconds) ? Math.min(seconds, MAX_RETRY_AFTER_SECONDS) : null;
}

function discard(response: Response): void {
  try {
    void response.body?.cancel().catch(() => {});
  } catch {
    // nothing to release
  }
}

/** The start of the body as one printable line, without reading past the bound. */
async function readSnippet(response: Response): Promise<string> {
  try {
    const reader = response.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (total < MAX_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done || !value) break;
      chunks.push(value.subarray(0, MAX_SNIPPET_BYTES - total));
      total += Math.min(value.byteLength, MAX_SNIPPET_BYTES - total);
    }
    void reader.cancel().catch(() => {});
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return oneLine(new TextDecoder().decode(bytes));
  } catch {
    return '';
  }
}

const oneLine = (text: string): string =>
  text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .replace(/\uFFFD+$/u, '')
    .trim()
    .slice(0, 200);

/** A short reason from a thrown value, with the system code fetch implementations attach. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return `fetch failed (${typeof error})`;
  const cause = (error as { cause?: unknown }).cause;
  const code =
    cause instanceof Error ? `: ${(cause as { code?: string }).code ?? cause.message}` : '';
  return `${error.message}${code}`.slice(0, 500);
}
