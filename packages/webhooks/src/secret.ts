// Signing secrets in the Standard Webhooks format: `whsec_` followed by standard base64 of 24 to
// 64 random bytes. The signature itself is made by the `standardwebhooks` library; this file
// only checks a secret before the library sees it (so a typo is a clear configuration problem,
// not a throw) and makes new ones. Messages never include the secret.
import { Webhook } from 'standardwebhooks';

const PREFIX = 'whsec_';
/** Fewest random bytes a signing secret may hold (after the `whsec_` prefix, base64-decoded). */
export const MIN_SECRET_BYTES = 24;
/** Most random bytes a signing secret may hold. */
export const MAX_SECRET_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Why `secret` is not a usable Standard Webhooks secret, or null when it is. */
export function secretProblem(secret: unknown): string | null {
  if (typeof secret !== 'string') return 'a secret must be a string';
  if (!secret.startsWith(PREFIX))
    return `a secret starts with ${PREFIX} (Standard Webhooks format)`;
  const body = secret.slice(PREFIX.length);
  // Checked before the pattern runs, so a 1 MB "secret" costs nothing.
  if (
    body.length > 4 * Math.ceil(MAX_SECRET_BYTES / 3) ||
    body.length % 4 !== 0 ||
    !BASE64.test(body)
  )
    return `a secret is ${PREFIX} followed by standard base64 (A-Z a-z 0-9 + /, padded with =)`;
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  const bytes = (body.length / 4) * 3 - padding;
  if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES)
    return `a secret holds ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes (this one holds ${bytes})`;
  return null;
}

/** A new random secret (32 bytes by default) from Web Crypto, in the `whsec_` format. */
export function generateWebhookSecret(bytes = 32): string {
  const n = Math.min(MAX_SECRET_BYTES, Math.max(MIN_SECRET_BYTES, Math.floor(bytes) || 32));
  const raw = crypto.getRandomValues(new Uint8Array(n));
  return `${PREFIX}${btoa(String.fromCharCode(...raw))}`;
}

/** Signs `id.timestamp.body` with every secret: the value of the `webhook-signature` header. */
export type Signer = (id: string, at: Date, body: string) => string;

/**
 * A signer over checked secrets. Several secrets give several signatures, space-separated,
 * which is how Standard Webhooks rotates a secret without downtime: the receiver accepts the
 * message when any one of them verifies.
 */
export function signer(secrets: readonly string[]): Signer {
  const keys = secrets.map((secret) => new Webhook(secret));
  return (id, at, body) => keys.map((key) => key.sign(id, at, body)).join(' ');
}
