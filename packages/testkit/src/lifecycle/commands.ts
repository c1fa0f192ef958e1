// The steps of the model-based lifecycle test: start, publish, verify (with and without
// acknowledgement) by DNS TXT, e-mail code and NS delegation, remove, re-verify, clock advance,
// DNS changes and mail outages. Each step runs, then every invariant is checked.
import { type Actor, recordPresets } from '@apexproof/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  APEXES,
  checkInvariants,
  recordPendingChecks,
  recordReverification,
} from './invariants.js';
import { expectNotice, type Model, type Sut } from './world.js';

const DAY = 86_400_000;
export const NAMESERVERS = ['ns1.model.example', 'ns2.model.example'];
/** The default record (the model world's policy sets no other). */
const recordName = (apex: string) => recordPresets.apexproof.name.replace('{subject}', apex);
const key = (org: string, apex: string) => `${org} ${apex}`;

function publish(sut: Sut, apex: string) {
  const values = [...(sut.published.get(apex)?.values() ?? [])];
  sut.world.dns.setTxt(recordName(apex), values);
}

type Cmd = fc.AsyncCommand<Model, Sut>;
const command = (label: string, run: (m: Model, s: Sut) => Promise<void>): Cmd => ({
  check: () => true,
  run: async (m, s) => {
    await run(m, s);
    await checkInvariants(s, m);
  },
  toString: () => label,
});

/** Publishes (or withdraws) the organization's latest challenge value in the apex's TXT set. */
function setPublished(s: Sut, org: string, apex: string, on: boolean) {
  const set = s.published.get(apex) ?? new Map<string, string>();
  const c = s.challenges.get(key(org, apex));
  if (on && c) set.set(org, c.value);
  else set.delete(org);
  s.published.set(apex, set);
  publish(s, apex);
}

async function start(s: Sut, actor: Actor, apex: string) {
  const r = await s.app.startChallenge(actor, { domain: apex, method: 'dns-txt' });
  if (r.isOk() && r.value.record)
    s.challenges.set(key(actor.organizationId, apex), {
      id: r.value.id,
      value: r.value.record.value,
    });
}

/** Checks a verification answer against the model and records the new holder. */
function settle(
  m: Model,
  s: Sut,
  claim: { actor: Actor; apex: string; ack: boolean; challengeId: string },
  r: Awaited<ReturnType<Sut['app']['verifyChallenge']>>,
) {
  const { actor, apex, ack, challengeId } = claim;
  const holder = m.holder.get(apex);
  if (r.isErr()) {
    if (r.error.code === 'APEX_TAKEOVER_REQUIRED') expect(ack).toBe(false);
    return;
  }
  expect(s.validated.has(challengeId)).toBe(false);
  s.validated.add(challengeId);
  s.stats.verified++;
  m.verifications++;
  if (r.value.takeoverFrom) {
    expect(ack).toBe(true);
    expect(r.value.takeoverFrom.organizationId).toBe(holder);
    expectNotice(m, 'takeover', r.value.takeoverFrom.organizationId);
    s.stats.takeovers++;
  }
  m.holder.set(apex, actor.organizationId);
}

/** Verifies the actor's latest dns-txt challenge for the apex. */
async function verify(m: Model, s: Sut, actor: Actor, apex: string, ack: boolean) {
  const c = s.challenges.get(key(actor.organizationId, apex));
  if (!c) return;
  const before = s.lookups();
  const r = await s.app.verifyChallenge(actor, { challengeId: c.id, acknowledgeTakeover: ack });
  // Invariant: a rate-limited verify issues no lookup.
  if (r.isErr() && r.error.code === 'RATE_LIMITED') expect(s.lookups()).toBe(before);
  settle(m, s, { actor, apex, ack, challengeId: c.id }, r);
}

/** email-otp: the code is read from the outbox, as the mailbox owner would read the e-mail. */
async function claimByEmail(m: Model, s: Sut, actor: Actor, apex: string, ack: boolean) {
  const email = `admin@${apex}`;
  const r = await s.app.startChallenge(actor, { domain: apex, method: 'email-otp', email });
  if (r.isErr()) return;
  const message = (await s.world.inspect.outbox())
    .filter((o) => o.kind === 'email-otp' && o.to === email && o.status === 'pending')
    .at(-1);
  const code = /\b(\d{6})\b/.exec(message?.text ?? '')?.[1];
  if (!code) return;
  const challengeId = r.value.id;
  const confirmed = await s.app.confirmChallenge(actor, {
    challengeId,
    code,
    acknowledgeTakeover: ack,
  });
  settle(m, s, { actor, apex, ack, challengeId }, confirmed);
}

/** ns-delegation: the apex is delegated to the configured nameservers, then verified. */
async function claimByNs(m: Model, s: Sut, actor: Actor, apex: string, ack: boolean) {
  s.world.dns.setNs(apex, NAMESERVERS);
  const r = await s.app.startChallenge(actor, { domain: apex, method: 'ns-delegation' });
  if (r.isErr()) return;
  const challengeId = r.value.id;
  const verified = await s.app.verifyChallenge(actor, { challengeId, acknowledgeTakeover: ack });
  settle(m, s, { actor, apex, ack, challengeId }, verified);
}

/** Advances day by day, re-verifying each day, and books the downgrades and restores. */
async function nextDays(m: Model, s: Sut, days: number) {
  for (let i = 0; i < days; i++) {
    s.world.clock.advance(DAY);
    const before = await s.world.inspect.domains();
    const report = (await s.app.reverifyDue({ limit: 50 }))._unsafeUnwrap();
    recordReverification(m, s, before, await s.world.inspect.domains(), report);
  }
}

