// reverifyDue (DESIGN §5): lease due domains, look each proof up, then record the outcome with
// compare-and-set. Only a definitive miss is a strike; our own lookup failures change nothing
// but `lastAttemptAt`, so a resolver outage can never downgrade anybody.
import { ok, type Result, ResultAsync } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import { domainDowngraded, domainRestored } from '../events/create.js';
import type { RenderedMail } from '../model/templates.js';
import type { VerifiedDomainRecord } from '../ports/records.js';
import type { StorageTx } from '../ports/storage.js';
import { appendAudit } from '../runtime/audit.js';
import type { Context } from '../runtime/context.js';
import { appendEvents, eventHeader } from '../runtime/events.js';
import { newRowId } from '../runtime/ids.js';
import { appendMessages, ownersOf, templateBase } from '../runtime/outbox.js';
import { claimingPool } from '../runtime/pool.js';
import { inTransaction } from '../runtime/transaction.js';
import { checkProof, type ProofSeen } from '../steps/proof.js';

/**
 * What one `reverifyDue` batch did. `checked` domains were leased; each ends as exactly one of `ok`
 * (proof found; includes `restored`), `missed` (definitive miss; includes `downgraded`), `errored`
 * (lookup failed, nothing counted) or `skipped`, so `checked = ok + missed + errored + skipped`.
 */
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

/** What every definitive answer writes: when it was checked, and when to check next. */
function checked(ctx: Context, consecutiveMisses: number) {
  const now = ctx.clock.now();
  return {
    consecutiveMisses,
    lastCheckedAt: now,
    lastAttemptAt: now,
    nextCheckAt: new Date(now.getTime() + ctx.policy.reverification.intervalMs),
  };
}

/** Saves the checked row alone: `outcome`, or `skipped` when the row moved on meanwhile. */
const saveOnly = (
  ctx: Context,
  leased: VerifiedDomainRecord,
  next: Partial<VerifiedDomainRecord>,
  outcome: Outcome,
) =>
  inTransaction(ctx, async (tx) =>
    ok<Outcome>((await save(tx, leased, next)) ? outcome : 'skipped'),
  );

type Owners = { name: string; emails: readonly string[] };

/**
 * A status change by re-verification itself (no actor): the row, a notice to the owners and the
 * audit event, in one transaction. `written` adds what else belongs to the change.
 */
async function changeStatus(
  ctx: Context,
  tx: StorageTx,
  leased: VerifiedDomainRecord,
  change: {
    readonly next: Partial<VerifiedDomainRecord>;
    readonly owners: Owners;
    readonly kind: 'restore' | 'downgrade';
    readonly mail: (base: ReturnType<typeof templateBase>) => RenderedMail;
    readonly audit: { type: 'domain.restored' | 'domain.downgraded'; details: object };
    readonly written?: () => Promise<void>;
  },
): Promise<boolean> {
  if (!(await save(tx, leased, change.next))) return false;
  const organization = { id: leased.organizationId, name: change.owners.name };
  await appendMessages(ctx, tx, {
    organizationId: leased.organizationId,
    kind: change.kind,
    to: change.owners.emails,
    mail: change.mail(templateBase(ctx, organization, leased.subject)),
  });
  await change.written?.();
  await appendAudit(ctx, tx, {
    organizationId: leased.organizationId,
    actorUserId: null,
    type: change.audit.type,
    subject: leased.subject,
    domainId: leased.id,
    details: { ...change.audit.details },
  });
  const header = eventHeader(ctx, leased.organizationId, leased.subject, ctx.clock.now());
  await appendEvents(ctx, tx, [
    change.kind === 'restore'
      ? domainRestored(header, { domainId: leased.id })
      : domainDowngraded(header, { domainId: leased.id }),
  ]);
  return true;
}

