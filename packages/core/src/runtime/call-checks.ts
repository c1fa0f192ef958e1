// The checks `createApexproof` runs on a call's arguments before anyone is asked anything: a
// method that exists, a bypass that says why. Ids are checked with requireId / storableId.
import { err, ok, type Result, safeTry } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import { unstorableProblem } from '../model/storable.js';
import type { Context } from './context.js';
import { describeValue, echoId, requireId, storableId } from './guards.js';
import { toSubject } from './subject.js';

/** A bypass as a host passes it: anything, checked field by field. */
type BypassArguments = {
  readonly organizationId?: unknown;
  readonly domain?: unknown;
  readonly reason?: unknown;
  readonly acknowledgeTakeover?: unknown;
} | null;

const organizationNotFound = (id: string) =>
  apexError('ORGANIZATION_NOT_FOUND', { organizationId: echoId(id) });

/** A required reason (bypass, releaseOrganization): trimmed, 1–1000 characters, storable. */
export function checkReason(value: unknown): Result<string, ApexproofError> {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason === '' || reason.length > 1000)
    return err(
      apexError('INVALID_INPUT', { field: 'reason', problem: 'required, at most 1000 characters' }),
    );
  // The reason is stored (evidence, audit): no storage can hold U+0000 or a lone surrogate.
  const unstorable = unstorableProblem(reason);
  if (unstorable !== null)
    return err(apexError('INVALID_INPUT', { field: 'reason', problem: unstorable }));
  return ok(reason);
}

/** The reason (required, trimmed), the target organization id and the subject of a bypass. */
export function checkBypass(ctx: Context, input: BypassArguments) {
  return safeTry(function* () {
    const reason = yield* checkReason(input?.reason);
    const unchecked = yield* requireId(input?.organizationId, 'organizationId');
    const subject = yield* toSubject(input?.domain, ctx.policy);
    const organizationId = yield* storableId(unchecked, organizationNotFound);
    const acknowledgeTakeover = input?.acknowledgeTakeover === true;
    return ok({ reason, subject, organizationId, acknowledgeTakeover });
  });
}

/** releaseOrganization's arguments: an organization id and a reason. */
export function checkRelease(
  organizationId: unknown,
  options: { readonly reason?: unknown } | null,
) {
  return safeTry(function* () {
    const unchecked = yield* requireId(organizationId, 'organizationId');
    const reason = yield* checkReason(options?.reason);
    const id = yield* storableId(unchecked, organizationNotFound);
    return ok({ organizationId: id, reason });
  });
}

/** `startChallenge`'s method, before anyone is asked anything. */
export function checkMethod(
  ctx: Context,
  method: unknown,
): Result<'dns-txt' | 'ns-delegation' | 'email-otp', ApexproofError> {
  if (method === 'dns-txt' || method === 'ns-delegation' || method === 'email-otp') {
    if (method === 'ns-delegation' && ctx.policy.nameservers.expected.length === 0)
      return err(
        apexError('INVALID_INPUT', {
          field: 'method',
          problem: 'policy.nameservers is not configured',
        }),
      );
    return ok(method);
  }
  const problem =
    method === 'bypass'
      ? 'use bypassVerification for bypass'
      : `unsupported method ${describeValue(method)}`;
  return err(apexError('INVALID_INPUT', { field: 'method', problem }));
}
