// Steps 1 and 2 of DESIGN §3: from what a person typed or pasted to the text of one host.
import { plainHost } from './fast-path.js';
import { type Refusal, refuse, shorten } from './refusal.js';

/** Longest input read at all; longer is refused before any parsing. */
export const MAX_INPUT_LENGTH = 8192;
/** Longest host text passed to UTS #46 (a valid name is ≤ 253 octets once converted). */
export const MAX_HOST_TEXT_LENGTH = 1024;

/** Control characters, unpaired surrogates and whitespace (trimmed ends already gone). */
const FORBIDDEN = /[\p{Cc}\p{Cs}\p{White_Space}]/u;
const SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;

/** `scheme://`; the class excludes `:`, so matching never backtracks. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** URL schemes whose host the URL standard parses as a domain. */
const WEB_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp']);

/**
 * The host text named by trimmed input: the text itself, or the host of a web URL. Refuses
 * empty input, control characters, inner whitespace, credentials and e-mail addresses.
 */
export function hostTextOf(text: string): string | Refusal {
  if (text === '') return refuse('empty', 'Enter a domain name such as acme.co.');
  if (text.length > MAX_INPUT_LENGTH) {
    return refuse('too_long', `The input is longer than ${MAX_INPUT_LENGTH} characters.`);
  }
  const bad = FORBIDDEN.exec(text);
  if (bad !== null) {
    const what = SURROGATE.test(bad[0])
      ? 'an unpaired surrogate (broken text encoding)'
      : CONTROL.test(bad[0])
        ? 'a control character'
        : 'whitespace';
    return refuse('malformed', `The input contains ${what}.`);
  }
  const scheme = SCHEME.exec(text);
  if (scheme !== null) return hostOfUrl(text, scheme[0]);
  if (text.includes('@')) {
    return refuse(
      'userinfo',
      'This looks like an e-mail address, not a domain: enter only the part after the @.',
    );
  }
  return text;
}

/**
 * Shortcut for the usual `https://app.acme.co:8443/…`: when the authority is a valid LDH
 * name and an optional port ≤ 65535, the URL parser would return that name (lowercased), so
 * it is taken as it stands.
 */
function simpleAuthorityHost(text: string, start: number, end: number): string | undefined {
  const colon = text.indexOf(':', start);
  const hostEnd = colon === -1 || colon > end ? end : colon;
  if (hostEnd < end) {
    const port = text.slice(hostEnd + 1, end);
    if (port.length > 5 || !/^[0-9]*$/.test(port) || Number(port) > 65535) return undefined;
  }
  const host = text.slice(start, hostEnd);
  return plainHost(host) === undefined ? undefined : host;
}

function hostOfUrl(text: string, prefix: string): string | Refusal {
  const scheme = prefix.slice(0, -3).toLowerCase();
  if (!WEB_SCHEMES.has(scheme)) {
    return refuse(
      'malformed',
      `Only http(s), ws(s) and ftp URLs are read, not ${shorten(scheme, 24)}: URLs; enter the domain itself.`,
    );
  }
  // The authority ends at the first `/`, `?`, `#` or `\` (web URLs read `\` as `/`). Any `@`
  // in it is userinfo, even an empty one, so `https://@acme.co` is refused as well.
  let end = text.length;
  for (let i = prefix.length; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23 || c === 0x5c) {
      end = i;
      break;
    }
  }
  const credentials = refuse(
    'userinfo',
    'The URL contains a user name or password; enter the domain without credentials.',
  );
  const at = text.lastIndexOf('@', end - 1);
  if (at >= prefix.length) return credentials;
  const simple = simpleAuthorityHost(text, prefix.length, end);
  if (simple !== undefined) return simple;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('malformed', 'This is not a valid URL.');
  }
  if (url.username !== '' || url.password !== '') return credentials;
  if (url.hostname === '') return refuse('malformed', 'The URL has no host.');
  return url.hostname;
}
