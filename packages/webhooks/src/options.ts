// The webhook sink's options, checked once when the sink is made. A mistake is a configuration
// problem with a clear message (never a throw): the sink then answers every delivery with it.
import { type Signer, secretProblem, signer } from './secret.js';

/** The subset of `fetch` this package calls; Node's, undici's, Deno's, Bun's and Workers' fit. */
export type FetchLike = (
  input: string,
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    signal: AbortSignal;
    redirect: 'manual';
  },
) => Promise<Response>;

/**
 * Options of `createWebhookSink`: one endpoint and its signing secret(s). They are checked once; a
 * mistake does not throw: it is kept in the sink's `problem`, and every delivery fails (transient)
 * with it until fixed.
 * @example
 * ```ts
 * const sink = createWebhookSink({
 *   url: 'https://hooks.example.com/apexproof',
 *   secret: webhookSecret, // 'whsec_…' from your secret store (generateWebhookSecret() makes one)
 * });
 * if (sink.problem) throw new Error(sink.problem); // at start-up
 * ```
 */
export interface WebhookSinkOptions {
  /** The endpoint that receives every event (HTTPS; HTTP only with `allowHttp`). */
  readonly url: string | URL;
  /**
   * The signing secret, `whsec_` + base64 of 24-64 random bytes. During a rotation give the new
   * and the old secret: each message is signed with both until the receiver has switched.
   */
  readonly secret: string | readonly string[];
  /** How long one delivery may take, response included (default 15 000 ms). */
  readonly timeoutMs?: number;
  /** Accept an `http:` URL (local development, tests). Default false. */
  readonly allowHttp?: boolean;
  /** Extra request headers (an `authorization` for a gateway, say); never `webhook-*`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch to use (default: the runtime's global `fetch`). */
  readonly fetch?: FetchLike;
  /** Source of the `webhook-timestamp` (default: the system clock). */
  readonly clock?: {
    /** The instant of the attempt; an invalid date or a throw falls back to the system clock. */
    now(): Date;
  };
}

export interface SinkConfig {
  readonly url: string;
  readonly sign: Signer;
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
  readonly now: () => Date;
}

/** How long one delivery may take, response included, when `timeoutMs` is not given (15 s). */
export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TIMEOUT_MS = 300_000;
const MAX_SECRETS = 4;
// RFC 9110 token for names; values: visible ASCII, spaces and tabs (no line breaks).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const HEADER_VALUE = /^[\t\x20-\x7e]{0,4096}$/;
const RESERVED = /^(webhook-|content-type$|content-length$|host$|transfer-encoding$|connection$)/i;

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };
const problem = (text: string): { ok: false; problem: string } => ({ ok: false, problem: text });

function checkUrl(raw: unknown, allowHttp: boolean): Checked<string> {
  if (typeof raw !== 'string' && !(raw instanceof URL)) return problem('url must be a string');
  const text = String(raw);
  if (text.length > 2048) return problem('url is longer than 2048 characters');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return problem('url is not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:'))
    return problem(
      allowHttp ? 'url must be http: or https:' : 'url must be https: (or set allowHttp)',
    );
  if (url.username || url.password) return problem('url must not carry a user name or password');
  url.hash = '';
  return { ok: true, value: url.href };
}

function checkSecrets(raw: unknown): Checked<Signer> {
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? (raw as unknown[]) : null;
  if (!list || list.length === 0 || list.length > MAX_SECRETS)
    return problem(`secret must be a secret or a list of 1 to ${MAX_SECRETS} secrets`);
  for (const [i, secret] of list.entries()) {
    const why = secretProblem(secret);
    if (why) return problem(list.length > 1 ? `secret ${i + 1}: ${why}` : why);
  }
  return { ok: true, value: signer(list as string[]) };
}

function checkHeaders(raw: unknown): Checked<Record<string, string>> {
  if (raw === undefined) return { ok: true, value: {} };
  if (typeof raw !== 'object' || raw === null) return problem('headers must be an object');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!HEADER_NAME.test(name))
      return problem(`header name ${JSON.stringify(name.slice(0, 64))} is not a token`);
    if (RESERVED.test(name)) return problem(`header ${name} is set by the sink itself`);
    if (typeof value !== 'string' || !HEADER_VALUE.test(value))
      return problem(`header ${name} must be printable ASCII on one line`);
    out[name.toLowerCase()] = value;
  }
  return { ok: true, value: out };
}

/** The checked configuration, or the first problem found. Never throws. */
export function resolveOptions(options: unknown): Checked<SinkConfig> {
  try {
    if (typeof options !== 'object' || options === null)
      return problem('options must be an object');
    const o = options as Partial<WebhookSinkOptions>;
    const url = checkUrl(o.url, o.allowHttp === true);
    if (!url.ok) return url;
    const sign = checkSecrets(o.secret);
    if (!sign.ok) return sign;
    const headers = checkHeaders(o.headers);
    if (!headers.ok) return headers;
    const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (
      typeof timeoutMs !== 'number' ||
      !Number.isInteger(timeoutMs) ||
      timeoutMs < 1 ||
      timeoutMs > MAX_TIMEOUT_MS
    )
      return problem(`timeoutMs must be a whole number from 1 to ${MAX_TIMEOUT_MS}`);
    if (o.fetch === undefined && typeof globalThis.fetch !== 'function')
      return problem('no global fetch: pass options.fetch');
    if (o.fetch !== undefined && typeof o.fetch !== 'function')
      return problem('fetch must be a function');
    // Called through globalThis: Workers refuse a fetch detached from it ("Illegal invocation").
    const fetchFn: FetchLike = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
    if (o.clock !== undefined && typeof o.clock?.now !== 'function')
      return problem('clock must have a now() method');
    const clock = o.clock;
    const now = clock ? () => clock.now() : () => new Date();
    return {
      ok: true,
      value: {
        url: url.value,
        sign: sign.value,
        timeoutMs,
        headers: headers.value,
        fetch: fetchFn,
        now,
      },
    };
  } catch (e) {
    return problem(`options could not be read (${e instanceof Error ? e.message : typeof e})`);
  }
}
