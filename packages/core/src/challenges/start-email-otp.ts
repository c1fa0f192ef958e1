// The email-otp method: a code sent to an address at the subject proves that the
// caller reads that mailbox. Weaker than DNS (anyone reading a shared alias passes), so domains
// verified this way are never re-checked by DNS and the docs say so.
import { err, ok, type ResultAsync, safeTry } from 'neverthrow';
import { checkAddress } from '../email/address.js';
import { hashCode, newCode } from '../email/otp.js';
import { emailProvidersLoaded } from '../email/providers.js';
import type { ApexproofError } from '../errors.js';
import type { Caller } from '../runtime/access.js';
import type { Context } from '../runtime/context.js';
import { newRowId } from '../runtime/ids.js';
import { appendMessages, templateBase } from '../runtime/outbox.js';
import { inTransaction } from '../runtime/transaction.js';
import { insertChallenge, newChallenge } from '../steps/challenge-records.js';
import { cooldownWait, rateLimited, usageWait } from '../steps/email-otp-usage.js';
import { prepareStart, type StartedChallenge } from '../steps/start.js';
import { viewChallenge } from '../steps/views.js';

/** Starts (or resends: a new code voids the previous one) an email-otp challenge. */
export function startEmailOtp(
  ctx: Context,
  caller: Caller,
  input: { domain: unknown; email: unknown },
): ResultAsync<StartedChallenge, ApexproofError> {
  return safeTry(async function* () {
    const { actor, organization, subject, conflict } = yield* prepareStart(
      ctx,
      caller,
      input.domain,
    );
    // The provider list is loaded on first use so bundles without e-mail codes never carry it.
    yield* emailProvidersLoaded();
    const { emailOtp } = ctx.policy;
    const address = yield* checkAddress(input.email, subject.subject, {
      apex: ctx.policy.apex,
      providers: emailOtp.providers,
      mailbox: emailOtp.mailbox,
    });
    const code = newCode(ctx.random, emailOtp.codeLength);
    // The id is drawn first: it keys the code's hash.
    const id = newRowId(ctx);
    const codeHash = await hashCode(ctx.random, code, { secret: emailOtp.secret, challengeId: id });
    const now = ctx.clock.now();
    const challenge = newChallenge(ctx, actor, subject, 'email-otp', {
      id,
      email: address.address,
      codeHash,
      codeIssuedAt: now,
      createdAt: now,
      expiresAt: new Date(now.getTime() + emailOtp.codeTtlMs),
    });
    const stored = yield* inTransaction(ctx, async (tx) => {
      // Under the subject lock, so two parallel requests cannot both pass the cooldown.
      await tx.domains.lockSubject(challenge.subject);
      const cooldown = await cooldownWait(ctx, tx, challenge);
      if (cooldown > 0) return err(rateLimited(cooldown));
      const wait = await usageWait(ctx, tx, challenge, 'issue');
      if (wait > 0) return err(rateLimited(wait));
      await insertChallenge(ctx, tx, challenge, actor);
      await appendMessages(ctx, tx, {
        organizationId: actor.organizationId,
        kind: 'email-otp',
        to: [address.address],
        mail: ctx.templates.emailOtp({
          ...templateBase(ctx, organization, subject.subject),
          code,
          expiresAt: challenge.expiresAt,
        }),
      });
      return ok(challenge);
    });
    return ok({ ...viewChallenge(ctx, stored), conflict });
  });
}
