// Privileged bypass: support staff record a verified domain without a proof, with a
// required reason. Audited and marked `method: 'bypass'`; it respects the takeover policy.
import type { ResultAsync } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import type { Actor } from '../ports/directory.js';
import { organizationOf, requireNotScheduledForDeletion } from '../runtime/access.js';
import type { Context } from '../runtime/context.js';
import type { Subject } from '../runtime/subject.js';
import { commitVerification, type VerifiedResult } from '../steps/commit.js';

/**
 * What `bypassVerification` takes: the organization to record the domain for (support staff usually
 * act for another organization), the domain, and the reason (required, trimmed, at most 1000
 * characters), kept in the evidence and the audit trail. The takeover policy still applies: only
 * `acknowledgeTakeover: true` takes the subject from its holder.
 */
export interface BypassInput {
  readonly organizationId: string;
  readonly domain: string;
  readonly reason: string;
  readonly acknowledgeTakeover?: boolean;
}

/** The bypass as the facade hands it over: permission granted, every field checked. */
export interface CheckedBypass {
  readonly organizationId: string;
  readonly subject: Subject;
  readonly reason: string;
  readonly acknowledgeTakeover: boolean;
}

export function bypassVerification(
  ctx: Context,
  actor: Actor,
  input: CheckedBypass,
): ResultAsync<VerifiedResult, ApexproofError> {
  return organizationOf(ctx, input.organizationId)
    .andThen(requireNotScheduledForDeletion)
    .andThen((organization) =>
      commitVerification(ctx, {
        actor,
        organization,
        subject: input.subject.subject,
        subjectKind: input.subject.subjectKind,
        method: 'bypass',
        challenge: null,
        acknowledgeTakeover: input.acknowledgeTakeover,
        proof: { recordName: null, valuesSeen: [], resolvers: [], authenticated: false },
        evidenceKind: 'bypass',
        reason: input.reason,
      }),
    );
}
