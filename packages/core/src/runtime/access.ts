import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import type { Actor, Organization } from '../ports/directory.js';
import type { Context } from './context.js';
import { echoId, isStorableId } from './guards.js';
import { ask } from './transaction.js';

// An actor's ids are stored (createdBy, actorUserId): U+0000 or megabytes never get that far.
const isId = isStorableId;

/** Refuses a malformed actor before any port is asked about it. */
export function checkActor(actor: unknown): ResultAsync<Actor, ApexproofError> {
  const a = actor as Partial<Actor> | null | undefined;
  if (!a || typeof a !== 'object' || !isId(a.organizationId) || !isId(a.userId))
    return errAsync(
      apexError('INVALID_INPUT', { field: 'actor', problem: 'needs organizationId and userId' }),
    );
  return okAsync({ organizationId: a.organizationId, userId: a.userId });
}

/** The actor's organization, if it exists. */
export function organizationOf(
  ctx: Context,
  organizationId: string,
): ResultAsync<Organization, ApexproofError> {
  return ask(() => ctx.directory.organization(organizationId)).andThen((org) =>
    org
      ? okAsync(org)
      : errAsync(apexError('ORGANIZATION_NOT_FOUND', { organizationId: echoId(organizationId) })),
  );
}

/** Who is calling, as the facade has checked it: a known actor of an existing organization. */
export interface Caller {
  readonly actor: Actor;
  readonly organization: Organization;
}

/**
 * The actor must be a member (`read`) or hold a managing role (`manage`, owners by default;
 * a host may ask for its highest role when a verified domain unlocks branding).
 */
export function authorize(
  ctx: Context,
  actorInput: unknown,
  level: 'read' | 'manage',
): ResultAsync<Caller, ApexproofError> {
  return checkActor(actorInput).andThen((actor) =>
    organizationOf(ctx, actor.organizationId).andThen((organization) =>
      ask(() => ctx.directory.role(actor.organizationId, actor.userId)).andThen((role) => {
        if (role === null) return errAsync(apexError('FORBIDDEN', { required: 'member' }));
        if (level === 'manage' && !ctx.policy.manageRoles.includes(role))
          return errAsync(
            apexError('FORBIDDEN', { required: ctx.policy.manageRoles.join(' or ') }),
          );
        return okAsync({ actor, organization });
      }),
    ),
  );
}

/** Changes are refused for an organization that is being deleted. */
export function requireNotScheduledForDeletion(
  organization: Organization,
): ResultAsync<Organization, ApexproofError> {
  return organization.scheduledForDeletion
    ? errAsync(
        apexError('ORGANIZATION_SCHEDULED_FOR_DELETION', { organizationId: organization.id }),
      )
    : okAsync(organization);
}

/** Privileged calls (bypass): the directory must grant the actor the permission. */
export function authorizeBypass(
  ctx: Context,
  actorInput: unknown,
): ResultAsync<Actor, ApexproofError> {
  return checkActor(actorInput).andThen((actor) =>
    ask(() => ctx.directory.canBypass(actor)).andThen((allowed) =>
      allowed === true
        ? okAsync(actor)
        : errAsync(apexError('FORBIDDEN', { required: 'bypass permission' })),
    ),
  );
}
