// How much one-time-code traffic a subject and an address may see (email/limits.ts has the
// rules): the resend cooldown, and the caps across organizations. Both read under the subject
// lock, so concurrent requests for one subject count in turn.

import {
  asciiLower,
  codeEvents,
  longestWait,
  lookback,
  retryAfterSeconds,
  wrongCodeEvents,
} from '../email/limits.js';
import { apexError } from '../errors.js';
import type { ChallengeRecord } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import type { Context } from '../runtime/context.js';

/**
 * The resend cooldown: milliseconds until the organization may have a new code for the subject
 * (the first fresh code found decides), 0 when it may now.
 */
export async function cooldownWait(
  ctx: Context,
  tx: StorageTx,
  c: ChallengeRecord,
): Promise<number> {
  const now = ctx.clock.now().getTime();
  for (const prior of await tx.challenges.listForSubject(c.organizationId, c.subject)) {
    if (prior.method !== 'email-otp' || !prior.codeIssuedAt) continue;
    const wait = prior.codeIssuedAt.getTime() + ctx.policy.emailOtp.resendCooldownMs - now;
    if (wait > 0) return wait;
  }
  return 0;
}

/**
 * The caps across organizations (email/limits.ts): codes per address, codes per subject, and
 * wrong codes per subject. Locks the subject first so concurrent requests for it count in turn.
 * Answers the milliseconds to wait, 0 when within every cap.
 */
export async function usageWait(
  ctx: Context,
  tx: StorageTx,
  c: ChallengeRecord,
  which: 'issue' | 'guess',
): Promise<number> {
  const { limits, codeTtlMs } = ctx.policy.emailOtp;
  const now = ctx.clock.now().getTime();
  await tx.domains.lockSubject(c.subject);
  const rows = await tx.challenges.listEmailOtpSince({
    subject: c.subject,
    ...(which === 'issue' && c.email ? { email: c.email } : {}),
    since: new Date(now - lookback(limits, codeTtlMs)),
  });
  const forSubject = rows.filter((r) => r.subject === c.subject);
  const wrong = longestWait(wrongCodeEvents(forSubject), limits.wrongCodesPerSubject, now);
  if (which === 'guess') return wrong;
  const address = asciiLower(c.email ?? '');
  const toAddress = rows.filter((r) => asciiLower(r.email ?? '') === address);
  return Math.max(
    wrong,
    longestWait(codeEvents(forSubject), limits.codesPerSubject, now),
    longestWait(codeEvents(toAddress), limits.codesPerAddress, now),
  );
}

export const rateLimited = (waitMs: number) =>
  apexError('RATE_LIMITED', { retryAfterSeconds: retryAfterSeconds(waitMs) });
