// Shared helpers of the apex tests: read a result's reason, and load vendored vector files.
import { readFileSync } from 'node:fs';
import type { Result } from 'neverthrow';
import type { ApexInvalidReason, ApexproofError } from '../../src/index.js';

type Outcome<T> = Result<T, ApexproofError<'APEX_INVALID'>>;

/** The refusal reason, or `ok` when the input was accepted. */
export const reasonOf = <T>(result: Outcome<T>): ApexInvalidReason | 'ok' =>
  result.isOk() ? 'ok' : result.error.details.reason;

/** The accepted value; fails the test with the refusal message otherwise. */
export function accepted<T>(result: Outcome<T>): T {
  if (result.isErr()) {
    throw new Error(`refused (${result.error.details.reason}): ${result.error.message}`);
  }
  return result.value;
}

/** A vendored vector file (packages/core/test/vectors, see the README there). */
export const readVector = (path: string): string =>
  readFileSync(new URL(`../vectors/${path}`, import.meta.url), 'utf8');
