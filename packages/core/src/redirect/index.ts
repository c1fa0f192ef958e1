// Redirect patterns and the compiled redirect policy (DESIGN §7). Pure: no I/O.
export type {
  RedirectAuthorization,
  RedirectPolicyDomain,
  RedirectPolicyIgnoredEntry,
  RedirectPolicyIgnoredReason,
  RedirectPolicyPattern,
} from './host-index.js';
export {
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SEGMENTS,
  parseRedirectPattern,
  type RedirectPattern,
  type RedirectPatternError,
  type RedirectPatternParts,
} from './pattern.js';
export {
  compileRedirectPolicy,
  LOOPBACK_DOMAIN_ID,
  MAX_REDIRECT_URL_LENGTH,
  type RedirectAuthorizationError,
  type RedirectPolicy,
  type RedirectPolicyInput,
  type RedirectPolicyOptions,
} from './policy.js';
export type { RedirectMatch } from './prefix-trie.js';
