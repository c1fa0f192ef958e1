// The invariants the model-based lifecycle test checks after every step, and the bookkeeping
// of the transitions only re-verification makes (downgrade, restore).
import type { AuditRecord, VerifiedDomainRecord } from '@apexproof/core';
import { expect } from 'vitest';
import { expectNotice, type Model, type NoticeKind, type Sut } from './world.js';

export const APEXES = ['acme.co', 'shared.co'];

/**
 * One `reverifyDue` call changes each row at most once, so comparing the rows before and after
 * tells which downgrades and restores it made. Only re-verification may make them: a row
 * downgraded by a takeover is never restored, and a restore never goes over another holder.
 */
export function recordReverification(
  model: Model,
  sut: Sut,
  before: readonly VerifiedDomainRecord[],
  after: readonly VerifiedDomainRecord[],
  report: { downgraded: number; restored: number },
): void {
  let downgraded = 0;
  let restored = 0;
  for (const row of after) {
    const prev = before.find((d) => d.id === row.id);
    if (!prev || prev.status === row.status) continue;
    if (row.status === 'downgraded') {
      expect(row.downgradeReason).toBe('reverification');
      expectNotice(model, 'downgrade', row.organizationId);
      downgraded++;
    } else {
      expect(prev.downgradeReason).toBe('reverification');
      expectNotice(model, 'restore', row.organizationId);
      model.holder.set(row.subject, row.organizationId);
      restored++;
    }
  }
  expect({ downgraded, restored }).toEqual({
    downgraded: report.downgraded,
    restored: report.restored,
  });
  sut.stats.downgrades += downgraded;
  sut.stats.restores += restored;
}

/** Checks every invariant of DESIGN §4–§6 and §9 against what the storage really holds. */
export async function checkInvariants(sut: Sut, model: Model): Promise<void> {
  const domains = await sut.world.inspect.domains();
  const outbox = await sut.world.inspect.outbox();
  const audit = await sut.world.inspect.audit();

  // At most one active holder per subject, and it is the organization whose claim stands;
  // when none is active, that organization lost it to a re-verification downgrade only.
  for (const apex of APEXES) {
    const active = domains.filter((d) => d.subject === apex && d.status === 'active');
    expect(active.length).toBeLessThanOrEqual(1);
    const expected = model.holder.get(apex);
    if (active[0]) expect(active[0].organizationId).toBe(expected);
    else if (expected !== undefined)
      expect(
        domains.find((d) => d.subject === apex && d.organizationId === expected),
      ).toMatchObject({ status: 'downgraded', downgradeReason: 'reverification' });
  }

  // Every takeover, downgrade, restore and verification by a pending check produced exactly
  // one notice per owner of the organization it affected, and nothing else did.
  for (const { organizationId } of sut.world.organizations) {
    const owners = sut.world.owners[organizationId] ?? [];
    for (const kind of [
      'takeover',
      'downgrade',
      'restore',
      'verified',
    ] as const satisfies NoticeKind[]) {
      const events = model.notices.get(`${kind} ${organizationId}`) ?? 0;
      const notices = outbox.filter((m) => m.kind === kind && m.organizationId === organizationId);
      expect(notices.length, `${kind} notices of ${organizationId}`).toBe(events * owners.length);
      for (const owner of owners)
        expect(notices.filter((m) => m.to === owner).length, `${kind} to ${owner}`).toBe(events);
    }
  }

  // A challenge validates at most once, and only a successful answer commits a verification.
  const verifiedBy = audit.filter((e) => e.type === 'domain.verified').map((e) => e.challengeId);
  expect(new Set(verifiedBy).size).toBe(verifiedBy.length);
  expect(verifiedBy.length).toBe(model.verifications);

  // One event per state change, exactly (issue #14): the model's takeovers, downgrades and
  // restores are its notices; each takeover tells both sides, every other verification once.
  const events = (await sut.world.inspect.events()).map((e) => e.event);
  const count = (type: string) => events.filter((e) => e.type === type).length;
  const noticed = (kind: NoticeKind) =>
    [...model.notices].filter(([k]) => k.startsWith(`${kind} `)).reduce((n, [, v]) => n + v, 0);
  expect(count('domain.taken_over'), 'taken_over events').toBe(2 * noticed('takeover'));
  expect(count('domain.downgraded'), 'downgraded events').toBe(noticed('downgrade'));
  expect(count('domain.restored'), 'restored events').toBe(noticed('restore'));
  expect(count('domain.verified'), 'verified events').toBe(
    model.verifications - noticed('takeover'),
  );
  // findHolder agrees with the storage's active holder.
  for (const apex of APEXES) {
    const active = domains.find((d) => d.subject === apex && d.status === 'active');
    const found = await sut.app.findHolder(apex);
    expect(found.isOk()).toBe(true);
    expect(found.isOk() ? found.value : 'error').toEqual(
      active ? { organizationId: active.organizationId, domainId: active.id, subject: apex } : null,
    );
  }

  // Nothing is lost: the outbox only grows and what the mailer accepted is marked sent.
  expect(outbox.length).toBeGreaterThanOrEqual(sut.outboxSeen);
  sut.outboxSeen = outbox.length;
  expect(outbox.filter((m) => m.status === 'sent').length).toBe(sut.world.mailer.sent.length);
  expect(outbox.some((m) => m.status === 'parked')).toBe(false);
}

/**
 * One `checkPending` call: it may verify challenges whose proof is published, but never takes
 * a subject from its active holder (that needs a member's acknowledgement). Books what it
 * verified — found in the audit trail, marked as the pending check's — into the model.
 */
export function recordPendingChecks(
  model: Model,
  sut: Sut,
  before: { domains: readonly VerifiedDomainRecord[]; auditCount: number },
  after: { domains: readonly VerifiedDomainRecord[]; audit: readonly AuditRecord[] },
  report: { verified: number; awaitingAcknowledgement: number },
): void {
  for (const apex of APEXES) {
    const was = before.domains.find((d) => d.subject === apex && d.status === 'active');
    const now = after.domains.find((d) => d.subject === apex && d.status === 'active');
    if (was) expect(now?.organizationId, `holder of ${apex}`).toBe(was.organizationId);
  }
  const verified = after.audit
    .slice(before.auditCount)
    .filter((e) => e.type === 'domain.verified' && e.actorUserId === null);
  expect(verified.length).toBe(report.verified);
  for (const e of verified) {
    expect((e.details as { takeoverFrom?: unknown }).takeoverFrom).toBe(null);
    if (e.challengeId) sut.validated.add(e.challengeId);
    expectNotice(model, 'verified', e.organizationId);
    if (e.subject !== null) model.holder.set(e.subject, e.organizationId);
    model.verifications++;
  }
  sut.stats.verified += verified.length;
  sut.stats.pendingVerified += verified.length;
  sut.stats.awaitingAcknowledgement += report.awaitingAcknowledgement;
}
