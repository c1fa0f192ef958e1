// Reviewed corrections to the mail-provider list (DESIGN §4), applied by
// scripts/vendor-email-providers.ts when it regenerates the list. Each entry was checked by
// hand; keep the reason next to it. The maintained sources stay the authority for the rest.

/**
 * Company domains that must never be refused, although a source lists them: they are
 * organizations whose staff prove their own domain, not mailbox providers for the public.
 */
export const NEVER_PROVIDERS: readonly string[] = [
  'alibaba.com', // Alibaba Group's corporate domain (its consumer mail was aliyun.com)
  'ancestry.com', // Ancestry.com LLC; never offered public mailboxes
  'bt.com', // BT Group's corporate domain (consumer mail is btinternet.com)
  'facebook.com', // Meta's corporate domain (user @facebook.com addresses ended in 2014)
];

/** Public mailbox providers some sources miss (all offer free sign-up to anyone). */
export const ALWAYS_PROVIDERS: readonly string[] = [
  'hey.com', // HEY (Basecamp)
  'mailbox.org',
  'skiff.com',
  'startmail.com',
  'tuta.com', // Tuta (formerly Tutanota)
  'tutamail.com',
  'tutanota.com',
];
