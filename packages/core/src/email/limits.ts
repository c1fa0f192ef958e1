// Rate limits of the email-otp method that hold across organizations (docs/concepts/security.md):
// codes per address, codes per subject, wrong codes per subject. Counted from the challenges
// the storage already keeps (`listEmailOtpSince`), superseded ones included, so neither a resend
// nor a new organization resets a window.

import type { ChallengeRecord } from '../ports/records.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** At most `max` events in any sliding window of `windowMs`. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * The email-otp caps that hold across every organization (`policy.emailOtp.limits`); a list given
 * replaces its default, a list holding an unusable entry (NaN, Infinity, negative) falls back to
 * it, and `[]` switches that cap off. Over a cap: `RATE_LIMITED` with `retryAfterSeconds`.
 */
export interface EmailOtpLimits {
  /** Codes sent to one address (ASCII case ignored), any subject [5 per hour, 10 per day]. */
  readonly codesPerAddress?: readonly RateLimit[];
  /** Codes issued for one subject, any address [10 per hour, 20 per day]. */
  readonly codesPerSubject?: readonly RateLimit[];
  /** Wrong codes entered for one subject; past it even the right code waits [10 per day]. */
  readonly wrongCodesPerSubject?: readonly RateLimit[];
}

const usable = (l: RateLimit | undefined) =>
  typeof l?.max === 'number' &&
  typeof l.windowMs === 'number' &&
  Number.isFinite(l.max) &&
  Number.isFinite(l.windowMs) &&
  l.max >= 0 &&
  l.windowMs > 0;

/**
 * The host's caps, or the defaults when a list is absent or holds an unusable entry (NaN,
 * Infinity, negative): a typo must never switch a cap off or lock a method for good.
 * `[]` is a deliberate "no cap".
 */
export const cleanLimits = (
  given: readonly RateLimit[] | undefined,
  fallback: readonly RateLimit[],
): RateLimit[] =>
  (Array.isArray(given) && given.every(usable) ? given : fallback).map((l) => ({
    max: Math.floor(l.max),
    windowMs: l.windowMs,
  }));

/**
 * The verify-check limits (steps/verify-limits.ts): checks of one challenge, and checks by one
 * organization, each a lookup made on the caller's behalf [1 per 5 s; 60 per minute].
 */
export interface VerifyLimits {
  readonly perChallenge?: readonly RateLimit[];
  readonly perOrganization?: readonly RateLimit[];
}

export function resolveVerifyLimits(limits: VerifyLimits = {}): {
  perChallenge: RateLimit[];
  perOrganization: RateLimit[];
} {
  return {
    perChallenge: cleanLimits(limits.perChallenge, [{ max: 1, windowMs: 5_000 }]),
    perOrganization: cleanLimits(limits.perOrganization, [{ max: 60, windowMs: 60_000 }]),
  };
}

/** The longest window of a list of limits (0 for none). */
export const longestWindow = (ls: readonly RateLimit[]): number =>
  Math.max(0, ...ls.map((l) => l.windowMs));

/** The defaults keep an attacker with any number of organizations below 1.1e-5 per day. */
export function resolveLimits(limits: EmailOtpLimits = {}) {
  return {
    codesPerAddress: cleanLimits(limits.codesPerAddress, [
      { max: 5, windowMs: HOUR },
      { max: 10, windowMs: DAY },
    ]),
    codesPerSubject: cleanLimits(limits.codesPerSubject, [
      { max: 10, windowMs: HOUR },
      { max: 20, windowMs: DAY },
    ]),
    wrongCodesPerSubject: cleanLimits(limits.wrongCodesPerSubject, [{ max: 10, windowMs: DAY }]),
  };
}

export type ResolvedLimits = ReturnType<typeof resolveLimits>;

/** One counted event: when it leaves the window is `at + windowMs`. */
interface Event {
  readonly at: number;
  readonly weight: number;
}

/**
 * Milliseconds until the events in the window ending now weigh less than `limit.max`, or 0
 * when they already do. Events must be oldest first.
 */
export function waitMs(events: readonly Event[], limit: RateLimit, now: number): number {
  const live = events.filter((e) => e.weight > 0 && e.at + limit.windowMs > now);
  let total = live.reduce((sum, e) => sum + e.weight, 0);
  for (const e of live) {
    if (total < limit.max) break;
    total -= e.weight;
    if (total < limit.max) return e.at + limit.windowMs - now;
  }
  return total < limit.max ? 0 : Number.POSITIVE_INFINITY;
}

/** The longest wait over several caps on the same events (0: none is reached). */
export function longestWait(events: readonly Event[], limits: readonly RateLimit[], now: number) {
  return Math.max(0, ...limits.map((l) => waitMs(events, l, now)));
}

/** How far back the limits look: the longest window, plus a code's lifetime for guesses. */
export function lookback(limits: ResolvedLimits, codeTtlMs: number): number {
  const longest = (ls: readonly RateLimit[]) => Math.max(0, ...ls.map((l) => l.windowMs));
  return Math.max(
    longest(limits.codesPerAddress),
    longest(limits.codesPerSubject),
    longest(limits.wrongCodesPerSubject) + codeTtlMs,
  );
}

const issued = (c: ChallengeRecord) => c.codeIssuedAt?.getTime() ?? 0;

/** Each code issued is one event at its issue time. */
export const codeEvents = (rows: readonly ChallengeRecord[]): Event[] =>
  rows.map((c) => ({ at: issued(c), weight: 1 }));

/**
 * A challenge's wrong codes, dated at its last attempt (no wrong code comes later) but never
 * after its expiry (none can be entered then): every guess is counted for at least a window.
 */
export const wrongCodeEvents = (rows: readonly ChallengeRecord[]): Event[] =>
  rows
    .map((c) => ({
      at: Math.min(c.lastAttemptAt?.getTime() ?? issued(c), c.expiresAt.getTime()),
      weight: c.attempts,
    }))
    .sort((a, b) => a.at - b.at);

/** `retryAfterSeconds` for a wait: whole seconds, at least one. */
export const retryAfterSeconds = (ms: number): number =>
  Number.isFinite(ms) ? Math.max(1, Math.ceil(ms / 1000)) : Math.ceil(DAY / 1000);

/** Lowercases A–Z only: the storage port's rule for comparing addresses. */
export const asciiLower = (text: string): string =>
  text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
