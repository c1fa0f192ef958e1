// Looking a proof up in DNS. `checkProof` is shared by verification and re-verification; only
// a definitive answer can be a miss, everything else is a lookup failure that counts for nothing.
import { ok, okAsync, ResultAsync } from 'neverthrow';
import type { Context } from '../app/context.js';
import { inTransaction, lookupFailed, lookupNs, lookupTxt } from '../app/edge.js';
import { canonicalHost } from '../app/policy.js';
import { printable } from '../app/printable.js';
import { type ApexproofError, apexError, type DnsDiagnosisHint } from '../errors.js';
import type { DnsAnswer, DnsResult, TxtRecord } from '../ports/dns.js';
import type { ChallengeRecord, Method } from '../ports/records.js';
import type { ProofSeen } from './commit.js';
import { diagnoseTxt, failureMessage } from './diagnose.js';
import { joinTxt, txtMatches } from './match.js';

export interface ProofTarget {
  readonly method: Method;
  readonly subject: string;
  readonly recordName: string | null;
  readonly recordValue: string | null;
}

export type ProofCheck =
  | { kind: 'found'; proof: ProofSeen }
  | { kind: 'missing'; answer: DnsAnswer<TxtRecord | string>; found: string[] }
  | { kind: 'failed'; result: Extract<DnsResult<unknown>, { ok: false }>; name: string };

/** ns-delegation: the subject's NS set must hold the configured nameservers (all or any). */
async function checkNs(ctx: Context, subject: string): Promise<ProofCheck> {
  const result = await lookupNs(ctx, subject);
  if (!result.ok) return { kind: 'failed', result, name: subject };
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

/** One lookup of the proof a target stands on. */
export async function checkProof(ctx: Context, target: ProofTarget): Promise<ProofCheck> {
  if (target.method === 'ns-delegation') return checkNs(ctx, target.subject);
  const name = target.recordName ?? target.subject;
  const expected = target.recordValue ?? '';
  const result = await lookupTxt(ctx, name);
  if (!result.ok) return { kind: 'failed', result, name };
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

export type ProbeOutcome =
  | { kind: 'found'; proof: ProofSeen }
  | { kind: 'missing'; error: ApexproofError; message: string }
  | { kind: 'lookup-failed'; error: ApexproofError; message: string };

/** A definitive NS answer without the expected delegation, in ScaiDNS's words. */
function nsMiss(
  ctx: Context,
  subject: string,
  check: Extract<ProofCheck, { kind: 'missing' }>,
): ProbeOutcome {
  const expected = ctx.policy.nameservers.expected;
  const nxdomain = check.answer.rcode === 'NXDOMAIN';
  const hint: DnsDiagnosisHint = nxdomain
    ? { kind: 'domain_does_not_exist' }
    : check.found.length === 0
      ? { kind: 'no_record' }
      : { kind: 'value_mismatch' };
  const message = nxdomain
    ? `Domain ${subject} does not exist in DNS`
    : check.found.length === 0
      ? `No nameservers found for ${subject}`
      : `Nameservers found but they don't match. Expected: ${expected.join(', ')}`;
  const diagnosis = {
    recordName: subject,
    expected: expected.join(' '),
    found: check.found,
    cnameChain: [...check.answer.cnameChain],
    hints: [hint],
  };
  return {
    kind: 'missing',
    error: apexError('DNS_NOT_PROPAGATED', { diagnosis }, message),
    message,
  };
}

/** ScaiDNS-style text for a lookup that produced no definitive answer. */
export function lookupFailureMessage(result: Extract<DnsResult<unknown>, { ok: false }>): string {
  const every = (kinds: readonly string[]) =>
    result.failures.length > 0 && result.failures.every((f) => kinds.includes(f.kind));
  if (every(['timeout'])) return 'DNS query timed out';
  // SERVFAIL / REFUSED: the resolvers could not reach an authoritative server.
  if (every(['servfail', 'refused'])) return 'No nameservers available for query';
  return 'DNS lookup failed; try again shortly';
}

/** Checks a challenge's proof and, on a miss, diagnoses it. */
export function probe(
  ctx: Context,
  challenge: ChallengeRecord,
  zone: string,
): ResultAsync<ProbeOutcome, ApexproofError> {
  return ResultAsync.fromSafePromise(checkProof(ctx, challenge)).andThen((check) => {
    if (check.kind === 'found') return ResultAsync.fromSafePromise(Promise.resolve(check));
    if (check.kind === 'failed')
      return ResultAsync.fromSafePromise(
        Promise.resolve<ProbeOutcome>({
          kind: 'lookup-failed',
          error: lookupFailed(check.name, check.result),
          message: lookupFailureMessage(check.result),
        }),
      );
    if (challenge.method === 'ns-delegation')
      return okAsync<ProbeOutcome, ApexproofError>(nsMiss(ctx, challenge.subject, check));
    const answer = check.answer as DnsAnswer<TxtRecord>;
    return inTransaction(ctx, async (tx) =>
      ok(await tx.challenges.listForSubject(challenge.organizationId, challenge.subject)),
    ).andThen((older) =>
      ResultAsync.fromSafePromise(
        diagnoseTxt(ctx, { challenge, zone, answer, olderChallenges: older }),
      ).map(
        (diagnosis): ProbeOutcome => ({
          kind: 'missing',
          error: apexError('DNS_NOT_PROPAGATED', { diagnosis }),
          message: failureMessage(diagnosis, zone),
        }),
      ),
    );
  });
}
