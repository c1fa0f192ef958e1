// The one proof check, shared by verification and re-verification: look the proof up in DNS.
// Only a definitive answer can be a miss; anything else is a lookup failure that counts for
// nothing. Verification then explains a miss (explainMiss); re-verification only counts it.
import { ok, okAsync, ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError, type DnsDiagnosisHint } from '../errors.js';
import { joinTxt, txtMatches } from '../model/match.js';
import { printable } from '../model/printable.js';
import type { DnsAnswer, DnsResult, TxtRecord } from '../ports/dns.js';
import type { ChallengeRecord, Method } from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import { lookupFailed, lookupNs, lookupTxt } from '../runtime/dns.js';
import { canonicalHost } from '../runtime/policy.js';
import { inTransaction } from '../runtime/transaction.js';
import { diagnoseTxt, failureMessage } from './diagnose.js';

/** What was seen in DNS (or, for email-otp and bypass, what stands in for it) as evidence. */
export interface ProofSeen {
  readonly recordName: string | null;
  readonly valuesSeen: readonly string[];
  readonly resolvers: readonly string[];
  readonly authenticated: boolean;
}

export interface ProofTarget {
  readonly method: Method;
  readonly subject: string;
  readonly recordName: string | null;
  readonly recordValue: string | null;
}

/** Every outcome of one proof check. */
export type ProofOutcome =
  | { kind: 'found'; proof: ProofSeen }
  | { kind: 'missing'; answer: DnsAnswer<TxtRecord | string>; found: string[] }
  | { kind: 'lookup-failed'; error: ApexproofError; message: string };

/** A refused check as verification reports it: the catalog error and the one-line reason. */
export interface ProofRefusal {
  readonly error: ApexproofError;
  readonly message: string;
}

/** Plain text for a lookup that produced no definitive answer. */
export function lookupFailureMessage(result: Extract<DnsResult<unknown>, { ok: false }>): string {
  const every = (kinds: readonly string[]) =>
    result.failures.length > 0 && result.failures.every((f) => kinds.includes(f.kind));
  if (every(['timeout'])) return 'DNS query timed out';
  // SERVFAIL / REFUSED: the resolvers could not reach an authoritative server.
  if (every(['servfail', 'refused'])) return 'No nameservers available for query';
  return 'DNS lookup failed; try again shortly';
}

const lookupFailedOutcome = (
  name: string,
  result: Extract<DnsResult<unknown>, { ok: false }>,
): ProofOutcome => ({
  kind: 'lookup-failed',
  error: lookupFailed(name, result),
  message: lookupFailureMessage(result),
});

/** ns-delegation: the subject's NS set must hold the configured nameservers (all or any). */
async function checkNs(ctx: Context, subject: string): Promise<ProofOutcome> {
  const result = await lookupNs(ctx, subject);
  if (!result.ok) return lookupFailedOutcome(subject, result);
  const { answer } = result;
  const found = answer.records.map(canonicalHost);
  const { expected, match } = ctx.policy.nameservers;
  const present = (ns: string) => found.includes(ns);
  const delegated =
    expected.length > 0 && (match === 'all' ? expected.every(present) : expected.some(present));
  if (!delegated) return { kind: 'missing', answer, found };
  return {
    kind: 'found',
    proof: {
      recordName: subject,
      valuesSeen: found.map(printable),
      resolvers: [...answer.resolvers],
      authenticated: answer.authenticated,
    },
  };
}

/** One lookup of the proof a target (a challenge or a verified domain) stands on. */
export async function checkProof(ctx: Context, target: ProofTarget): Promise<ProofOutcome> {
  if (target.method === 'ns-delegation') return checkNs(ctx, target.subject);
  const name = target.recordName ?? target.subject;
  const expected = target.recordValue ?? '';
  const result = await lookupTxt(ctx, name);
  if (!result.ok) return lookupFailedOutcome(name, result);
  const { answer } = result;
  if (expected !== '' && txtMatches(answer.records, expected))
    return {
      kind: 'found',
      proof: {
        recordName: name,
        valuesSeen: answer.records.map((r) => printable(joinTxt(r))),
        resolvers: [...answer.resolvers],
        authenticated: answer.authenticated,
      },
    };
  return { kind: 'missing', answer, found: answer.records.map(joinTxt) };
}

/** A definitive NS answer without the expected delegation, in plain words. */
function nsMiss(
  ctx: Context,
  subject: string,
  miss: Extract<ProofOutcome, { kind: 'missing' }>,
): ProofRefusal {
  const expected = ctx.policy.nameservers.expected;
  const nxdomain = miss.answer.rcode === 'NXDOMAIN';
  const hint: DnsDiagnosisHint = nxdomain
    ? { kind: 'domain_does_not_exist' }
    : miss.found.length === 0
      ? { kind: 'no_record' }
      : { kind: 'value_mismatch' };
  const message = nxdomain
    ? `Domain ${subject} does not exist in DNS`
    : miss.found.length === 0
      ? `No nameservers found for ${subject}`
      : `Nameservers found but they don't match. Expected: ${expected.join(', ')}`;
  const diagnosis = {
    recordName: subject,
    expected: expected.join(' '),
    found: miss.found,
    cnameChain: [...miss.answer.cnameChain],
    hints: [hint],
  };
  return { error: apexError('DNS_NOT_PROPAGATED', { diagnosis }, message), message };
}

/** Explains a challenge's miss: DNS_NOT_PROPAGATED with the likely mistake as hints. */
export function explainMiss(
  ctx: Context,
  challenge: ChallengeRecord,
  zone: string,
  miss: Extract<ProofOutcome, { kind: 'missing' }>,
): ResultAsync<ProofRefusal, ApexproofError> {
  if (challenge.method === 'ns-delegation') return okAsync(nsMiss(ctx, challenge.subject, miss));
  const answer = miss.answer as DnsAnswer<TxtRecord>;
  return inTransaction(ctx, async (tx) =>
    ok(await tx.challenges.listForSubject(challenge.organizationId, challenge.subject)),
  ).andThen((older) =>
    ResultAsync.fromSafePromise(
      diagnoseTxt(ctx, { challenge, zone, answer, olderChallenges: older }),
    ).map((diagnosis) => ({
      error: apexError('DNS_NOT_PROPAGATED', { diagnosis }),
      message: failureMessage(diagnosis, zone),
    })),
  );
}
