// A consumer whose own neverthrow is another 8.x than the one apexproof is built with: the
// library's ResultAsync/Result must be this project's types (neverthrow is a peer), so they
// assign to annotations and chain with this project's own combinators.
import {
  type ApexproofError,
  createApexproof,
  type NormalizedApex,
  toApex,
  type VerifiedResult,
} from '@apexproof/core';
import {
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
} from '@apexproof/memory';
import { okAsync, type Result, type ResultAsync } from 'neverthrow';

const apex: Result<NormalizedApex, ApexproofError> = toApex('app.acme.co');
const app = createApexproof({
  storage: createMemoryStorage(),
  dns: createMemoryDns(),
  mailer: createMemoryMailer(),
  directory: createMemoryDirectory({ organizations: [] }),
});
const verified: ResultAsync<VerifiedResult, ApexproofError> = app.verifyChallenge(
  { organizationId: 'org', userId: 'u' },
  { challengeId: 'c' },
);
const chained: ResultAsync<number, ApexproofError> = verified.andThen(() => okAsync(1));
console.log(apex.isOk(), (await chained).isErr());
