// The contract every `Mailer` adapter passes (DESIGN §8, §11). It talks to the adapter only
// through the port, and checks what the backend really got through the `inbox` hook.
import type { Mailer, MailResult, OutgoingMail } from '@apexproof/core';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** One message as the backend received it, decoded (what a person would read). */
export interface ReceivedMail {
  /** The envelope recipient (RCPT TO), or the address the backend recorded. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Direct access to the backend behind the mailer, bypassing the adapter. */
export interface MailInbox {
  /** Everything received since the last `reset()`, oldest first. */
  received(): Promise<readonly ReceivedMail[]>;
  /** Forgets everything received; runs before each case. */
  reset(): Promise<void> | void;
}

/** Optional fault hooks: make the backend refuse mail until `heal()`. */
export interface MailFaults {
  /** The backend defers every message (SMTP 4xx or equivalent). */
  transient(): Promise<void> | void;
  /** The backend refuses every message for good (SMTP 5xx or equivalent). */
  permanent(): Promise<void> | void;
  /** The backend accepts mail again; runs before each case and after the suite. */
  heal(): Promise<void> | void;
}

/**
 * How `mailerContract` reaches the mailer under test and the backend behind it (`inbox`). Without
 * `failures` the fault cases (transient vs permanent) do not run.
 */
export interface MailerContractOptions {
  /** Suite name, e.g. 'smtp (STARTTLS)'. */
  readonly name: string;
  /** Called once per suite; the same mailer serves every case, faults included. */
  readonly create: () => Mailer | Promise<Mailer>;
  /** Releases what `create` opened (a connection pool, say). */
  readonly dispose?: (mailer: Mailer) => Promise<void> | void;
  readonly inbox: MailInbox;
  /** A reason to skip the whole suite (e.g. a server that is not available), or false. */
  readonly skip?: string | false;
  readonly failures?: MailFaults;
  /** Runs of the round-trip property (default 25). */
  readonly propertyRuns?: number;
}

/**
 * Compares addresses the way mail routing does: the domain in A-labels and lower case (an IDN
 * domain may arrive as A-labels, or as U-labels under SMTPUTF8), the local part exactly.
 */
export function normalizeMailAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const domain = address.slice(at + 1);
  let ascii = domain.toLowerCase();
  try {
    ascii = new URL(`http://${domain}/`).hostname;
  } catch {
    // not a valid host: compare it as written, lower-cased
  }
  return `${address.slice(0, at)}@${ascii}`;
}

// SMTP carries text as CRLF lines; a line break is a line break whichever way it arrives.
const lines = (s: string) => s.replace(/\r\n?/g, '\n');

function expectSame(received: ReceivedMail, sent: OutgoingMail) {
  expect(normalizeMailAddress(received.to)).toBe(normalizeMailAddress(sent.to));
  expect(received.subject).toBe(sent.subject);
  expect(lines(received.text)).toBe(lines(sent.text));
  expect(lines(received.html)).toBe(lines(sent.html));
}

const mail = (overrides: Partial<OutgoingMail> = {}): OutgoingMail => ({
  to: 'owner@example.com',
  subject: 'Verify example.com',
  text: 'Your code is 123456.\nIt expires in 10 minutes.\n',
  html: '<p>Your code is <b>123456</b>.</p>\n<p>It expires in 10 minutes.</p>\n',
  ...overrides,
});

// Anything a template could put on one header line: printable Unicode (no control characters,
// which cannot stand in a header), including emoji and astral-plane text.
const subjectArb = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 120 })
  .map((s) => s.replace(/[\p{Cc}\u2028\u2029]/gu, ' ').trim())
  .filter((s) => s.length > 0);
// Bodies may hold line breaks (LF or CRLF, SMTP sends CRLF either way) and any printable text.
// They are never empty: every template has a text and an HTML part, and an empty part may be
// left out of the message altogether.
const bodyArb = fc
  .array(fc.string({ unit: 'grapheme', maxLength: 80 }), { minLength: 1, maxLength: 8 })
  .map((ls) => ls.map((l) => l.replace(/[\p{Cc}]/gu, ' ')).join('\n'))
  .filter((s) => s.length > 0);

async function expectNeverRejects(promise: Promise<MailResult>): Promise<MailResult> {
  const outcome = await promise.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).not.toHaveProperty('error');
  return (outcome as { result: MailResult }).result;
}

