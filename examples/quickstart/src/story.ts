// The whole lifecycle in readable steps, on the in-memory adapters: challenge, publish, verify,
// conflict and takeover, the e-mail the previous owners get, redirect decisions, daily
// re-verification that downgrades and restores, a pending challenge the scheduler verifies on
// its own, and the domain events arriving as signed webhooks. State lives in memory unless a
// Storage is given.
import { type ApexproofError, createApexproof, type Storage } from '@apexproof/core';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
} from '@apexproof/memory';
import { createWebhookSink } from '@apexproof/webhooks';
import { webhookReceiver } from './receiver.js';

const DAY = 86_400_000;

export interface QuickstartOptions {
  /** Where the story keeps its state: an empty, ready storage (e.g. PostgreSQL, migrated).
   *  Defaults to the in-memory storage. */
  readonly storage?: Storage;
}

export async function runQuickstart(
  say: (line: string) => void = console.log,
  options: QuickstartOptions = {},
): Promise<void> {
  const storage = options.storage ?? createMemoryStorage();
  const dns = createMemoryDns();
  const mailer = createMemoryMailer();
  const clock = createManualClock(new Date('2026-11-02T09:00:00Z'));
  const directory = createMemoryDirectory({
    organizations: [
      {
        id: 'org_acme',
        name: 'Acme Inc',
        members: [{ userId: 'alice', role: 'owner', email: 'alice@acme.co' }],
      },
      {
        id: 'org_rival',
        name: 'Rival LLC',
        members: [{ userId: 'bob', role: 'owner', email: 'bob@rival.example' }],
      },
    ],
  });
  // Domain events go out as Standard Webhooks. The story hands each request to the receiver in
  // this process (`fetch` below); a host gives the sink its real endpoint instead.
  const secret = `whsec_${btoa('apexproof quickstart demo secret')}`;
  const received: string[] = [];
  const receive = webhookReceiver(secret, (event) =>
    received.push(`${event.type.padEnd(34)} ${event.subject}  (${event.organizationId})`),
  );
  const events = createWebhookSink({
    url: 'https://hooks.dashboard.example/apexproof',
    secret,
    fetch: async (url, init) => await receive(new Request(url, init)),
  });
  const app = createApexproof({
    storage,
    dns,
    mailer,
    directory,
    clock,
    events,
    policy: { dashboardUrl: 'https://dashboard.example/domains' },
  });
  const alice = { organizationId: 'org_acme', userId: 'alice' };
  const bob = { organizationId: 'org_rival', userId: 'bob' };
  const step = (title: string) => say(`\n== ${title}`);
  const refused = (e: ApexproofError) => `refused ${e.code} (${e.status}): ${e.message}`;
  const today = () => clock.now().toISOString().slice(0, 10);

  step('1. Acme asks to verify "App.Acme.co" — it is normalized to the apex');
  const started = (
    await app.startChallenge(alice, { domain: 'App.Acme.co', method: 'dns-txt' })
  )._unsafeUnwrap();
  const record = started.record ?? { name: '', host: '', value: '' };
  say(`   domain ${started.domain}, expires ${started.expiresAt.toISOString()}`);
  say(`   publish TXT  ${record.name}  (host field in most DNS panels: ${record.host})`);
  say(`   value        ${record.value}`);

  step('2. Verify before publishing');
  const early = await app.verifyChallenge(alice, { challengeId: started.id });
  if (early.isErr())
    say(
      `   ${refused(early.error)} The challenge stays ${(await app.getChallenge(alice, started.id))._unsafeUnwrap().status}`,
    );

  step('3. Acme publishes the record and verifies');
  dns.setTxt(record.name, [record.value]);
  // One check per challenge every 5 s (policy.verifyLimits): a retry sooner is RATE_LIMITED.
  clock.advance(5_000);
  const verified = (await app.verifyChallenge(alice, { challengeId: started.id }))._unsafeUnwrap();
  say(`   verified ${verified.apex} as domain ${verified.domainId}`);

  step('4. Rival LLC claims acme.co too');
  const rival = (
    await app.startChallenge(bob, { domain: 'acme.co', method: 'dns-txt' })
  )._unsafeUnwrap();
  say(`   warning shown to Rival: already verified by "${rival.conflict?.organizationName}"`);
  dns.setTxt(record.name, [record.value, rival.record?.value ?? '']);
  const noAck = await app.verifyChallenge(bob, { challengeId: rival.id });
  if (noAck.isErr()) say(`   without acknowledgement: ${refused(noAck.error)}`);
  const takeover = (
    await app.verifyChallenge(bob, { challengeId: rival.id, acknowledgeTakeover: true })
  )._unsafeUnwrap();
  say(
    `   with acknowledgement: Rival holds acme.co (taken from ${takeover.takeoverFrom?.organizationName})`,
  );

  step("5. Acme's owners are told (outbox delivered through the mailer)");
  await app.deliverNotifications();
  for (const mail of mailer.sent)
    say(`   to ${mail.to}: "${mail.subject}"\n   ${mail.text.split('\n')[2]}`);

  step('6. Acme wins it back the same way (its old row is restored)');
  const back = await app.startChallenge(alice, { domain: 'acme.co', method: 'dns-txt' });
  const backRecord = back._unsafeUnwrap().record?.value ?? '';
  dns.setTxt(record.name, [backRecord]);
  const regained = (
    await app.verifyChallenge(alice, {
      challengeId: back._unsafeUnwrap().id,
      acknowledgeTakeover: true,
    })
  )._unsafeUnwrap();
  say(
    `   Acme holds acme.co again (domain ${regained.domainId}, same id: ${regained.domainId === verified.domainId})`,
  );

  step('7. Redirect URLs');
  await app.addRedirectPattern(alice, { subdomain: 'app', apex: 'acme.co', path: '/oauth' });
  say('   registered pattern https://app.acme.co/oauth');
  for (const url of [
    'https://app.acme.co/oauth/callback?state=xyz',
    'https://app.acme.co/oauthx',
    'https://acme.co.evil.com/oauth',
    'https://app.acme.co/oauth/../admin',
    'http://app.acme.co/oauth',
  ]) {
    const decision = await app.authorizeRedirect('org_acme', url);
    // A host redirects to decision.value.url (canonical), never to the input.
    const target = decision.isOk() ? `  → ${decision.value.url}` : '';
    say(
      `   ${decision.isOk() ? 'accepted' : `refused ${decision.error.code}`.padEnd(44)}  ${url}${target}`,
    );
  }

  step('8. Daily re-verification: the record disappears');
  dns.remove(record.name);
  for (let day = 1; day <= 3; day++) {
    clock.advance(DAY);
    const report = (await app.reverifyDue())._unsafeUnwrap();
    const [domain] = (await app.listDomains(alice))._unsafeUnwrap();
    say(
      `   ${today()}: missed ${report.missed}, downgraded ${report.downgraded} → ${domain?.status} (misses ${domain?.consecutiveMisses})`,
    );
  }
  const blocked = await app.authorizeRedirect('org_acme', 'https://app.acme.co/oauth');
  if (blocked.isErr()) say(`   redirects now refused: ${blocked.error.code}`);
  await app.deliverNotifications();
  say(`   e-mail to ${mailer.sent.at(-1)?.to}: "${mailer.sent.at(-1)?.subject}"`);

  step('9. The record comes back: restored automatically');
  dns.setTxt(record.name, [backRecord]);
  clock.advance(DAY);
  const report = (await app.reverifyDue())._unsafeUnwrap();
  say(
    `   ${today()}: restored ${report.restored} → ${(await app.listDomains(alice))._unsafeUnwrap()[0]?.status}`,
  );
  say(
    `   redirect accepted again: ${(await app.authorizeRedirect('org_acme', 'https://app.acme.co/oauth')).isOk()}`,
  );
  await app.deliverNotifications();
  say(`   e-mail to ${mailer.sent.at(-1)?.to}: "${mailer.sent.at(-1)?.subject}"`);

  step('10. Acme adds acme.dev and publishes the record; nobody clicks verify');
  const dev = (
    await app.startChallenge(alice, { domain: 'acme.dev', method: 'dns-txt' })
  )._unsafeUnwrap();
  dns.setTxt(dev.record?.name ?? '', [dev.record?.value ?? '']);
  say(`   first scheduled check at ${dev.nextCheckAt?.toISOString()}`);
  clock.advance(60_000);
  // The host's scheduler calls this every minute, like reverifyDue.
  const pending = (await app.checkPending())._unsafeUnwrap();
  say(`   checkPending: checked ${pending.checked}, verified ${pending.verified}`);
  await app.deliverNotifications();
  say(`   e-mail to ${mailer.sent.at(-1)?.to}: "${mailer.sent.at(-1)?.subject}"`);

  step('11. Domain events arrive as signed webhooks');
  // One call sends the oldest pending event of each domain (order per domain holds across
  // workers); a scheduler calls it again and again. Here: until nothing is left.
  let delivered = 0;
  for (;;) {
    const sent = (await app.deliverEvents({ limit: 100 }))._unsafeUnwrap();
    delivered += sent.delivered;
    if (sent.claimed === 0) break;
  }
  say(`   delivered ${delivered} events, each signature verified by the receiver:`);
  for (const line of received) say(`   ${line}`);
}
