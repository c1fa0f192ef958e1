// The one takeover rule (DESIGN §4 steps 4 and 6): when another organization actively holds the
// subject, `forbid` refuses outright and `acknowledge` asks for acknowledgement. Checked before
// any lookup (the challenge stays untouched) and again under the subject lock at the commit.
import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import type { VerifiedDomainRecord } from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import { ask } from '../runtime/transaction.js';

/**
 * Another organization that actively holds the subject, as `startChallenge` reports it: verifying
 * will need `acknowledgeTakeover` (takeover policy `acknowledge`). The name comes from the
 * `Directory`, or is the id when the directory does not know it.
 */
export interface Conflict {
  readonly organizationId: string;
  readonly organizationName: string;
}

/**
 * The gate: the holder to take over (null when the subject is free or already ours), or the
 * refusal. APEX_TAKEOVER_REQUIRED is built here with the holder's id as its name; the caller
 * names the holder with `nameTheHolder` once outside the transaction.
 */
export function takeoverGate(
  ctx: Context,
  holder: VerifiedDomainRecord | null,
  organizationId: string,
  acknowledged: boolean,
): Result<VerifiedDomainRecord | null, ApexproofError> {
  if (!holder || holder.organizationId === organizationId) return ok(null);
  if (ctx.policy.takeover === 'forbid')
    return err(apexError('DOMAIN_VERIFIED_ELSEWHERE', { subject: holder.subject }));
  if (!acknowledged) return err(takeoverRequired(holder.organizationId, holder.organizationId));
  return ok(holder);
}

const takeoverRequired = (organizationId: string, organizationName: string) =>
  apexError('APEX_TAKEOVER_REQUIRED', {
    conflictingOrganizationId: organizationId,
    conflictingOrganizationName: organizationName,
  });

/** The other organization holding the subject, with its display name from the directory. */
export function conflictOf(
  ctx: Context,
  holderOrganizationId: string | null,
  organizationId: string,
): ResultAsync<Conflict | null, ApexproofError> {
  if (holderOrganizationId === null || holderOrganizationId === organizationId)
    return okAsync(null);
  return ask(() => ctx.directory.organization(holderOrganizationId)).map((org) => ({
    organizationId: holderOrganizationId,
    organizationName: org?.name ?? holderOrganizationId,
  }));
}

/** For `orElse`: puts the holder's display name into APEX_TAKEOVER_REQUIRED; other errors pass. */
export const nameTheHolder =
  <T>(ctx: Context, organizationId: string) =>
  (error: ApexproofError): ResultAsync<T, ApexproofError> => {
    if (error.code !== 'APEX_TAKEOVER_REQUIRED') return errAsync(error);
    const holderId = (error as ApexproofError<'APEX_TAKEOVER_REQUIRED'>).details
      .conflictingOrganizationId;
    return conflictOf(ctx, holderId, organizationId).andThen((conflict) =>
      errAsync(takeoverRequired(holderId, conflict?.organizationName ?? holderId)),
    );
  };
