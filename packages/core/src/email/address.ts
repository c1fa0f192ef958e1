// E-mail addresses for the email-otp method: where the code may go (DESIGN §4).
import { err, ok, type Result } from 'neverthrow';
import { normalizeHost } from '../apex/normalize.js';
import type { ApexPolicy } from '../apex/policy.js';
import { type ApexproofError, apexError } from '../errors.js';
import { isListedProvider, loadedEmailProviders, type ProviderPolicy } from './providers.js';

/** RFC 2142 mailboxes that only the domain's operators should read. */
export const RFC2142_MAILBOXES: readonly string[] = [
  'postmaster',
  'hostmaster',
  'webmaster',
  'admin',
  'administrator',
];

export interface CheckedAddress {
  /** The address as the code is sent: local part as given, domain in A-labels. */
  readonly address: string;
  readonly localPart: string;
  readonly domain: string;
}

const invalid = (email: string, problem: string) =>
  apexError('INVALID_INPUT', { field: 'email', problem: `${problem}: ${email.slice(0, 256)}` });

/**
 * The address must be at the subject or one of its subdomains, not at a free or disposable
 * provider, and (policy `rfc2142`) a role mailbox.
 */
export function checkAddress(
  email: unknown,
  subject: string,
  options: { apex: ApexPolicy; providers: ProviderPolicy; mailbox: 'any' | 'rfc2142' },
): Result<CheckedAddress, ApexproofError> {
  if (typeof email !== 'string')
    return err(apexError('INVALID_INPUT', { field: 'email', problem: 'must be a string' }));
  // Stored with the challenge: PostgreSQL cannot store U+0000.
  if (email.includes('\u0000'))
    return err(apexError('INVALID_INPUT', { field: 'email', problem: 'contains U+0000' }));
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  const localPart = trimmed.slice(0, at);
  // A plain local part: no quoting, whitespace or control characters, at most 64 octets.
  if (at <= 0 || localPart.length > 64 || !/^[^\s@"(),:;<>[\]\\\p{Cc}]+$/u.test(localPart))
    return err(invalid(trimmed, 'not an e-mail address'));
  const host = normalizeHost(trimmed.slice(at + 1), { ...options.apex, idn: 'allow' });
  if (host.isErr()) return err(invalid(trimmed, 'the domain part is not a valid host'));
  const domain = host.value.host;
  if (domain !== subject && !domain.endsWith(`.${subject}`))
    return err(apexError('EMAIL_NOT_AT_DOMAIN', { email: trimmed, subject }));
  // The list is loaded by the use case before this check (`emailProvidersLoaded`); without it
  // every domain counts as a provider: fail closed.
  const providers = loadedEmailProviders();
  const listed = (d: string) =>
    providers === undefined || isListedProvider(d, options.providers, providers);
  if (listed(domain) || listed(subject))
    return err(
      apexError(
        'EMAIL_PROVIDER_NOT_ALLOWED',
        { domain, reason: 'free_provider' },
        `${domain} is a public e-mail provider: its addresses cannot prove control of a domain.`,
      ),
    );
  if (options.mailbox === 'rfc2142' && !RFC2142_MAILBOXES.includes(localPart.toLowerCase()))
    return err(
      apexError(
        'EMAIL_PROVIDER_NOT_ALLOWED',
        { domain, reason: 'role_mailbox' },
        `Only ${RFC2142_MAILBOXES.join('@, ')}@ addresses may receive the code.`,
      ),
    );
  return ok({ address: `${localPart}@${domain}`, localPart, domain });
}
