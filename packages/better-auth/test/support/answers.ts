// What an answer says, in the two ways the scenario calls endpoints: a client call's `error`
// (HTTP status and apexproof's `code`) and the APIError an `auth.api.*` call throws.
import { isAPIError } from 'better-auth/api';
import { expect } from 'vitest';

/** The error a client call answered with: HTTP status and apexproof's `code`. */
export function failure(result: { error: unknown }) {
  const error = result.error as { status?: number; code?: string } | null;
  expect(error, 'expected an error answer').toBeTruthy();
  return { status: error?.status, code: error?.code };
}

/** The APIError an `auth.api.*` call threw. */
export async function thrown(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAPIError(error), `expected an APIError, got ${String(error)}`).toBe(true);
  const apiError = error as { statusCode: number; body?: { code?: string; details?: unknown } };
  return {
    status: apiError.statusCode,
    code: apiError.body?.code,
    details: apiError.body?.details,
  };
}
