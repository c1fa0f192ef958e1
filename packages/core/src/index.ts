export * from './apex/normalize.js';
export * from './apex/policy.js';
export {
  type Apexproof,
  type ApexproofDeps,
  type ConfirmChallengeInput,
  createApexproof,
  type StartChallengeInput,
} from './app/create.js';
export { base32 } from './app/ids.js';
export {
  type ApexproofPolicy,
  type RecordPresetName,
  type RecordTemplate,
  recordPresets,
  resolvePolicy,
} from './app/policy.js';
export type { ProofSeen, VerifiedResult } from './challenges/commit.js';
export { constantTimeEqual, joinTxt } from './challenges/match.js';
export type { Conflict, StartedChallenge } from './challenges/start.js';
export {
  type LightdashDomainStatus,
  type LightdashOtpStatus,
  lightdashStatus,
} from './challenges/status.js';
export type { VerifyChallengeInput } from './challenges/verify.js';
export type { ChallengeView } from './challenges/view.js';
export type { BypassInput } from './domains/bypass.js';
export type { RedirectPatternView, VerifiedDomainView } from './domains/manage.js';
export type { RedirectPatternInput } from './domains/redirects.js';
export type { ReverifyReport } from './domains/reverify.js';
export { isFreeProvider, type ProviderPolicy, RFC2142_MAILBOXES } from './email/address.js';
export type { EmailOtpLimits, RateLimit } from './email/limits.js';
export { EMAIL_PROVIDERS_SOURCE } from './email/providers.generated.js';
export * from './errors.js';
export { backoffMs, type DeliveryReport } from './notifications/deliver.js';
export * from './notifications/templates.js';
export * from './ports/index.js';
export * from './redirect/index.js';
