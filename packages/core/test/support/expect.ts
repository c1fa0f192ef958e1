// Reading results as specifications: `await expectErr(app.verifyChallenge(...), 'FORBIDDEN')`
// instead of `(await app.verifyChallenge(...))._unsafeUnwrapErr().code`.
import type { Result, ResultAsync } from 'neverthrow';
import { expect } from 'vitest';
import type { ApexproofError, ErrorCode } from '../../src/index.js';

type Answer<T> = Result<T, ApexproofError> | ResultAsync<T, ApexproofError>;

/** The error of a refused call, after checking that it was refused with `code`. */
export async function expectErr<T>(answer: Answer<T>, code: ErrorCode): Promise<ApexproofError> {
  const result = await answer;
  if (result.isOk()) expect.fail(`expected ${code}, got Ok(${JSON.stringify(result.value)})`);
  expect(result.error.code).toBe(code);
  return result.error;
}

/** The value of an accepted call; a refusal fails the test with its code and message. */
export async function expectOk<T>(answer: Answer<T>): Promise<T> {
  const result = await answer;
  if (result.isErr()) expect.fail(`expected Ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
