// What a support agent asks: "what does DNS show at this record name, and why does it not
// match?" The same lookup and diagnosis as verification, without a stored challenge, so a
// command-line tool (`apexproof check`) explains a miss in the words the user would see.
import type { Result } from 'neverthrow';
import type { ApexproofError, DnsDiagnosis } from '../errors.js';
import { txtMatches } from '../model/match.js';
import type { DnsResolver, DnsResult, TxtRecord } from '../ports/dns.js';
import { lookupTxt } from '../runtime/dns.js';
import { type ApexproofPolicy, resolvePolicy } from '../runtime/policy.js';
import { recordFor, toSubject } from '../runtime/subject.js';
import { diagnoseTxt, failureMessage } from '../steps/diagnose.js';
import { lookupFailureMessage } from '../steps/proof.js';

export interface CheckRecordInput {
  /** The apex (or host, in hostname mode) the record proves. */
  readonly subject: string;
  /** The full record name, e.g. `_kayle-id-verification.acme.co`. */
  readonly recordName: string;
  /** The expected value; without it the check only reports what is published. */
  readonly expected?: string;
  /** Values of earlier challenges, recognised as an old token. */
  readonly previousValues?: readonly string[];
}

export type RecordCheck =
  | {
      /** `found`: the expected value is there; `shown`: no value was expected. */
      readonly outcome: 'found' | 'shown';
      readonly result: DnsResult<TxtRecord>;
      readonly message: string;
    }
  | {
      readonly outcome: 'missing';
      readonly result: DnsResult<TxtRecord>;
      readonly diagnosis: DnsDiagnosis;
      readonly message: string;
    }
  | {
      readonly outcome: 'lookup-failed';
      readonly result: DnsResult<TxtRecord>;
      readonly message: string;
    };

/** Looks the record up once and, when the expected value is missing, diagnoses why. */
export async function checkRecord(dns: DnsResolver, input: CheckRecordInput): Promise<RecordCheck> {
  const result = await lookupTxt({ dns }, input.recordName);
  if (!result.ok)
    return { outcome: 'lookup-failed', result, message: lookupFailureMessage(result) };
  const { answer } = result;
  const expected = input.expected;
  if (expected === undefined || expected === '') {
    const found = answer.records.length;
    const message = `${found} TXT record${found === 1 ? '' : 's'} at ${input.recordName}`;
    return { outcome: 'shown', result, message };
  }
  if (txtMatches(answer.records, expected))
    return { outcome: 'found', result, message: 'The expected record is published' };
  const challenge = {
    id: 'checked',
    subject: input.subject,
    recordName: input.recordName,
    recordValue: expected,
  };
  const olderChallenges = (input.previousValues ?? []).map((value, i) => ({
    id: `previous-${i + 1}`,
    recordValue: value,
  }));
  const diagnosis = await diagnoseTxt(
    { dns },
    { challenge, zone: input.subject, answer, olderChallenges },
  );
  return {
    outcome: 'missing',
    result,
    diagnosis,
    message: failureMessage(diagnosis, input.subject),
  };
}

export interface ExpectedRecord {
  readonly subject: string;
  readonly apex: string;
  /** The full record name. */
  readonly name: string;
  /** The expected value, when a token was given. */
  readonly value?: string;
}

/**
 * The record a challenge for `domain` asks for under `policy` (its subject mode, apex rules and
 * record template), with `token` filled in; the same rules `startChallenge` applies.
 */
export function expectedRecord(
  domain: string,
  policy: Pick<ApexproofPolicy, 'subject' | 'apex' | 'record'> = {},
  token?: string,
): Result<ExpectedRecord, ApexproofError> {
  const resolved = resolvePolicy(policy);
  return toSubject(domain, resolved).map((subject) => {
    const record = recordFor(resolved.record, subject, token ?? '');
    return {
      subject: subject.subject,
      apex: subject.apex,
      name: record.name,
      ...(token !== undefined && { value: record.value }),
    };
  });
}
