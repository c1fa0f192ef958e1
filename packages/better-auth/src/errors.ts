// apexproof's error catalog, as better-auth sees errors: one `APIError` per apexproof error,
// with the catalog's HTTP status and `code`, and `$ERROR_CODES` built from the same catalog
// (there is no second list to keep in step).
import { type ApexproofError, type ErrorCode, errorCatalog } from '@apexproof/core';
import { APIError } from 'better-auth/api';

/** One entry of `$ERROR_CODES`: better-auth's raw error shape, keyed by the catalog's code. */
export interface ApexproofRawError<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  readonly message: string;
}

/**
 * Every code of apexproof's catalog with its default message, in the shape better-auth's
 * `$ERROR_CODES` (and a client's `$ERROR_CODES`) use. Frozen.
 */
export const APEXPROOF_ERROR_CODES: { readonly [C in ErrorCode]: ApexproofRawError<C> } =
  Object.freeze(
    Object.fromEntries(
      Object.values(errorCatalog).map((entry) => [
        entry.code,
        Object.freeze({ code: entry.code, message: entry.message }),
      ]),
    ) as { readonly [C in ErrorCode]: ApexproofRawError<C> },
  );

/** The JSON body of an apexproof error answered by the plugin. */
export interface ApexproofErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string;
  readonly docs: string;
  readonly details: unknown;
}

// better-call takes the status as a number from its own union; the catalog's statuses are in it.
type Status = ConstructorParameters<typeof APIError>[0];

/**
 * The `APIError` for an apexproof error: the catalog's status, and a body carrying `code`,
 * `message`, `hint`, `docs` and `details`. `RATE_LIMITED` also sets `Retry-After`.
 */
export function toAPIError(error: ApexproofError): APIError {
  const body: ApexproofErrorBody = {
    code: error.code,
    message: error.message,
    hint: error.hint,
    docs: error.docs,
    details: error.details,
  };
  const headers: Record<string, string> = {};
  const retryAfter = (error.details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  if (error.code === 'RATE_LIMITED' && typeof retryAfter === 'number')
    headers['Retry-After'] = String(Math.max(0, Math.ceil(retryAfter)));
  return new APIError(error.status as Status, { ...body }, headers);
}
