// The server plugin: apexproof's use cases built once per better-auth instance (in `init`, over
// better-auth's adapter for organizations and members, and apexproof's own storage for
// everything apexproof keeps), exposed as endpoints. The plugin translates; it decides nothing.
import { createApexproof, resolvePolicy } from '@apexproof/core';
import { createDohResolver } from '@apexproof/doh';
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware, isAPIError } from 'better-auth/api';
import { CONTEXT_KEY, unwrap, useCasesOf } from './context.js';
import { organizationDirectory } from './directory.js';
import { historyAndPendingEndpoints } from './endpoints/history-and-pending.js';
import { serverEndpoints } from './endpoints/server.js';
import { CHALLENGE_PATHS, sessionEndpoints } from './endpoints/session.js';
import { APEXPROOF_ERROR_CODES } from './errors.js';
import { mailerFromSendEmail, noMailer } from './mailer.js';
import type { ApexproofPluginOptions } from './options.js';

const DEFAULT_CHALLENGE_RATE_LIMIT = { window: 60, max: 10 };
const DELETE_ORGANIZATION_PATH = '/organization/delete';

/**
 * apexproof as a better-auth server plugin: domain verification for better-auth's
 * organizations. Put it after `organization()` in `plugins`; see the package README.
 */
export function apexproof(options: ApexproofPluginOptions) {
  const policy = resolvePolicy(options.policy);
  const mailer =
    options.mailer ?? (options.sendEmail ? mailerFromSendEmail(options.sendEmail) : noMailer);
  const rule = options.challengeRateLimit ?? DEFAULT_CHALLENGE_RATE_LIMIT;

  return {
    id: 'apexproof',
    /** Builds the use cases for this auth instance, reading organizations through its adapter. */
    init(ctx) {
      const directory = organizationDirectory(ctx.adapter, {
        manageRoles: policy.manageRoles,
        ...(options.canBypass ? { canBypass: options.canBypass } : {}),
      });
      const useCases = createApexproof({
        storage: options.storage,
        dns: options.dns ?? createDohResolver(),
        mailer,
        directory,
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.random ? { random: options.random } : {}),
        ...(options.policy ? { policy: options.policy } : {}),
        ...(options.events ? { events: options.events } : {}),
      });
      return { context: { [CONTEXT_KEY]: useCases } };
    },
    endpoints: { ...sessionEndpoints, ...serverEndpoints, ...historyAndPendingEndpoints },
    hooks: {
      after: [
        {
          /** A deleted tenant never blocks anybody: its domains, patterns and challenges go. */
          matcher: (ctx: { path?: string }) =>
            options.releaseOnOrganizationDelete !== false && ctx.path === DELETE_ORGANIZATION_PATH,
          /** Releases the deleted organization's domains once the deletion succeeded. */
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (returned === undefined || returned === null || isAPIError(returned)) return;
            const id = (returned as { id?: unknown }).id;
            if (typeof id !== 'string') return;
            await unwrap(
              useCasesOf(ctx.context).releaseOrganization(id, { reason: 'organization deleted' }),
            );
          }),
        },
      ],
    },
    rateLimit:
      rule === false
        ? []
        : [
            {
              window: rule.window,
              max: rule.max,
              /** The challenge endpoints: start, verify, confirm, cancel. */
              pathMatcher: (path: string) => CHALLENGE_PATHS.includes(path),
            },
          ],
    $ERROR_CODES: APEXPROOF_ERROR_CODES,
  } satisfies BetterAuthPlugin;
}
