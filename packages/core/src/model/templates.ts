// Default e-mail templates (DESIGN §9). Pure functions of their context, replaceable by the host
// through `policy.templates`. Every interpolated value is escaped in HTML.

/**
 * One rendered e-mail: subject line, plain text and HTML. What a `NotificationTemplates` function
 * returns and the outbox keeps and sends.
 */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** What every default template is given. */
export interface TemplateContextBase {
  /** The organization the e-mail is addressed to: a host keys its language or branding on it. */
  readonly organizationId: string;
  /** Its display name, from the Directory. */
  readonly organizationName: string;
  /** The verified subject (apex or host), ASCII. */
  readonly subject: string;
  /** Unicode display form of the subject. */
  readonly subjectDisplay: string;
  /** The host's domains page, if configured. */
  readonly link: string | null;
}

export interface TakeoverContext extends TemplateContextBase {
  /** The organization that proved control and now holds the subject. */
  readonly newOrganizationId: string;
  readonly newOrganizationName: string;
}

export interface DowngradeContext extends TemplateContextBase {
  readonly recordName: string | null;
  readonly recordValue: string | null;
  readonly misses: number;
}

/** What the `restore` template is given: the base context only. */
export type RestoreContext = TemplateContextBase;

/** A challenge that a pending check found proven, without anybody clicking verify. */
export interface VerifiedContext extends TemplateContextBase {
  readonly method: 'dns-txt' | 'ns-delegation';
}

export interface EmailOtpContext extends TemplateContextBase {
  readonly code: string;
  readonly expiresAt: Date;
}

/**
 * Rendered once, synchronously, inside the transaction of the state change; the result is what
 * the outbox keeps and sends. A template that throws aborts that change, so keep them total.
 * See docs/guides/notifications.md.
 */
export interface NotificationTemplates {
  /**
   * To each owner of the previous holder: another organization proved control and took the subject
   * over.
   */
  takeover(notice: TakeoverContext): RenderedMail;
  /**
   * To each owner: re-verification missed the proof `misses` times in a row and downgraded the
   * domain (`recordName` / `recordValue` say what to publish again; null for ns-delegation).
   */
  downgrade(notice: DowngradeContext): RenderedMail;
  /** To each owner: re-verification found the proof again and the domain is verified again. */
  restore(notice: RestoreContext): RenderedMail;
  /** To the owners, when `checkPending` verified a challenge nobody clicked verify on. */
  verified(notice: VerifiedContext): RenderedMail;
  /**
   * To the address of an email-otp challenge: the one-time `code`, valid until `expiresAt`. Once
   * the message is sent or parked, the stored copy's text and HTML are redacted.
   */
  emailOtp(notice: EmailOtpContext): RenderedMail;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** Only http(s) links are rendered as links; anything else is shown as text. */
const safeHref = (link: string): string | null => (/^https?:\/\//i.test(link) ? link : null);

function render(title: string, paragraphs: readonly string[], link: string | null): RenderedMail {
  const textLink = link ? `\n\nManage your domains: ${link}` : '';
  const href = link ? safeHref(link) : null;
  const htmlLink = href
    ? `<p><a href="${escapeHtml(href)}">Manage your domains</a></p>`
    : link
      ? `<p>Manage your domains: ${escapeHtml(link)}</p>`
      : '';
  return {
    subject: title,
    text: `${paragraphs.join('\n\n')}${textLink}\n`,
    html: `<!doctype html><html><body>${paragraphs
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join('')}${htmlLink}</body></html>`,
  };
}

/** Control characters and line separators never belong in a subject line (header injection). */
const oneLine = (value: string): string => value.replace(/[\p{Cc}\u2028\u2029]/gu, ' ');

/**
 * The English templates the core ships: plain paragraphs, every value escaped in HTML, control
 * characters kept out of the subject line, the `dashboardUrl` link when set. Replace any of them
 * with `policy.templates`.
 * @example
 * ```ts
 * const policy = {
 *   templates: {
 *     takeover: (c) => ({ ...defaultTemplates.takeover(c), subject: `[Acme] ${c.subjectDisplay} moved` }),
 *   },
 * };
 * ```
 */
export const defaultTemplates: NotificationTemplates = {
  takeover: (c) =>
    render(
      oneLine(`${c.subjectDisplay} was transferred to another organization`),
      [
        `Hello ${c.organizationName} owners,`,
        `The domain ${c.subjectDisplay} is no longer verified for ${c.organizationName}: ${c.newOrganizationName} proved control of its DNS and is now the verified owner.`,
        'If you did not expect this, check who can edit the DNS of the domain, verify the domain again to win it back, and contact support.',
      ],
      c.link,
    ),
  downgrade: (c) =>
    render(
      oneLine(`${c.subjectDisplay} is no longer verified`),
      [
        `Hello ${c.organizationName} owners,`,
        `We could not find the verification record of ${c.subjectDisplay} on ${c.misses} consecutive checks, so the domain has been downgraded: it no longer shows as verified and redirect URLs on it are refused.`,
        c.recordName && c.recordValue
          ? `Publish the TXT record ${c.recordName} with the value ${c.recordValue} again and the domain is restored automatically on the next check.`
          : 'Restore the proof of control and the domain is restored automatically on the next check.',
      ],
      c.link,
    ),
  restore: (c) =>
    render(
      oneLine(`${c.subjectDisplay} is verified again`),
      [
        `Hello ${c.organizationName} owners,`,
        `The verification record of ${c.subjectDisplay} is back, so the domain is verified again for ${c.organizationName}.`,
      ],
      c.link,
    ),
  verified: (c) =>
    render(
      oneLine(`${c.subjectDisplay} is now verified`),
      [
        `Hello ${c.organizationName} owners,`,
        c.method === 'dns-txt'
          ? `We found the verification record of ${c.subjectDisplay}, so the domain is now verified for ${c.organizationName}. Keep the record published: it is checked again regularly.`
          : `${c.subjectDisplay} is now delegated to the expected nameservers, so the domain is verified for ${c.organizationName}. Keep the delegation: it is checked again regularly.`,
      ],
      c.link,
    ),
  emailOtp: (c) =>
    render(
      oneLine(`Your code to verify ${c.subjectDisplay}`),
      [
        'Hello,',
        `${c.organizationName} asked to verify that it controls ${c.subjectDisplay}. Enter this code to confirm: ${c.code}`,
        `The code expires at ${c.expiresAt.toISOString()}. If you did not ask for it, ignore this e-mail.`,
      ],
      c.link,
    ),
};
