// Steps 3 to 5 of DESIGN §3 on the text of one host: UTS #46 to ASCII, the root dot, DNS
// shape, IP literals. What is left is a syntactically valid ASCII host name.
import { toAsciiHost } from './idn.js';
import { ipv4Refusal, ipv6Refusal } from './ip.js';
import { checkLabels, stripRootDot } from './labels.js';
import { MAX_HOST_TEXT_LENGTH } from './parse-input.js';
import { isRefusal, type Refusal, refuse } from './refusal.js';

export interface HostName {
  /** Lowercase LDH A-label name without root dot. */
  readonly host: string;
  /** The same name with U-labels when already known; undefined means "decode `host`". */
  readonly unicode: string | undefined;
}

/** The host name `text` denotes, or why it is not one. */
export function hostNameOf(text: string): HostName | Refusal {
  if (text.length > MAX_HOST_TEXT_LENGTH) {
    return refuse('too_long', `The host is longer than ${MAX_HOST_TEXT_LENGTH} characters.`);
  }
  if (text.startsWith('[') || text.includes(':')) {
    const refusal = ipv6Refusal(text);
    if (refusal !== undefined) return refusal;
  }
  const mapped = toAsciiHost(text);
  if (isRefusal(mapped)) return mapped;
  const host = stripRootDot(mapped.ascii);
  const refusal = checkLabels(host) ?? ipv4Refusal(host);
  if (refusal !== undefined) return refusal;
  return { host, unicode: mapped.unicode === undefined ? undefined : stripRootDot(mapped.unicode) };
}
