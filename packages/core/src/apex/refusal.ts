// A refusal is how every step of the normalization pipeline (DESIGN §3) says no: a reason from
// the catalog plus a message specific to the input. Steps return `string | Refusal` rather than
// neverthrow Results so the hot path allocates nothing when it succeeds; `normalize.ts` turns a
// refusal into the one public error, `APEX_INVALID`.
import type { ApexInvalidReason, ApexproofError } from '../errors.js';
import { apexError } from '../errors.js';

export interface Refusal {
  readonly refused: true;
  readonly reason: ApexInvalidReason;
  readonly message: string;
}

export const refuse = (reason: ApexInvalidReason, message: string): Refusal => ({
  refused: true,
  reason,
  message,
});

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && (value as Partial<Refusal>).refused === true;

/** Longest raw input echoed back in `details.input`, in UTF-16 code units. */
export const MAX_ECHOED_INPUT = 256;

/**
 * The raw input as echoed in error details: capped so a megabyte of garbage does not travel
 * into logs, and never cut inside a surrogate pair.
 */
export const echoInput = (input: unknown): string =>
  typeof input === 'string' ? shorten(input, MAX_ECHOED_INPUT) : '';

/** `text` cut to at most `max` code units with an ellipsis, never inside a surrogate pair. */
export function shorten(text: string, max = 64): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

export const toApexInvalid = (refusal: Refusal, input: unknown): ApexproofError<'APEX_INVALID'> =>
  apexError('APEX_INVALID', { reason: refusal.reason, input: echoInput(input) }, refusal.message);
