// The app's sendEmail as apexproof's Mailer: resolving is "sent", a throw or a rejection is a
// transient failure, so the outbox keeps the message and tries again.
import type { OutgoingMail } from '@apexproof/core';
import { createMemoryDns, createMemoryStorage } from '@apexproof/memory';
import { describe, expect, it } from 'vitest';
import { mailerFromSendEmail } from '../src/index.js';
import { buildAuth, clientFor, createOrganization, signUp } from './support/auth.js';

const mail: OutgoingMail = { to: 'a@acme.co', subject: 's', text: 't', html: '<p>t</p>' };

describe('mailerFromSendEmail', () => {
  it('answers ok when sendEmail resolves, transient when it throws or rejects', async () => {
    expect(await mailerFromSendEmail(async () => {}).send(mail)).toEqual({ ok: true });
    const thrown = await mailerFromSendEmail(() => {
      throw new Error('smtp down');
    }).send(mail);
    expect(thrown).toMatchObject({ ok: false, transient: true });
    expect(thrown.ok ? '' : thrown.detail).toContain('smtp down');
    const rejected = await mailerFromSendEmail(() => Promise.reject('nope')).send(mail);
    expect(rejected).toMatchObject({ ok: false, transient: true });
    const huge = await mailerFromSendEmail(() => {
      throw new Error('x'.repeat(1_000_000));
    }).send(mail);
    expect(huge.ok ? 0 : huge.detail.length).toBeLessThanOrEqual(500);
  });

  it('keeps an e-mail code in the outbox while sendEmail throws, and sends it later', async () => {
    let failing = true;
    const sent: OutgoingMail[] = [];
    const auth = buildAuth({
      storage: createMemoryStorage(),
      dns: createMemoryDns(),
      sendEmail: async (m) => {
        if (failing) throw new Error('mail provider outage');
        sent.push(m);
      },
      plugin: { policy: { delivery: { baseDelayMs: 0, maxDelayMs: 0 } } },
    });
    const client = clientFor(auth);
    await signUp(client, 'Mia');
    await createOrganization(client, 'Mia Co');
    const started = await client.domainVerification.start({
      domain: 'mia.co',
      method: 'email-otp',
      email: 'admin@mia.co',
    });
    expect(started.error).toBeNull();
    const down = await auth.api.deliverDomainNotifications({ body: {} });
    expect(down).toMatchObject({ sent: 0, retried: 1, parked: 0 });
    failing = false;
    const up = await auth.api.deliverDomainNotifications({ body: {} });
    expect(up).toMatchObject({ sent: 1, parked: 0 });
    expect(sent.map((m) => m.to)).toEqual(['admin@mia.co']);
  });
});