function onFound(ctx: Context, leased: VerifiedDomainRecord, proof: ProofSeen) {
  const base = checked(ctx, 0);
  if (leased.status === 'active') return saveOnly(ctx, leased, base, 'ok');
  // Downgraded by re-verification and the proof is back: restore unless someone else holds it now.
  return ownersOf(ctx, leased.organizationId).andThen((owners) =>
    inTransaction(ctx, async (tx): Promise<Result<Outcome, ApexproofError>> => {
      await tx.domains.lockSubject(leased.subject);
      const holder = await tx.domains.activeHolder(leased.subject);
      if (holder && holder.id !== leased.id)
        return ok((await save(tx, leased, base)) ? 'ok' : 'skipped');
      const restored = await changeStatus(ctx, tx, leased, {
        next: { ...base, status: 'active', downgradeReason: null, downgradedAt: null },
        owners,
        kind: 'restore',
        mail: (mailBase) => ctx.templates.restore(mailBase),
        written: () =>
          tx.evidence.append({
            id: newRowId(ctx),
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
            at: base.lastCheckedAt,
          }),
        audit: { type: 'domain.restored', details: {} },
      });
      return ok(restored ? 'restored' : 'skipped');
    }),
  );
}

function onMiss(ctx: Context, leased: VerifiedDomainRecord) {
  const misses = leased.consecutiveMisses + 1;
  const base = checked(ctx, misses);
  const crosses = leased.status === 'active' && misses >= ctx.policy.reverification.missThreshold;
  if (!crosses) return saveOnly(ctx, leased, base, 'missed');
  return ownersOf(ctx, leased.organizationId).andThen((owners) =>
    inTransaction(ctx, async (tx): Promise<Result<Outcome, ApexproofError>> => {
      const downgraded = await changeStatus(ctx, tx, leased, {
        next: {
          ...base,
          status: 'downgraded',
          downgradeReason: 'reverification',
          downgradedAt: base.lastCheckedAt,
        },
        owners,
        kind: 'downgrade',
        mail: (mailBase) =>
          ctx.templates.downgrade({
            ...mailBase,
            recordName: leased.recordName,
            recordValue: leased.recordValue,
            misses,
          }),
        audit: { type: 'domain.downgraded', details: { reason: 'reverification', misses } },
      });
      return ok(downgraded ? 'downgraded' : 'skipped');
    }),
  );
}

/**
 * One leased domain: its outcome, `errored` when a step failed (a storage or directory error is
 * reported in the count, and the row is checked again when its lease ends). Plain awaits rather
 * than a chain of ResultAsync wrappers: a sweep runs this once per domain.
 */
async function checkOne(ctx: Context, leased: VerifiedDomainRecord): Promise<Outcome> {
  const check = await checkProof(ctx, leased);
  let result: Result<Outcome, ApexproofError>;
  if (check.kind === 'found') result = await onFound(ctx, leased, check.proof);
  else if (check.kind === 'missing') result = await onMiss(ctx, leased);
  else {
    // Our lookup failed: no strike and no state change. The retry goes behind the domains that
    // are due, or failing zones (oldest first) would fill every batch and starve the rest.
    const now = ctx.clock.now();
    // At least 1 ms ahead: `errorRetryMs: 0` retries on the next call, never again in this one
    // (its chunks are claimed with the call's start as "now").
    const retryMs = Math.max(1, ctx.policy.reverification.errorRetryMs);
    const nextCheckAt = new Date(now.getTime() + retryMs);
    result = await saveOnly(ctx, leased, { lastAttemptAt: now, nextCheckAt }, 'errored');
  }
  return result.isOk() ? result.value : 'errored';
}

/**
 * One call, with options the facade has checked (`countOptions`): up to `limit` due domains,
 * leased a chunk at a time as lookups free up (`claimingPool`). Every chunk is judged due at the
 * call's start, so a domain this call rescheduled is never checked twice by it.
 */
export function reverifyDue(
  ctx: Context,
  options: { limit: number; concurrency: number },
): ResultAsync<ReverifyReport, ApexproofError> {
  const now = ctx.clock.now();
  const claim = (limit: number) =>
    inTransaction(ctx, async (tx) => {
      const leaseUntil = new Date(ctx.clock.now().getTime() + ctx.policy.reverification.leaseMs);
      return ok(await tx.domains.claimDue({ now, limit, leaseUntil }));
    });
  return new ResultAsync(claimingPool(options, claim, (d) => checkOne(ctx, d))).map((outcomes) => {
    const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
    return {
      checked: outcomes.length,
      ok: count('ok') + count('restored'),
      missed: count('missed') + count('downgraded'),
      errored: count('errored'),
      downgraded: count('downgraded'),
      restored: count('restored'),
      skipped: count('skipped'),
    };
  });
}
