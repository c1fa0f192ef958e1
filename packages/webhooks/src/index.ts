export { MAX_SNIPPET_BYTES } from './http.js';
export { DEFAULT_TIMEOUT_MS, type FetchLike, type WebhookSinkOptions } from './options.js';
export {
  generateWebhookSecret,
  MAX_SECRET_BYTES,
  MIN_SECRET_BYTES,
  secretProblem,
} from './secret.js';
export { createWebhookSink, type WebhookSink } from './webhook-sink.js';
