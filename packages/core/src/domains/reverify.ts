// reverifyDue (DESIGN §5): lease due domains, look each proof up, then record the outcome with
// compare-and-set. Only a definitive miss is a strike; our own lookup failures change nothing
// but `lastAttemptAt`, so a resolver outage can never downgrade anybody.
import { errAsync, ok, type Result, ResultAsync } from 'neverthrow';
import type { Context } from '../app/context.js';
import { inTransaction } from '../app/edge.js';
import { newId } from '../app/ids.js';
import { countOptions } from '../app/input.js';
import { checkProof } from '../challenges/probe.js';
import type { ApexproofError } from '../errors.js';
import { appendMessages, ownersOf, templateBase } from '../notifications/outbox.js';
import type { VerifiedDomainRecord } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';

export interface ReverifyReport {
  readonly checked: number;
  readonly ok: number;
  readonly missed: number;
  readonly errored: number;
  readonly downgraded: number;
  readonly restored: number;
  /** Rows another worker or a user changed mid-check: left alone, checked on their next turn. */
  readonly skipped: number;
}

type Outcome = 'ok' | 'missed' | 'errored' | 'downgraded' | 'restored' | 'skipped';

async function audit(
  ctx: Context,
  tx: StorageTx,
  d: VerifiedDomainRecord,
  type: 'domain.downgraded' | 'domain.restored',
  details: Record<string, unknown>,
) {
  await tx.audit.append({
    id: newId(ctx.random, ctx.policy.idFormat),
    organizationId: d.organizationId,
    actorUserId: null,
    type,
    subject: d.subject,
    domainId: d.id,
    challengeId: null,
    details,
    at: ctx.clock.now(),
  });
}

/** Writes the checked row; a lost compare-and-set (removed, taken over meanwhile) skips it. */
async function save(
  tx: StorageTx,
  leased: VerifiedDomainRecord,
  next: Partial<VerifiedDomainRecord>,
) {
  return tx.domains.update(
    { ...leased, ...next, leaseUntil: null, version: leased.version + 1 },
    leased.version,
  );
}

function onFound(
  ctx: Context,
  leased: VerifiedDomainRecord,
  proof: { valuesSeen: readonly string[]; resolvers: readonly string[]; authenticated: boolean },
) {
  const now = ctx.clock.now();
  const base = {
    consecutiveMisses: 0,
    lastCheckedAt: now,
    lastAttemptAt: now,
    nextCheckAt: new Date(now.getTime() + ctx.policy.reverification.intervalMs),
  };
  if (leased.status === 'active')
    return inTransaction(ctx, async (tx) =>
      ok<Outcome>((await save(tx, leased, base)) ? 'ok' : 'skipped'),
    );
  // Downgraded by re-verification and the proof is back: restore unless someone else holds it now.
  return ownersOf(ctx, leased.organizationId).andThen((owners) =>
    inTransaction(ctx, async (tx): Promise<Result<Outcome, ApexproofError>> => {
      await tx.domains.lockSubject(leased.subject);
      const holder = await tx.domains.activeHolder(leased.subject);
      if (holder && holder.id !== leased.id)
        return ok((await save(tx, leased, base)) ? 'ok' : 'skipped');
      const restored = {
        ...base,
        status: 'active' as const,
        downgradeReason: null,
        downgradedAt: null,
      };
      if (!(await save(tx, leased, restored))) return ok('skipped');
      await appendMessages(ctx, tx, {
        organizationId: leased.organizationId,
        kind: 'restore',
        to: owners.emails,
        mail: ctx.templates.restore(
          templateBase(ctx, { id: leased.organizationId, name: owners.name }, leased.subject),
        ),
      });
      await tx.evidence.append({
        id: newId(ctx.random, ctx.policy.idFormat),
        organizationId: leased.organizationId,
        domainId: leased.id,
        challengeId: null,
        kind: 'restore',
        method: leased.method,
        subject: leased.subject,
        recordName: leased.recordName,
        valuesSeen: [...proof.valuesSeen],
        resolvers: [...proof.resolvers],
        authenticated: proof.authenticated,
        actorUserId: null,
        reason: null,
        at: now,
      });
      await audit(ctx, tx, leased, 'domain.restored', {});
      return ok('restored');
    }),
  );
}

