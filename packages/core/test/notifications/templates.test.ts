// The default notification templates (DESIGN §9): what each one says, that every interpolated
// value is escaped in HTML (hostile organization names, apex displays, records, links), and that
// a host can replace them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DowngradeContext,
  defaultTemplates,
  type EmailOtpContext,
  escapeHtml,
  type RenderedMail,
  type RestoreContext,
  type TakeoverContext,
} from '../../src/index.js';
import { acme, createWorld, rival, verifyDomain } from '../lifecycle/world.js';

const HOSTILE = `<script>alert("x")</script> & 'Co' <img src=x onerror=alert(1)>`;
const LINK = 'https://app.example/domains?tab=verified&org=acme';

const base = (over: Partial<RestoreContext> = {}): RestoreContext => ({
  organizationId: 'org_acme',
  organizationName: 'Acme Inc',
  subject: 'xn--bcher-kva.example',
  subjectDisplay: 'bücher.example',
  link: LINK,
  ...over,
});

const takeoverCtx = (over: Partial<TakeoverContext> = {}): TakeoverContext => ({
  ...base(),
  newOrganizationId: 'org_rival',
  newOrganizationName: 'Rival LLC',
  ...over,
});
const downgradeCtx = (over: Partial<DowngradeContext> = {}): DowngradeContext => ({
  ...base(),
  recordName: '_kayle-verification.bücher.example',
  recordValue: 'kayle-verification=tok123',
  misses: 3,
  ...over,
});
const otpCtx = (over: Partial<EmailOtpContext> = {}): EmailOtpContext => ({
  ...base(),
  code: '482916',
  expiresAt: new Date('2026-03-01T09:10:00Z'),
  ...over,
});

// The only markup the defaults write; everything else in the HTML must be escaped text.
const MARKUP = /<!doctype html>|<\/?(?:html|body|p)>|<a href="[^"<>]*">|<\/a>/g;
const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&amp;': '&',
};
/** What a reader of the HTML part can see or follow: tags dropped (link targets kept), entities decoded. */
const shownText = (html: string) =>
  html
    .replace(MARKUP, (tag) => `\n${/^<a href="([^"]*)">$/.exec(tag)?.[1] ?? ''}\n`)
    .replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e] ?? e);

