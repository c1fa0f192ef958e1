// One HTTP exchange with a deadline and a size cap. Every await is raced against the deadline
// (a fetch that ignores its AbortSignal still cannot hang a lookup) and the body is read as a
// stream so an oversized answer is cut off at the limit instead of being buffered whole.
import { fail, type Step } from './records.js';

/**
 * The parts of a fetch `Response` this package reads. Spelled out rather than the global
 * `Response`, because undici's own `Response` differs from the DOM lib's in its body's stream
 * type: with both the DOM lib and `@types/node` loaded, undici's `fetch` would not fit.
 */
export interface FetchResponse {
  readonly status: number;
  readonly headers: {
    /** A header's value (`content-type`, `content-length`), or null when absent. */
    get(name: string): string | null;
  };
  readonly body: FetchBody | null;
  /** The whole body; read only when the response has no `body` stream. */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The parts of a response body stream this package reads. */
export interface FetchBody {
  /** Discards a body that will not be read (an HTTP error, a declared size over the cap). */
  cancel(reason?: unknown): Promise<void>;
  /** A reader for the body, read chunk by chunk up to `maxResponseBytes`. */
  getReader(): {
    /** The next chunk, or `done` at the end of the body. */
    read(): Promise<{ done: true; value?: Uint8Array } | { done: false; value: Uint8Array }>;
    /** Stops reading once the body is larger than `maxResponseBytes`. */
    cancel(reason?: unknown): Promise<void>;
  };
}

/** The subset of `fetch` this package calls; Node's, undici's, Deno's, Bun's and Workers' all fit. */
export type FetchLike = (
  input: string,
  init: {
    method: 'GET' | 'POST';
    headers: Record<string, string>;
    body?: Uint8Array<ArrayBuffer>;
    signal: AbortSignal;
    redirect: 'manual';
  },
) => Promise<FetchResponse>;

export interface HttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array<ArrayBuffer>;
}

export interface HttpLimits {
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** Aborted when the lookup no longer needs this answer (another upstream won). */
  readonly cancel: AbortSignal;
}

export interface HttpBody {
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

const TIMED_OUT = Symbol('timeout');

/** Content type without parameters, lowercase. */
const mediaType = (header: string | null): string =>
  (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Sends `request` and reads the body; each failure is a step with its kind. */
export async function exchange(request: HttpRequest, limits: HttpLimits): Promise<Step<HttpBody>> {
  const controller = new AbortController();
  const onCancel = () => controller.abort(limits.cancel.reason);
  limits.cancel.addEventListener('abort', onCancel);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('timeout'));
      resolve(TIMED_OUT);
    }, limits.timeoutMs);
  });
  const timeout = () => fail('timeout', `no complete answer within ${limits.timeoutMs} ms`);
  try {
    if (limits.cancel.aborted) return fail('network', 'cancelled');
    const response = await Promise.race([
      limits.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body ? { body: request.body } : {}),
        signal: controller.signal,
        redirect: 'manual',
      }),
      deadline,
    ]);
    if (response === TIMED_OUT) return timeout();
    if (response.status < 200 || response.status > 299) {
      void response.body?.cancel().catch(() => {});
      const refused = response.status === 401 || response.status === 403 || response.status === 429;
      return fail(refused ? 'refused' : 'network', `HTTP ${response.status}`);
    }
    const contentType = mediaType(response.headers.get('content-type'));
    const body = await Promise.race([readLimited(response, limits.maxResponseBytes), deadline]);
    if (body === TIMED_OUT) return timeout();
    return body.ok ? { ok: true, value: { contentType, bytes: body.value } } : body;
  } catch (error) {
    if (limits.cancel.aborted) return fail('network', 'cancelled');
    return fail('network', describe(error));
  } finally {
    clearTimeout(timer);
    limits.cancel.removeEventListener('abort', onCancel);
    controller.abort();
  }
}

/** Reads at most `limit` bytes of the body; more than that fails without reading the rest. */
async function readLimited(response: FetchResponse, limit: number): Promise<Step<Uint8Array>> {
  const tooLarge = () => fail('malformed', `response larger than ${limit} bytes`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    void response.body?.cancel().catch(() => {});
    return tooLarge();
  }
  if (!response.body) return { ok: true, value: new Uint8Array(await response.arrayBuffer()) };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      void reader.cancel().catch(() => {});
      return tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, value: bytes };
}

/** A short reason from a thrown value, including the cause fetch implementations attach. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const reason =
    cause instanceof Error ? `: ${(cause as { code?: string }).code ?? cause.message}` : '';
  return `${error.message}${reason}`;
}
