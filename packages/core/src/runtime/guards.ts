// Untrusted call arguments, checked before anything else touches them. Values a host passes
// straight from a request body may be anything: objects whose toString/valueOf throw, bigint,
// symbols, megabytes of text. They are only ever described with `typeof`, never converted.
import { err, ok, type Result } from 'neverthrow';
import { shorten } from '../apex/refusal.js';
import { type ApexproofError, apexError } from '../errors.js';
import { isStorableText } from '../model/storable.js';

/** The longest id apexproof ever creates or accepts, in UTF-16 code units. */
export const MAX_ID_LENGTH = 256;

/** Longest id echoed back in error details; a longer one is cut with an ellipsis. */
const MAX_ECHOED_ID = 64;

/** A value the storage may be asked about: a non-empty string, ≤ 256 long, without U+0000. */
export const isStorableId = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length > 0 &&
  value.length <= MAX_ID_LENGTH &&
  isStorableText(value); // no U+0000, no lone surrogate

/** An id as echoed in error details: never a non-string, never longer than 64 characters. */
export const echoId = (value: unknown): string =>
  typeof value === 'string' ? shorten(value, MAX_ECHOED_ID) : '';

/** A missing id (not a string, or empty) is a malformed call; any other string is looked up. */
export const isMissingId = (value: unknown): boolean => typeof value !== 'string' || value === '';

/** Free text a user supplies that is stored: PostgreSQL cannot store U+0000. */
export const hasNul = (text: string): boolean => !isStorableText(text); // or a lone surrogate

/** What a value is, for messages: short strings as themselves, anything else by its type. */
export const describeValue = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(shorten(value, 32)) : typeof value;

/** A thrown value as text for error details, without calling anything on it. */
export const describeThrown = (e: unknown): string => {
  try {
    if (e instanceof Error) {
      const message: unknown = e.message;
      if (typeof message === 'string') return message;
    }
    return typeof e === 'string' ? e : `non-Error ${typeof e}`;
  } catch {
    // A Proxy whose traps throw, a `message` getter that throws: describing must not throw.
    return `an unreadable ${typeof e}`;
  }
};

/**
 * Whole-number options of a maintenance call. `options` may be absent or a plain object; each
 * field absent → its fallback; a finite number → floored and clamped to [min, MAX_SAFE_INTEGER];
 * anything else (string, bigint, NaN, Infinity, an object) → INVALID_INPUT, so a misconfigured
 * scheduler hears about it at once instead of running with a guess.
 */
export function countOptions<K extends string>(
  options: unknown,
  spec: Record<K, { fallback: number; min: number }>,
): Result<Record<K, number>, ApexproofError> {
  if (
    options !== undefined &&
    options !== null &&
    (typeof options !== 'object' || Array.isArray(options))
  )
    return err(
      apexError('INVALID_INPUT', {
        field: 'options',
        problem: `must be an object, got ${describeValue(options)}`,
      }),
    );
  const given = (options ?? {}) as Record<string, unknown>;
  const out = {} as Record<K, number>;
  for (const field of Object.keys(spec) as K[]) {
    const { fallback, min } = spec[field];
    const value = given[field];
    if (value === undefined) out[field] = fallback;
    else if (typeof value === 'number' && Number.isFinite(value))
      out[field] = Math.min(Number.MAX_SAFE_INTEGER, Math.max(min, Math.floor(value)));
    else
      return err(
        apexError('INVALID_INPUT', {
          field,
          problem: `must be a finite number, got ${describeValue(value)}`,
        }),
      );
  }
  return ok(out);
}

/** A required id: missing → INVALID_INPUT for `field`; otherwise the string, maybe unstorable. */
export function requireId(value: unknown, field: string): Result<string, ApexproofError> {
  return isMissingId(value)
    ? err(apexError('INVALID_INPUT', { field, problem: 'required' }))
    : ok(value as string);
}

/**
 * An id the storage may be asked about, or the `notFound` answer: an id no row can have
 * (U+0000, over 256 long) never reaches the storage.
 */
export function storableId(
  value: string,
  notFound: (id: string) => ApexproofError,
): Result<string, ApexproofError> {
  return isStorableId(value) ? ok(value) : err(notFound(value));
}
