// The client plugin: `createAuthClient({ plugins: [apexproofClient()] })` gets typed
// `domainVerification.*` actions inferred from the server plugin (server-only endpoints are
// left out), and apexproof's error codes in `$ERROR_CODES`.
import type { BetterAuthClientPlugin } from 'better-auth/client';
import { APEXPROOF_ERROR_CODES } from './errors.js';
import type { apexproof } from './plugin.js';

/** The apexproof client plugin for better-auth's `createAuthClient`. */
export function apexproofClient() {
  return {
    id: 'apexproof',
    $InferServerPlugin: {} as ReturnType<typeof apexproof>,
    pathMethods: {
      '/domain-verification/challenge': 'GET',
      '/domain-verification/list-domains': 'GET',
      '/domain-verification/status': 'GET',
      '/domain-verification/audit': 'GET',
      '/domain-verification/evidence': 'GET',
    },
    $ERROR_CODES: APEXPROOF_ERROR_CODES,
  } satisfies BetterAuthClientPlugin;
}
