import { err, ok, type Result } from 'neverthrow';
import punycode from 'punycode/punycode.js';
import { toApex } from '../apex/normalize.js';
import { type ApexproofError, apexError } from '../errors.js';
import type { SubjectKind } from '../ports/records.js';
import type { RecordTemplate, ResolvedPolicy } from './policy.js';

export interface Subject {
  /** What is proven and held: the apex, or the exact host in `hostname` mode. */
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  /** The registrable domain: the zone a DNS panel manages. */
  readonly apex: string;
  /** Unicode display form of `subject`. */
  readonly display: string;
}

export const displayName = (ascii: string): string => {
  try {
    return punycode.toUnicode(ascii);
  } catch {
    return ascii;
  }
};

/** Normalizes user input to the subject the policy verifies (DESIGN §3, §4). */
export function toSubject(input: unknown, policy: ResolvedPolicy): Result<Subject, ApexproofError> {
  if (typeof input !== 'string')
    return err(apexError('INVALID_INPUT', { field: 'domain', problem: 'must be a string' }));
  const normalized = toApex(input, policy.apex);
  if (normalized.isErr()) return err(normalized.error);
  const { host, apex } = normalized.value;
  const subject = policy.subject === 'hostname' ? host : apex;
  return ok({ subject, subjectKind: policy.subject, apex, display: displayName(subject) });
}

/** The TXT record a challenge asks for, and its label relative to the zone (for DNS panels). */
export function recordFor(template: RecordTemplate, subject: Subject, token: string) {
  const name = template.name
    .replaceAll('{subject}', subject.subject)
    .replaceAll('{host}', subject.subject)
    .replaceAll('{apex}', subject.apex)
    .toLowerCase();
  const value = template.value.replaceAll('{token}', token);
  const relative = name.endsWith(`.${subject.apex}`)
    ? name.slice(0, -(subject.apex.length + 1))
    : name === subject.apex
      ? '@'
      : name;
  return { name, value, relative };
}
