import { mailerContract } from '@apexproof/testkit';
import { describe, expect, it } from 'vitest';
import { createMemoryMailer } from '../src/mailer.js';

const shared = createMemoryMailer();

mailerContract({
  name: 'memory',
  create: () => shared,
  inbox: {
    received: async () =>
      shared.sent.map(({ to, subject, text, html }) => ({ to, subject, text, html })),
    reset: () => shared.clear(),
  },
  failures: {
    transient: () => shared.failWith({ transient: true, detail: 'mailbox busy', code: 450 }),
    permanent: () => shared.failWith({ transient: false, detail: 'no such user', code: 550 }),
    heal: () => shared.heal(),
  },
});

const mail = { to: 'owner@example.com', subject: 's', text: 't', html: '<p>h</p>' };

describe('createMemoryMailer', () => {
  it('numbers sent messages in order and returns a message id', async () => {
    const mailer = createMemoryMailer();
    const first = await mailer.send(mail);
    await mailer.send({ ...mail, subject: 'second' });
    expect(first).toEqual({ ok: true, messageId: expect.stringContaining('memory-1') });
    expect(mailer.sent.map((m) => [m.seq, m.subject])).toEqual([
      [1, 's'],
      [2, 'second'],
    ]);
  });

  it('fails exactly the next n sends with the given fault, then delivers', async () => {
    const mailer = createMemoryMailer();
    mailer.failNext(2, { transient: true, detail: 'try later', code: 421 });
    expect(await mailer.send(mail)).toEqual({
      ok: false,
      transient: true,
      detail: 'try later',
      code: 421,
    });
    expect(await mailer.send(mail)).toMatchObject({ ok: false, transient: true });
    expect(await mailer.send(mail)).toMatchObject({ ok: true });
    expect(mailer.sent).toHaveLength(1);
  });

  it('keeps failing with a standing fault until healed, recording nothing', async () => {
    const mailer = createMemoryMailer();
    mailer.failWith({ transient: false, detail: 'rejected' });
    for (let i = 0; i < 3; i += 1) {
      expect(await mailer.send(mail)).toEqual({ ok: false, transient: false, detail: 'rejected' });
    }
    expect(mailer.sent).toHaveLength(0);
    mailer.heal();
    expect(await mailer.send(mail)).toMatchObject({ ok: true });
    expect(mailer.sent).toHaveLength(1);
  });

  it('ignores a non-positive failNext count', async () => {
    const mailer = createMemoryMailer();
    mailer.failNext(0, { transient: true, detail: 'x' });
    mailer.failNext(0.5, { transient: true, detail: 'x' });
    expect(await mailer.send(mail)).toMatchObject({ ok: true });
  });

  it('clear() forgets sent mail but keeps numbering', async () => {
    const mailer = createMemoryMailer();
    await mailer.send(mail);
    mailer.clear();
    expect(mailer.sent).toHaveLength(0);
    await mailer.send(mail);
    expect(mailer.sent[0]?.seq).toBe(2);
  });

  it('stores a copy, so later changes to the caller object do not leak in', async () => {
    const mailer = createMemoryMailer();
    const mutable = { ...mail };
    await mailer.send(mutable);
    mutable.subject = 'changed';
    expect(mailer.sent[0]?.subject).toBe('s');
  });
});
