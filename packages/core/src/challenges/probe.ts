// Looking a proof up in DNS. `checkProof` is shared by verification and re-verification; only
// a definitive answer can be a miss, everything else is a lookup failure that counts for nothing.
import { ok, ResultAsync } from 'neverthrow';
import type { Context } from '../app/context.js';
import { inTransaction, lookup, lookupFailed } from '../app/edge.js';
import { type ApexproofError, apexError } from '../errors.js';
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
  | { kind: 'missing'; answer: DnsAnswer<TxtRecord> }
  | { kind: 'failed'; result: Extract<DnsResult<unknown>, { ok: false }>; name: string };

/** One lookup of the proof a target stands on. */
export async function checkProof(ctx: Context, target: ProofTarget): Promise<ProofCheck> {
  const name = target.recordName ?? target.subject;
  const expected = target.recordValue ?? '';
  const result = await lookup(() => ctx.dns.txt(name));
  if (!result.ok) return { kind: 'failed', result, name };
  const { answer } = result;
  if (expected !== '' && txtMatches(answer.records, expected))
    return {
      kind: 'found',
      proof: {
        recordName: name,
        valuesSeen: answer.records.map(joinTxt),
        resolvers: [...answer.resolvers],
        authenticated: answer.authenticated,
      },
    };
  return { kind: 'missing', answer };
}

export type ProbeOutcome =
  | { kind: 'found'; proof: ProofSeen }
  | { kind: 'missing'; error: ApexproofError; message: string }
  | { kind: 'lookup-failed'; error: ApexproofError; message: string };

/** ScaiDNS-style text for a lookup that produced no definitive answer. */
export function lookupFailureMessage(result: Extract<DnsResult<unknown>, { ok: false }>): string {
  return result.failures.length > 0 && result.failures.every((f) => f.kind === 'timeout')
    ? 'DNS query timed out'
    : 'DNS lookup failed; try again shortly';
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
    return inTransaction(ctx, async (tx) =>
      ok(await tx.challenges.listForSubject(challenge.organizationId, challenge.subject)),
    ).andThen((older) =>
      ResultAsync.fromSafePromise(
        diagnoseTxt(ctx, { challenge, zone, answer: check.answer, olderChallenges: older }),
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
