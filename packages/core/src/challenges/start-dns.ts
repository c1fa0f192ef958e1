// startChallenge for `dns-txt` (the record to publish, its relative label, value and expiry)
// and `ns-delegation` (the nameservers to delegate to).
import { ok, type ResultAsync } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import { newToken } from '../model/ids.js';
import type { Actor } from '../ports/directory.js';
import type { ChallengeRecord } from '../ports/records.js';
import type { Caller } from '../runtime/access.js';
import type { Context } from '../runtime/context.js';
import { recordFor, type Subject } from '../runtime/subject.js';
import { inTransaction } from '../runtime/transaction.js';
import { insertChallenge, newChallenge } from '../steps/challenge-records.js';
import { prepareStart, type StartedChallenge } from '../steps/start.js';
import { viewChallenge } from '../steps/views.js';

function dnsTxtChallenge(ctx: Context, actor: Actor, subject: Subject): ChallengeRecord {
  const token = newToken(ctx.random, ctx.policy.tokenBytes);
  const record = recordFor(ctx.policy.record, subject, token);
  return newChallenge(ctx, actor, subject, 'dns-txt', {
    token,
    recordName: record.name,
    recordValue: record.value,
  });
}

export function startDnsChallenge(
  ctx: Context,
  caller: Caller,
  domain: unknown,
  method: 'dns-txt' | 'ns-delegation',
): ResultAsync<StartedChallenge, ApexproofError> {
  return prepareStart(ctx, caller, domain).andThen(({ actor, subject, conflict }) => {
    const challenge =
      method === 'dns-txt'
        ? dnsTxtChallenge(ctx, actor, subject)
        : newChallenge(ctx, actor, subject, 'ns-delegation');
    return inTransaction(ctx, async (tx) => {
      await insertChallenge(ctx, tx, challenge, actor);
      return ok(challenge);
    }).map((stored) => ({ ...viewChallenge(ctx, stored), conflict }));
  });
}
