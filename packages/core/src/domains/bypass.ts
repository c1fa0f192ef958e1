// Privileged bypass (ScaiDNS): support staff record a verified domain without a proof, with a
// required reason. Audited and marked `method: 'bypass'`; it respects the takeover policy.

import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { checkActor, organizationOf, requireNotScheduledForDeletion } from '../app/access.js';
import type { Context } from '../app/context.js';
import { ask } from '../app/edge.js';
import { echoId, hasNul, isMissingId, isStorableId } from '../app/input.js';
import { unstorableProblem } from '../app/storable.js';
import { toSubject } from '../app/subject.js';
import { commitVerification, type VerifiedResult } from '../challenges/commit.js';
import { type ApexproofError, apexError } from '../errors.js';

export interface BypassInput {
  readonly organizationId: string;
  readonly domain: string;
  readonly reason: string;
  readonly acknowledgeTakeover?: boolean;
}

export function bypassVerification(
  ctx: Context,
  actorInput: unknown,
  input: BypassInput,
): ResultAsync<VerifiedResult, ApexproofError> {
  // The permission comes first: a caller without it learns nothing about its input.
  return checkActor(actorInput).andThen((actor) =>
    ask(() => ctx.directory.canBypass(actor))
      .andThen((allowed) =>
        allowed === true
          ? okAsync(actor)
          : errAsync(apexError('FORBIDDEN', { required: 'bypass permission' })),
      )
      .andThen(() => validInput(ctx, input))
      .andThen(({ reason, subject, organizationId }) =>
        organizationOf(ctx, organizationId)
          .andThen(requireNotScheduledForDeletion)
          .andThen((organization) =>
            commitVerification(ctx, {
              actor,
              organization,
              subject: subject.subject,
              subjectKind: subject.subjectKind,
              method: 'bypass',
              challenge: null,
              acknowledgeTakeover: input?.acknowledgeTakeover === true,
              proof: { recordName: null, valuesSeen: [], resolvers: [], authenticated: false },
              evidenceKind: 'bypass',
              reason,
            }),
          ),
      ),
  );
}

/** The reason (required, trimmed), the target organization id and the subject. */
function validInput(ctx: Context, input: BypassInput) {
  const reason = typeof input?.reason === 'string' ? input.reason.trim() : '';
  if (reason === '' || reason.length > 1000)
    return errAsync(
      apexError('INVALID_INPUT', { field: 'reason', problem: 'required, at most 1000 characters' }),
    );
  // The reason is stored as evidence: PostgreSQL cannot store U+0000.
  if (hasNul(reason))
    return errAsync(
      apexError('INVALID_INPUT', { field: 'reason', problem: unstorableProblem(reason) ?? '' }),
    );
  const organizationId = input.organizationId;
  if (isMissingId(organizationId))
    return errAsync(apexError('INVALID_INPUT', { field: 'organizationId', problem: 'required' }));
  const subject = toSubject(input.domain, ctx.policy);
  if (subject.isErr()) return errAsync(subject.error);
  // An id no organization can have is not found, without asking the directory.
  if (!isStorableId(organizationId))
    return errAsync(
      apexError('ORGANIZATION_NOT_FOUND', { organizationId: echoId(organizationId) }),
    );
  return okAsync({ reason, subject: subject.value, organizationId });
}
