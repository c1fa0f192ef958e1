// What every endpoint needs from better-auth's context: the use cases built for this auth
// instance in `init`, the actor of a session, and a Result turned into a value or an APIError.
import { type Actor, type Apexproof, type ApexproofError, apexError } from '@apexproof/core';
import { APIError, getSessionFromCtx } from 'better-auth/api';
import type { ResultAsync } from 'neverthrow';
import { toAPIError } from './errors.js';

/** The key under which `init` puts the use cases into better-auth's context. */
export const CONTEXT_KEY = 'apexproof';

/** The use cases of this auth instance (built in `init`). */
export function useCasesOf(context: object): Apexproof {
  const app = (context as { [CONTEXT_KEY]?: Apexproof })[CONTEXT_KEY];
  if (!app) {
    throw new APIError('INTERNAL_SERVER_ERROR', {
      message: 'the apexproof plugin was not initialized by better-auth',
    });
  }
  return app;
}

/** The value of an apexproof Result, or its error thrown as better-auth's `APIError`. */
export async function unwrap<T>(result: ResultAsync<T, ApexproofError>): Promise<T> {
  const settled = await result;
  if (settled.isErr()) throw toAPIError(settled.error);
  return settled.value;
}

interface SessionLike {
  /** better-auth's session row; the organization plugin adds `activeOrganizationId`. */
  readonly session: object;
  readonly user: { readonly id: string };
}

/**
 * The actor of a request: the session's user, in the organization the request names or else
 * the session's active organization. Whether the user belongs to it is the core's question
 * (a non-member is answered `FORBIDDEN`); with neither, `INVALID_INPUT` on `organizationId`.
 */
export function actorOf(session: SessionLike, organizationId: string | undefined): Actor {
  const active = (session.session as { activeOrganizationId?: unknown }).activeOrganizationId;
  const chosen = organizationId ?? (typeof active === 'string' ? active : undefined);
  if (chosen === undefined || chosen === '') {
    throw toAPIError(
      apexError(
        'INVALID_INPUT',
        { field: 'organizationId', problem: 'no active organization; pass organizationId' },
        'No organization: set an active organization or pass organizationId.',
      ) as ApexproofError,
    );
  }
  return { organizationId: chosen, userId: session.user.id };
}

/** The endpoint context `getSessionFromCtx` reads the session cookie (or bearer) from. */
export type EndpointContext = Parameters<typeof getSessionFromCtx>[0];

/**
 * The actor of a signed-in request (see `actorOf`); no session → 401 `UNAUTHORIZED`, as
 * better-auth's own session endpoints answer. Read in the handler rather than through
 * `sessionMiddleware`, so the published types carry no `any` from better-auth's session type.
 */
export async function sessionActor(
  ctx: EndpointContext,
  organizationId: string | undefined,
): Promise<Actor> {
  const session = await getSessionFromCtx(ctx);
  if (!session?.session)
    throw new APIError('UNAUTHORIZED', { message: 'Unauthorized', code: 'UNAUTHORIZED' });
  return actorOf(session, organizationId);
}
