// Recipient addresses are checked and put into their wire form before nodemailer sees them:
// nodemailer reads a string `to` as an address *list*, so an unchecked value could add
// recipients or smuggle SMTP commands.
import { domainToASCII } from 'node:url';

// One atom of a dot-atom local part: RFC 5322 atext plus any non-ASCII character, which an
// SMTPUTF8 (RFC 6531) address may hold. Quoted local parts are not supported.
const ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]+$/u;
// Whitespace, controls, invisible format characters and the specials of RFC 5322.
const FORBIDDEN = /[\s\p{Cc}\p{Cf}\p{Z}"(),:;<>@[\\\]]/u;

/**
 * The address to put on the envelope and in the `To:` header: the local part as given and the
 * domain in A-labels (`owner@bücher.example` → `owner@xn--bcher-kva.example`). Returns
 * `undefined` for anything that is not one plain `local@domain` address.
 */
export function toWireAddress(address: unknown): string | undefined {
  if (typeof address !== 'string') return undefined;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || FORBIDDEN.test(local)) return undefined;
  if (!local.split('.').every((atom) => ATOM.test(atom))) return undefined;
  if (FORBIDDEN.test(domain)) return undefined;
  // WHATWG host parsing: UTS #46 mapping, then Punycode; '' when the domain is not valid.
  const ascii = domainToASCII(domain);
  if (!ascii || ascii.length > 253) return undefined;
  if (ascii.split('.').some((label) => label.length === 0 || label.length > 63)) return undefined;
  return `${local}@${ascii}`;
}