/** A scheduler's pending-check sweep, a few minutes on. */
async function pendingSweep(m: Model, s: Sut, minutes: number) {
  s.world.clock.advance(minutes * 60_000);
  const domains = await s.world.inspect.domains();
  const auditCount = (await s.world.inspect.audit()).length;
  const report = await s.app.checkPending({ limit: 50 });
  expect(report.isOk()).toBe(true);
  if (report.isErr()) return;
  recordPendingChecks(
    m,
    s,
    { domains, auditCount },
    { domains: await s.world.inspect.domains(), audit: await s.world.inspect.audit() },
    report.value,
  );
}

/** The holder's record disappears long enough to be downgraded, then comes back. */
async function recordGoneThenBack(m: Model, s: Sut, apex: string) {
  const holder = (await s.world.inspect.domains()).find(
    (d) => d.subject === apex && d.status === 'active' && d.method === 'dns-txt',
  );
  if (!holder?.recordValue) return;
  const set = s.published.get(apex) ?? new Map<string, string>();
  set.delete(holder.organizationId);
  s.published.set(apex, set);
  publish(s, apex);
  await nextDays(m, s, 3);
  set.set(holder.organizationId, holder.recordValue);
  publish(s, apex);
  await nextDays(m, s, 1);
}

export function commands(orgCount: number) {
  const org = fc.integer({ min: 0, max: orgCount - 1 });
  const apex = fc.constantFrom(...APEXES);
  const actor = (s: Sut, i: number) => s.world.organizations[i] as Actor;
  const orgId = (s: Sut, i: number) => actor(s, i).organizationId;
  const claim = fc.tuple(org, apex, fc.boolean());
  return [
    fc
      .tuple(org, apex)
      .map(([o, a]) => command(`start(${o}, ${a})`, (_m, s) => start(s, actor(s, o), a))),
    claim.map(([o, a, on]) =>
      command(`${on ? 'publish' : 'unpublish'}(${o}, ${a})`, async (_m, s) =>
        setPublished(s, orgId(s, o), a, on),
      ),
    ),
    claim.map(([o, a, ack]) =>
      command(`verify(${o}, ${a}, ack=${ack})`, (m, s) => verify(m, s, actor(s, o), a, ack)),
    ),
    // The whole happy path in one step, so that sequences reach holders and takeovers often.
    claim.map(([o, a, ack]) =>
      command(`claim(${o}, ${a}, ack=${ack})`, async (m, s) => {
        await start(s, actor(s, o), a);
        setPublished(s, orgId(s, o), a, true);
        await verify(m, s, actor(s, o), a, ack);
      }),
    ),
    claim.map(([o, a, ack]) =>
      command(`claim by e-mail(${o}, ${a}, ack=${ack})`, (m, s) =>
        claimByEmail(m, s, actor(s, o), a, ack),
      ),
    ),
    claim.map(([o, a, ack]) =>
      command(`claim by NS(${o}, ${a}, ack=${ack})`, (m, s) =>
        claimByNs(m, s, actor(s, o), a, ack),
      ),
    ),
    apex.map((a) =>
      command(`drop every record of ${a}`, async (_m, s) => {
        s.published.set(a, new Map());
        publish(s, a);
        s.world.dns.setNs(a, []);
      }),
    ),
    fc.tuple(org, apex).map(([o, a]) =>
      command(`remove(${o}, ${a})`, async (m, s) => {
        const list = await s.app.listDomains(actor(s, o));
        const d = list.isOk() ? list.value.find((x) => x.domain === a) : undefined;
        if (!d) return;
        expect((await s.app.removeDomain(actor(s, o), { domainId: d.id })).isOk()).toBe(true);
        if (m.holder.get(a) === orgId(s, o)) m.holder.delete(a);
      }),
    ),
    apex.map((a) =>
      command(`record of the holder of ${a} gone for three days, then back`, (m, s) =>
        recordGoneThenBack(m, s, a),
      ),
    ),
    fc
      .integer({ min: 1, max: 3 })
      .map((days) => command(`next day ×${days}, re-verify`, (m, s) => nextDays(m, s, days))),
    fc
      .integer({ min: 1, max: 3 })
      .map((hours) =>
        command(`advance ${hours}h`, async (_m, s) => s.world.clock.advance(hours * 3_600_000)),
      ),
    fc
      .integer({ min: 1, max: 90 })
      .map((minutes) =>
        command(`${minutes} min on, check pending`, (m, s) => pendingSweep(m, s, minutes)),
      ),
    // Publish and let the scheduler notice, so sequences reach pending verifications (and, over
    // another organization's domain, awaited acknowledgements) in every runtime's run.
    fc.tuple(org, apex, fc.integer({ min: 1, max: 10 })).map(([o, a, minutes]) =>
      command(`start+publish(${o}, ${a}), ${minutes} min on, check pending`, async (m, s) => {
        await start(s, actor(s, o), a);
        setPublished(s, orgId(s, o), a, true);
        await pendingSweep(m, s, minutes);
      }),
    ),
    fc.tuple(apex, fc.boolean()).map(([a, down]) =>
      command(`resolver ${down ? 'down' : 'up'}(${a})`, async (_m, s) => {
        if (down) s.world.dns.fail(recordName(a), 'servfail');
        else s.world.dns.heal(recordName(a));
      }),
    ),
    fc.boolean().map((down) =>
      command(`mail ${down ? 'down' : 'up'}`, async (_m, s) => {
        if (down) s.world.mailer.failWith({ transient: true, detail: 'mail outage' });
        else s.world.mailer.heal();
      }),
    ),
    fc.constant(
      command('deliver', async (_m, s) => {
        expect((await s.app.deliverNotifications({ limit: 100 })).isOk()).toBe(true);
      }),
    ),
  ];
}
