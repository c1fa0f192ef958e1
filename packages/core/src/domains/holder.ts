// findHolder (issue #14 §3): who holds the subject of a host, URL or e-mail address. For SSO
// routing and auto-join ("bob@acme.co signed up: offer to join Acme"). No actor: it reveals only
// what the verified-domain badge already shows publicly (which organization holds a domain);
// the host decides whether to expose it (docs/security-model.md).
import { errAsync, ok, type ResultAsync } from 'neverthrow';
import { refuse, toApexInvalid } from '../apex/refusal.js';
import type { ApexproofError } from '../errors.js';
import type { Context } from '../runtime/context.js';
import { toSubject } from '../runtime/subject.js';
import { read } from '../runtime/transaction.js';

/**
 * The active holder of a subject, as `findHolder` answers it: the organization, its verified
 * domain row and the subject (the apex, or the exact host in hostname mode).
 */
export interface Holder {
  readonly organizationId: string;
  readonly domainId: string;
  /** The subject held: the apex, or the exact host in hostname mode. */
  readonly subject: string;
}

/** `bob@acme.co` → `acme.co`; anything else is taken as a host or URL. */
function hostPart(input: string): string {
  const trimmed = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed; // a URL: the apex parser reads it
  const at = trimmed.lastIndexOf('@');
  return at > 0 ? trimmed.slice(at + 1) : trimmed;
}

/** The active holder of the input's subject, or null; one indexed read. */
export function findHolder(
  ctx: Context,
  input: unknown,
): ResultAsync<Holder | null, ApexproofError> {
  if (typeof input !== 'string')
    return errAsync(
      toApexInvalid(refuse('malformed', 'Enter a domain, URL or e-mail address.'), input),
    );
  const subject = toSubject(hostPart(input), ctx.policy);
  if (subject.isErr()) return errAsync(subject.error);
  return read(ctx, (tx) => tx.domains.activeHolder(subject.value.subject)).andThen((row) =>
    row
      ? ok({ organizationId: row.organizationId, domainId: row.id, subject: row.subject })
      : ok(null),
  );
}