function expectEscaped(mail: RenderedMail, values: readonly string[]) {
  const outside = mail.html.replace(MARKUP, '');
  expect(outside).not.toMatch(/[<>"']/);
  expect(outside).not.toMatch(/&(?!(?:lt|gt|quot|#39|amp);)/);
  for (const value of values) {
    expect(mail.text).toContain(value);
    expect(shownText(mail.html)).toContain(value);
  }
  expect(mail.subject).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
}

const all = [
  ['takeover', (c: TakeoverContext) => defaultTemplates.takeover(c)],
  ['downgrade', (c: TakeoverContext) => defaultTemplates.downgrade(downgradeCtx(c))],
  ['restore', (c: TakeoverContext) => defaultTemplates.restore(c)],
  ['emailOtp', (c: TakeoverContext) => defaultTemplates.emailOtp(otpCtx(c))],
] as const;

describe('default templates: what they say', () => {
  it('takeover names both organizations, the apex and the link', () => {
    const mail = defaultTemplates.takeover(takeoverCtx());
    expect(mail.subject).toBe('bücher.example was transferred to another organization');
    for (const part of [mail.text, shownText(mail.html)]) {
      for (const v of ['Acme Inc', 'Rival LLC', 'bücher.example', LINK]) expect(part).toContain(v);
    }
    expect(mail.html).toContain(`<a href="${escapeHtml(LINK)}">`);
  });

  it('downgrade gives the record name and value to publish again, and the miss count', () => {
    const mail = defaultTemplates.downgrade(downgradeCtx());
    expect(mail.subject).toBe('bücher.example is no longer verified');
    for (const part of [mail.text, shownText(mail.html)]) {
      for (const v of ['Acme Inc', '_kayle-verification.bücher.example', 'tok123', '3 consec']) {
        expect(part).toContain(v);
      }
    }
    // Without a record (e-mail or NS proof) it says what to do without inventing one.
    const plain = defaultTemplates.downgrade(downgradeCtx({ recordName: null, recordValue: null }));
    expect(plain.text).not.toContain('TXT');
    expect(plain.text).toContain('Restore the proof of control');
  });

  it('restore and the e-mail code name the organization and apex; the code and expiry appear', () => {
    const restore = defaultTemplates.restore(base());
    expect(restore.subject).toBe('bücher.example is verified again');
    expect(restore.text).toContain('verified again for Acme Inc');
    const otp = defaultTemplates.emailOtp(otpCtx());
    expect(otp.subject).toBe('Your code to verify bücher.example');
    for (const part of [otp.text, shownText(otp.html)]) {
      for (const v of ['Acme Inc', '482916', '2026-03-01T09:10:00.000Z', LINK]) {
        expect(part).toContain(v);
      }
    }
  });

  it.each(all)('%s: no link configured, no link rendered', (_kind, render) => {
    const mail = render(takeoverCtx({ link: null }));
    expect(mail.text).not.toContain('Manage your domains');
    expect(mail.html).not.toContain('<a ');
    expect(mail.text.endsWith('\n')).toBe(true);
  });
});

describe('default templates: HTML escaping', () => {
  it.each(all)('%s escapes a hostile organization name, apex display and record', (_k, render) => {
    const mail = render(
      takeoverCtx({
        organizationName: HOSTILE,
        newOrganizationName: `${HOSTILE} 2`,
        subjectDisplay: `<b>bücher</b>.example"'`,
      }),
    );
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain(escapeHtml(HOSTILE));
    expectEscaped(mail, [HOSTILE]);
    const record = defaultTemplates.downgrade(
      downgradeCtx({ recordName: HOSTILE, recordValue: `v="${HOSTILE}"` }),
    );
    expectEscaped(record, [HOSTILE, `v="${HOSTILE}"`]);
  });

  it('an http(s) link with quotes and brackets stays inside its attribute', () => {
    const link = `https://app.example/d?x="><script>alert(1)</script>&y='z'`;
    const mail = defaultTemplates.restore(base({ link }));
    expect(mail.html).toContain(`<a href="${escapeHtml(link)}">`);
    expectEscaped(mail, [link]);
  });

  it.each([
    'javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    ' https://lead.example',
  ])('a link that is not http(s) is shown as text, never as a link: %s', (link) => {
    const mail = defaultTemplates.takeover(takeoverCtx({ link }));
    expect(mail.html).not.toContain('<a ');
    expectEscaped(mail, [link]);
  });

  it('a subject line never carries a line break or control character', () => {
    const mail = defaultTemplates.restore(
      base({ subjectDisplay: 'a.example\r\nBcc: x@evil.test' }),
    );
    expect(mail.subject).toBe('a.example  Bcc: x@evil.test is verified again');
  });

  it('escapes any value, in every template, and loses none of it', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const link = fc.oneof(
      fc.constant(null),
      text,
      text.map((s) => `https://h.example/${s}`),
    );
    fc.assert(
      fc.property(
        fc.record({ org: text, next: text, display: text, name: text, value: text, link }),
        fc.stringMatching(/^\d{4,12}$/),
        (v, code) => {
          const ctx = takeoverCtx({
            organizationName: v.org,
            newOrganizationName: v.next,
            subjectDisplay: v.display,
            link: v.link,
          });
          const links = v.link === null ? [] : [v.link];
          expectEscaped(defaultTemplates.takeover(ctx), [v.org, v.next, v.display, ...links]);
          expectEscaped(defaultTemplates.restore(ctx), [v.org, v.display, ...links]);
          expectEscaped(
            defaultTemplates.downgrade(
              downgradeCtx({ ...ctx, recordName: v.name, recordValue: v.value }),
            ),
            // the record is only quoted when both halves are known
            [v.org, v.display, ...(v.name && v.value ? [v.name, v.value] : []), ...links],
          );
          expectEscaped(defaultTemplates.emailOtp(otpCtx({ ...ctx, code })), [
            v.org,
            v.display,
            code,
            ...links,
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('replacing templates', () => {
  it('a host template replaces one default; the others keep rendering with the host link', async () => {
    const w = createWorld({
      dashboardUrl: 'https://app.example/domains',
      templates: {
        // A localized takeover notice built on the exported defaults and escapeHtml.
        takeover: (c) => ({
          ...defaultTemplates.takeover(c),
          subject: `${c.subjectDisplay} wurde an eine andere Organisation übertragen`,
          text: `${c.newOrganizationName} hat ${c.subjectDisplay} übernommen.\n`,
          html: `<p>${escapeHtml(c.newOrganizationName)} hat ${escapeHtml(c.subjectDisplay)} übernommen.</p>`,
        }),
      },
    });
    w.directory.addOrganization({
      id: 'org_evil',
      name: HOSTILE,
      members: [{ userId: 'u_eve', role: 'owner', email: 'eve@evil.example' }],
    });
    await verifyDomain(w, acme, 'acme.co');
    await verifyDomain(w, { organizationId: 'org_evil', userId: 'u_eve' }, 'acme.co', true);
    const notices = await w.storage.inspect.outbox();
    expect(notices.map((m) => m.subject)).toEqual([
      'acme.co wurde an eine andere Organisation übertragen',
      'acme.co wurde an eine andere Organisation übertragen',
    ]);
    expect(notices[0]?.html).toBe(`<p>${escapeHtml(HOSTILE)} hat acme.co übernommen.</p>`);

    // The e-mail code still uses the default template, with the host's link.
    await w.app.startChallenge(rival, {
      domain: 'rival.co',
      method: 'email-otp',
      email: 'admin@rival.co',
    });
    const otp = (await w.storage.inspect.outbox()).find((m) => m.kind === 'email-otp');
    expect(otp?.subject).toBe('Your code to verify rival.co');
    expect(otp?.html).toContain('<a href="https://app.example/domains">');
    expect(otp?.text).toContain('Rival LLC asked to verify');
  });

  it('tells every template which organizations it speaks to and of, so a host can pick a language', async () => {
    const seen: string[] = [];
    const german = new Set(['org_acme']);
    const w = createWorld({
      templates: {
        takeover: (c) => {
          seen.push(`takeover ${c.organizationId} ← ${c.newOrganizationId}`);
          const mail = defaultTemplates.takeover(c);
          return german.has(c.organizationId)
            ? { ...mail, subject: `Übertragen: ${c.subject}` }
            : mail;
        },
        emailOtp: (c) => {
          seen.push(`otp ${c.organizationId}`);
          return defaultTemplates.emailOtp(c);
        },
      },
    });
    await verifyDomain(w, acme, 'acme.co');
    await verifyDomain(w, rival, 'acme.co', true);
    await w.app.startChallenge(rival, {
      domain: 'rival.co',
      method: 'email-otp',
      email: 'admin@rival.co',
    });
    expect(seen).toEqual(['takeover org_acme ← org_rival', 'otp org_rival']);
    const takeover = (await w.storage.inspect.outbox()).filter((m) => m.kind === 'takeover');
    expect(takeover.map((m) => m.subject)).toEqual(['Übertragen: acme.co', 'Übertragen: acme.co']);
  });
});
