// The public surface of @apexproof/core, name by name. Nothing here is a test hook; a name
// leaves this list only with a note in the changelog.

// Apex normalization (pure)
export { normalizeHost, toApex } from './apex/normalize.js';
export type { ApexPolicy, NormalizedApex, NormalizedHost } from './apex/policy.js';
export type { SuffixPolicy } from './apex/suffix.js';
// The use cases
export type {
  Apexproof,
  ApexproofDeps,
  ConfirmChallengeInput,
  RedirectPatternInput,
  StartChallengeInput,
} from './apexproof.js';
export type { PendingCheckReport } from './challenges/check-pending.js';
// A record checked without a stored challenge (what `apexproof check` prints)
export {
  type CheckRecordInput,
  checkRecord,
  type ExpectedRecord,
  expectedRecord,
  type RecordCheck,
} from './challenges/check-record.js';
export {
  type OpenChallengeStatus,
  type VerificationStatus,
  verificationStatus,
} from './challenges/status.js';
export type { VerifyChallengeInput } from './challenges/verify.js';
export { createApexproof } from './create-apexproof.js';
export type { BypassInput } from './domains/bypass.js';
export type { AuditEntryView, AuditPage, EvidenceView } from './domains/history.js';
export type { Holder } from './domains/holder.js';
export type { ReleaseReport } from './domains/release.js';
export type { ReverifyReport } from './domains/reverify.js';
// E-mail codes (pure)
export { RFC2142_MAILBOXES } from './email/address.js';
export type { EmailOtpLimits, RateLimit, VerifyLimits } from './email/limits.js';
export { isFreeProvider, loadEmailProviders, type ProviderPolicy } from './email/providers.js';
export { EMAIL_PROVIDERS_SOURCE } from './email/source.generated.js';
// The error catalog
export {
  type AnyApexproofError,
  type ApexInvalidReason,
  type ApexproofError,
  apexError,
  type CatalogEntry,
  type DnsDiagnosis,
  type DnsDiagnosisHint,
  docsLink,
  docsSlug,
  type ErrorCode,
  type ErrorDetails,
  errorCatalog,
  errorEnvelope,
  isApexproofError,
  type RedirectPatternInvalidReason,
  type RedirectUrlInvalidReason,
} from './errors.js';
// Domain events (pure): the catalog, constructors and the versioned JSON encoding
export {
  activeAfter,
  type ChallengeAwaitingAcknowledgementData,
  type ChallengeAwaitingAcknowledgementEvent,
  type ChallengeExpiredData,
  type ChallengeExpiredEvent,
  type DomainDowngradedData,
  type DomainDowngradedEvent,
  type DomainEvent,
  type DomainEventOf,
  type DomainEventType,
  type DomainRemovedData,
  type DomainRemovedEvent,
  type DomainRestoredData,
  type DomainRestoredEvent,
  type DomainTakenOverData,
  type DomainTakenOverEvent,
  type DomainVerifiedData,
  type DomainVerifiedEvent,
  EVENT_METHODS,
  EVENT_TYPES,
  type EventEnvelope,
  type EventMethod,
} from './events/catalog.js';
export {
  challengeAwaitingAcknowledgement,
  challengeExpired,
  domainDowngraded,
  domainRemoved,
  domainRestored,
  domainTakenOver,
  domainVerified,
  type EventHeader,
  type TakeoverSide,
  takeoverEvents,
} from './events/create.js';
export {
  checkEvent,
  decodeEvent,
  EVENT_ENCODING_VERSION,
  type EventCheck,
  encodeEvent,
  MAX_ENCODED_EVENT_LENGTH,
} from './events/encoding.js';
// Encodings and comparisons (pure)
export { base32 } from './model/ids.js';
export { constantTimeEqual, joinTxt } from './model/match.js';
// Notification templates (pure)
export {
  type DowngradeContext,
  defaultTemplates,
  type EmailOtpContext,
  escapeHtml,
  type NotificationTemplates,
  type RenderedMail,
  type RestoreContext,
  type TakeoverContext,
  type TemplateContextBase,
  type VerifiedContext,
} from './model/templates.js';
export { backoffMs, type DeliveryReport } from './notifications/deliver.js';
export type { EventDeliveryReport } from './notifications/deliver-events.js';
// Several DNS perspectives as one resolver (pure)
export {
  type CombineOptions,
  combineResolvers,
  combineResults,
  type NamedResult,
  type PerspectiveRequirement,
} from './perspectives/combine.js';
// The ports
export { type Clock, systemClock } from './ports/clock.js';
export type { Actor, Directory, Organization } from './ports/directory.js';
export type {
  DnsAnswer,
  DnsLookupFailure,
  DnsLookupFailureKind,
  DnsRcode,
  DnsResolver,
  DnsResult,
  DnsView,
  TxtRecord,
} from './ports/dns.js';
export {
  type EventDeliveryFailure,
  type EventDeliveryResult,
  type EventSink,
  MAX_DELIVERY_DETAIL_LENGTH,
  MAX_RETRY_AFTER_SECONDS,
  readDeliveryAnswer,
} from './ports/events.js';
export type { Mailer, MailFailure, MailResult, OutgoingMail } from './ports/mailer.js';
export { type Random, webCryptoRandom } from './ports/random.js';
export {
  type AuditEventType,
  type AuditRecord,
  type ChallengeRecord,
  type ChallengeStatus,
  type CheckLogRecord,
  type DomainStatus,
  type DowngradeReason,
  type EventOutboxRecord,
  type EventOutboxStatus,
  type EvidenceKind,
  type EvidenceRecord,
  type Method,
  type NotificationKind,
  OPEN_CHALLENGE_STATUSES,
  type OutboxRecord,
  type OutboxStatus,
  type RedirectPatternRecord,
  type SubjectKind,
  type VerifiedDomainRecord,
} from './ports/records.js';
export {
  type AuditRepository,
  type ChallengeRepository,
  type CheckLogRepository,
  type DomainRepository,
  type EmailOtpUsageQuery,
  type EventOutboxRepository,
  type EvidenceRepository,
  isStorageConflict,
  isStorageUnavailable,
  type OutboxRepository,
  type RedirectPatternRepository,
  type Storage,
  StorageConflictError,
  type StorageTx,
  StorageUnavailableError,
  type TxResult,
} from './ports/storage.js';
// Redirect patterns and the compiled redirect policy (pure)
export {
  compileRedirectPolicy,
  LOOPBACK_DOMAIN_ID,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SEGMENTS,
  MAX_REDIRECT_URL_LENGTH,
  parseRedirectPattern,
  type RedirectAuthorization,
  type RedirectAuthorizationError,
  type RedirectMatch,
  type RedirectPattern,
  type RedirectPatternError,
  type RedirectPatternParts,
  type RedirectPolicy,
  type RedirectPolicyDomain,
  type RedirectPolicyIgnoredEntry,
  type RedirectPolicyIgnoredReason,
  type RedirectPolicyInput,
  type RedirectPolicyOptions,
  type RedirectPolicyPattern,
} from './redirect/index.js';
// Policy
export {
  type ApexproofPolicy,
  type RecordPresetName,
  type RecordTemplate,
  recordPresets,
  resolvePolicy,
} from './runtime/policy.js';
export type { VerifiedResult } from './steps/commit.js';
export type { ProofSeen } from './steps/proof.js';
export type { StartedChallenge } from './steps/start.js';
export type { Conflict } from './steps/takeover.js';
export type { ChallengeView, RedirectPatternView, VerifiedDomainView } from './steps/views.js';
