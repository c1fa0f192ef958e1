// @apexproof/better-auth — apexproof's domain verification as a better-auth plugin. The server
// plugin is here; the client plugin is `@apexproof/better-auth/client`.
export {
  memberRoles,
  type OrganizationAdapter,
  type OrganizationDirectoryOptions,
  organizationDirectory,
} from './directory.js';
export {
  APEXPROOF_ERROR_CODES,
  type ApexproofErrorBody,
  type ApexproofRawError,
  toAPIError,
} from './errors.js';
export { mailerFromSendEmail, type SendEmail } from './mailer.js';
export type { ApexproofPluginOptions, RateLimitRule } from './options.js';
export { apexproof } from './plugin.js';
