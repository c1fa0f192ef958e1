// Arbitraries for the Storage contract's round-trip property.
import fc from 'fast-check';

// Text is any well-formed Unicode except U+0000 (PostgreSQL text and JSONB cannot hold NUL);
// instants are whole milliseconds; counters are non-negative 32-bit integers.

const text = fc
  .string({ unit: 'binary', maxLength: 30 })
  .map((s) => s.replaceAll('\u0000', '\u0001'));
const maybeText = fc.option(text, { nil: null });
const instant = fc.date({
  min: new Date('1900-01-01T00:00:00.000Z'),
  max: new Date('2300-01-01T00:00:00.000Z'),
  noInvalidDate: true,
});
const maybeInstant = fc.option(instant, { nil: null });
const counterArb = fc.nat({ max: 2 ** 31 - 1 });
const method = fc.constantFrom('dns-txt', 'email-otp', 'ns-delegation', 'bypass' as const);
const subjectKind = fc.constantFrom('apex', 'hostname' as const);
// JSON as JSON.parse would give it back: no -0, no NUL, no `__proto__` key.
const json = fc
  .dictionary(
    text.filter((k) => k !== '__proto__'),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 6 },
  )
  .map((v) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>)
  .filter(
    (v) => !JSON.stringify(v).includes('\\u0000') && !JSON.stringify(v).includes('__proto__'),
  );

export const arbitraryRecords = {
  challenge: fc.record({
    id: text,
    organizationId: text,
    subject: text,
    subjectKind,
    method,
    status: fc.constantFrom(
      'pending',
      'verifying',
      'failed',
      'validated',
      'expired',
      'cancelled',
      'superseded' as const,
    ),
    token: maybeText,
    recordName: maybeText,
    recordValue: maybeText,
    email: maybeText,
    codeHash: maybeText,
    codeIssuedAt: maybeInstant,
    createdAt: instant,
    expiresAt: instant,
    attempts: counterArb,
    lastAttemptAt: maybeInstant,
    lastFailure: maybeText,
    createdBy: text,
    nextCheckAt: maybeInstant,
    leaseUntil: maybeInstant,
    awaitingAcknowledgementAt: maybeInstant,
    version: counterArb,
  }),
  domain: fc.record({
    id: text,
    organizationId: text,
    subject: text,
    subjectKind,
    method,
    status: fc.constantFrom('active', 'downgraded' as const),
    downgradeReason: fc.constantFrom(null, 'takeover', 'reverification' as const),
    verifiedAt: instant,
    downgradedAt: maybeInstant,
    recordName: maybeText,
    recordValue: maybeText,
    lastCheckedAt: maybeInstant,
    lastAttemptAt: maybeInstant,
    consecutiveMisses: counterArb,
    nextCheckAt: maybeInstant,
    leaseUntil: maybeInstant,
    version: counterArb,
  }),
  pattern: fc.record({
    id: text,
    organizationId: text,
    domainId: text,
    host: text,
    pathPrefix: text,
    createdAt: instant,
    createdBy: text,
  }),
  evidence: fc.record({
    id: text,
    organizationId: text,
    domainId: text,
    challengeId: maybeText,
    kind: fc.constantFrom('verification', 'restore', 'bypass' as const),
    method,
    subject: text,
    recordName: maybeText,
    valuesSeen: fc.array(text, { maxLength: 5 }),
    resolvers: fc.array(text, { maxLength: 3 }),
    authenticated: fc.boolean(),
    actorUserId: maybeText,
    reason: maybeText,
    at: instant,
  }),
  outbox: fc.record({
    id: text,
    organizationId: text,
    kind: fc.constantFrom('takeover', 'downgrade', 'restore', 'email-otp' as const),
    to: text,
    subject: text,
    text: fc.string({ unit: 'binary', maxLength: 200 }).map((s) => s.replaceAll('\u0000', ' ')),
    html: text,
    status: fc.constantFrom('pending', 'sent', 'parked' as const),
    attempts: counterArb,
    createdAt: instant,
    nextAttemptAt: instant,
    leaseUntil: maybeInstant,
    lastError: maybeText,
    sentAt: maybeInstant,
    version: counterArb,
  }),
  audit: fc.record({
    id: text,
    organizationId: text,
    actorUserId: maybeText,
    type: fc.constantFrom(
      'challenge.started',
      'domain.verified',
      'domain.taken_over',
      'redirect_pattern.removed' as const,
    ),
    subject: maybeText,
    domainId: maybeText,
    challengeId: maybeText,
    details: json,
    at: instant,
  }),
};