function onMiss(ctx: Context, leased: VerifiedDomainRecord) {
  const now = ctx.clock.now();
  const misses = leased.consecutiveMisses + 1;
  const base = {
    consecutiveMisses: misses,
    lastCheckedAt: now,
    lastAttemptAt: now,
    nextCheckAt: new Date(now.getTime() + ctx.policy.reverification.intervalMs),
  };
  const crosses = leased.status === 'active' && misses >= ctx.policy.reverification.missThreshold;
  if (!crosses)
    return inTransaction(ctx, async (tx) =>
      ok<Outcome>((await save(tx, leased, base)) ? 'missed' : 'skipped'),
    );
  return ownersOf(ctx, leased.organizationId).andThen((owners) =>
    inTransaction(ctx, async (tx): Promise<Result<Outcome, ApexproofError>> => {
      const downgrade = {
        ...base,
        status: 'downgraded' as const,
        downgradeReason: 'reverification' as const,
        downgradedAt: now,
      };
      if (!(await save(tx, leased, downgrade))) return ok('skipped');
      await appendMessages(ctx, tx, {
        organizationId: leased.organizationId,
        kind: 'downgrade',
        to: owners.emails,
        mail: ctx.templates.downgrade({
          ...templateBase(ctx, { id: leased.organizationId, name: owners.name }, leased.subject),
          recordName: leased.recordName,
          recordValue: leased.recordValue,
          misses,
        }),
      });
      await audit(ctx, tx, leased, 'domain.downgraded', { reason: 'reverification', misses });
      return ok('downgraded');
    }),
  );
}

function checkOne(
  ctx: Context,
  leased: VerifiedDomainRecord,
): ResultAsync<Outcome, ApexproofError> {
  return ResultAsync.fromSafePromise(checkProof(ctx, leased)).andThen((check) => {
    if (check.kind === 'found') return onFound(ctx, leased, check.proof);
    if (check.kind === 'missing') return onMiss(ctx, leased);
    // Our lookup failed: no strike and no state change. The retry goes behind the domains that
    // are due, or failing zones (oldest first) would fill every batch and starve the rest.
    const now = ctx.clock.now();
    const nextCheckAt = new Date(now.getTime() + ctx.policy.reverification.errorRetryMs);
    return inTransaction(ctx, async (tx) =>
      ok<Outcome>(
        (await save(tx, leased, { lastAttemptAt: now, nextCheckAt })) ? 'errored' : 'skipped',
      ),
    );
  });
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export function reverifyDue(
  ctx: Context,
  options?: unknown,
): ResultAsync<ReverifyReport, ApexproofError> {
  const counts = countOptions(options, {
    limit: { fallback: 100, min: 0 },
    concurrency: { fallback: 8, min: 1 },
  });
  if (counts.isErr()) return errAsync(counts.error);
  const { limit, concurrency } = counts.value;
  const now = ctx.clock.now();
  const leaseUntil = new Date(now.getTime() + ctx.policy.reverification.leaseMs);
  return inTransaction(ctx, async (tx) =>
    ok(await tx.domains.claimDue({ now, limit, leaseUntil })),
  ).andThen((leased) =>
    ResultAsync.fromSafePromise(
      pool(leased, concurrency, (d) =>
        checkOne(ctx, d).match(
          (o) => o,
          () => 'errored' as Outcome,
        ),
      ),
    ).map((outcomes) => {
      const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
      return {
        checked: leased.length,
        ok: count('ok') + count('restored'),
        missed: count('missed') + count('downgraded'),
        errored: count('errored'),
        downgraded: count('downgraded'),
        restored: count('restored'),
        skipped: count('skipped'),
      };
    }),
  );
}
