// Smaller defects of DESIGN §4–§5: a lookup that outlives verifyLockMs never answers 404;
// reverifyDue reports add up (rows changed mid-check are `skipped`); in hostname mode the
// diagnosis judges existence on the zone.
import { describe, expect, it } from 'vitest';
import { alice, createWorld } from './world.js';

/** A resolver whose next answer waits until the test releases it. */
function gatedTxt(w: ReturnType<typeof createWorld>) {
  let release = () => {};
  let gated = true;
  const txt = async (name: string) => {
    if (gated) {
      gated = false;
      await new Promise<void>((r) => {
        release = r;
      });
    }
    return w.dns.txt(name);
  };
  return { txt, release: () => release() };
}

describe('a lookup that outlives verifyLockMs', () => {
  it('learns that a second call validated the challenge, never CHALLENGE_NOT_FOUND', async () => {
    const w = createWorld({ verifyLockMs: 60_000 });
    const gate = gatedTxt(w);
    w.faults.dns = { txt: gate.txt };
    const started = (
      await w.app.startChallenge(alice, { domain: 'slow.example', method: 'dns-txt' })
    )._unsafeUnwrap();
    w.dns.setTxt(started.record?.name ?? '', [started.record?.value ?? '']);
    const first = w.app.verifyChallenge(alice, { challengeId: started.id });
    await new Promise((r) => setTimeout(r, 20)); // the first call holds the lock, waiting on DNS
    w.clock.advance(61_000);
    const second = await w.app.verifyChallenge(alice, { challengeId: started.id });
    expect(second.isOk()).toBe(true);
    gate.release();
    const answer = await first;
    if (answer.isErr()) expect(answer.error.code).toBe('CHALLENGE_IN_PROGRESS');
    else expect(answer.value.domainId).toBe(second._unsafeUnwrap().domainId);
  });
});

describe('reverifyDue reports add up', () => {
  it('counts a row changed mid-check as skipped', async () => {
    const w = createWorld();
    const started = (
      await w.app.startChallenge(alice, { domain: 'swept.example', method: 'dns-txt' })
    )._unsafeUnwrap();
    w.dns.setTxt(started.record?.name ?? '', [started.record?.value ?? '']);
    const domain = (
      await w.app.verifyChallenge(alice, { challengeId: started.id })
    )._unsafeUnwrap();
    w.clock.advance(2 * 86_400_000);
    const gate = gatedTxt(w);
    w.faults.dns = { txt: gate.txt };
    const sweep = w.app.reverifyDue();
    await new Promise((r) => setTimeout(r, 20));
    // Removed while its check is in flight.
    (await w.app.removeDomain(alice, { domainId: domain.domainId }))._unsafeUnwrap();
    gate.release();
    const report = (await sweep)._unsafeUnwrap();
    expect(report).toMatchObject({ checked: 1, skipped: 1, ok: 0, missed: 0, errored: 0 });
    expect(report.ok + report.missed + report.errored + report.skipped).toBe(report.checked);
  });
});

describe('hostname mode diagnosis', () => {
  it('does not call an existing zone nonexistent, and keeps zone_appended_twice', async () => {
    const w = createWorld({ subject: 'hostname', record: 'acme' });
    const started = (
      await w.app.startChallenge(alice, { domain: 'app.zone.example', method: 'dns-txt' })
    )._unsafeUnwrap();
    const name = started.record?.name ?? '';
    // The zone exists; the host does not yet; the panel appended the zone a second time.
    w.dns.setTxt('zone.example', ['v=spf1 -all']);
    w.dns.setTxt(`${name}.zone.example`, [started.record?.value ?? '']);
    const r = await w.app.verifyChallenge(alice, { challengeId: started.id });
    const error = r._unsafeUnwrapErr();
    expect(error.code).toBe('DNS_NOT_PROPAGATED');
    const hints = (error.details as { diagnosis: { hints: { kind: string }[] } }).diagnosis.hints;
    expect(hints.map((h) => h.kind)).toContain('zone_appended_twice');
    expect(hints.map((h) => h.kind)).not.toContain('domain_does_not_exist');
    const [c] = await w.storage.inspect.challenges();
    expect(c?.lastFailure).not.toMatch(/does not exist/);
  });
});