/** Registers the mailer contract suite for one adapter configuration. */
export function mailerContract(options: MailerContractOptions): void {
  const { inbox, failures } = options;
  const suite = options.skip ? describe.skip : describe;
  const title = options.skip ? `${options.name} (skipped: ${options.skip})` : options.name;

  suite(`Mailer contract: ${title}`, () => {
    let mailer: Mailer;

    beforeAll(async () => {
      mailer = await options.create();
    });
    afterAll(async () => {
      if (failures) await failures.heal();
      if (mailer && options.dispose) await options.dispose(mailer);
    });
    beforeEach(async () => {
      if (failures) await failures.heal();
      await inbox.reset();
    });

    it('delivers an accepted message exactly once, with every part intact', async () => {
      const sent = mail();
      const result = await mailer.send(sent);
      expect(result).toMatchObject({ ok: true });
      const received = await inbox.received();
      expect(received).toHaveLength(1);
      expectSame(received[0] as ReceivedMail, sent);
    });

    it('keeps a UTF-8 subject and body', async () => {
      const sent = mail({
        subject: 'Vérifiez bücher.example — 検証コード 🔐 Ωμέγα',
        text: 'Grüße aus Zürich!\n認証コード: 654321\nЗдравствуйте 👋\n',
        html: '<p>Grüße aus Zürich!</p><p>認証コード: <b>654321</b></p><p>Здравствуйте 👋</p>',
      });
      expect(await mailer.send(sent)).toMatchObject({ ok: true });
      const received = await inbox.received();
      expect(received).toHaveLength(1);
      expectSame(received[0] as ReceivedMail, sent);
    });

    it('delivers to an internationalized (IDN) recipient domain', async () => {
      const sent = mail({ to: 'owner@bücher.example' });
      expect(await mailer.send(sent)).toMatchObject({ ok: true });
      const received = await inbox.received();
      expect(received).toHaveLength(1);
      expect(normalizeMailAddress((received[0] as ReceivedMail).to)).toBe(
        'owner@xn--bcher-kva.example',
      );
      expectSame(received[0] as ReceivedMail, sent);
    });

    it('round-trips any printable subject and body', async () => {
      await fc.assert(
        fc.asyncProperty(subjectArb, bodyArb, bodyArb, async (subject, text, html) => {
          await inbox.reset();
          const sent = mail({ subject, text, html });
          expect(await mailer.send(sent)).toMatchObject({ ok: true });
          const received = await inbox.received();
          expect(received).toHaveLength(1);
          expectSame(received[0] as ReceivedMail, sent);
        }),
        { numRuns: options.propertyRuns ?? 25 },
      );
    }, 60_000);

    it.each([
      ['an empty address', ''],
      ['an address without @', 'owner.example.com'],
      ['an address with a line break', 'owner@example.com\r\nRCPT TO:<evil@example.net>'],
      ['an address with a space', 'owner @example.com'],
    ])('refuses %s for good and delivers nothing', async (_label, to) => {
      const result = await expectNeverRejects(mailer.send(mail({ to })));
      expect(result).toMatchObject({ ok: false, transient: false });
      expect(await inbox.received()).toHaveLength(0);
    });

    it('never rejects, even when called with something that is not a mail', async () => {
      for (const junk of [null, undefined, {}, { to: 42 }, 'owner@example.com']) {
        const result = await expectNeverRejects(mailer.send(junk as unknown as OutgoingMail));
        expect(result).toMatchObject({ ok: false, transient: false });
      }
      expect(await inbox.received()).toHaveLength(0);
    });

    describe.skipIf(!failures)('faults', () => {
      it('reports a deferral as transient and records nothing', async () => {
        await failures?.transient();
        const result = await expectNeverRejects(mailer.send(mail()));
        expect(result).toMatchObject({ ok: false, transient: true });
        expect(typeof (result as { detail?: unknown }).detail).toBe('string');
        expect(await inbox.received()).toHaveLength(0);
      });

      it('reports a refusal as permanent and records nothing', async () => {
        await failures?.permanent();
        const result = await expectNeverRejects(mailer.send(mail()));
        expect(result).toMatchObject({ ok: false, transient: false });
        expect(typeof (result as { detail?: unknown }).detail).toBe('string');
        expect(await inbox.received()).toHaveLength(0);
      });

      it('works again after the backend heals', async () => {
        await failures?.transient();
        expect(await mailer.send(mail())).toMatchObject({ ok: false, transient: true });
        await failures?.heal();
        const sent = mail({ subject: 'after the outage' });
        expect(await mailer.send(sent)).toMatchObject({ ok: true });
        const received = await inbox.received();
        expect(received).toHaveLength(1);
        expectSame(received[0] as ReceivedMail, sent);
      });
    });
  });
}
