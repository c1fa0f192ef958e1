// The host of a redirect URL as a standards browser would visit it (DESIGN §7 step 1). The
// runtime's URL parser maps hosts with its own IDNA implementation, which lags behind UTS #46:
// Node 20 maps U+1E9E `ẞ` to `ss` (`STRAẞE.de` → `strasse.de`), current UTS #46 maps it to `ß`
// (`xn--strae-oqa.de`, a different registrable domain somebody else can own). The decision is
// made with the core's own mapping, the one `normalizeHost` uses; where the runtime reads the
// host differently, the URL is refused rather than judged on a host nobody would visit.
import { MAX_NAME_OCTETS } from '../apex/labels.js';
import { normalizeHost } from '../apex/normalize.js';

/** Longest redirect URL read at all, in UTF-16 code units; longer is refused before parsing. */
export const MAX_REDIRECT_URL_LENGTH = 8192;

const ALLOW = { idn: 'allow' } as const;

/**
 * Lowercase LDH labels, none empty, none starting or ending with `-`, no `--` (so no A-label
 * or reserved label), optional root dot: runs of letters and digits, each `.` or `-` between
 * two runs. Written with one flat repetition (not labels of hyphenated runs): the same
 * language, proved equal to the nested form by a property test, matched in a third of the
 * time on a 120-label host (the backtracking engine keeps one entry per repetition).
 */
export const PLAIN_LDH = /^[a-z0-9]+(?:[.-][a-z0-9]+)*\.?$/;

/** Host text as written in a raw URL that passed `findRawUrlProblem` (so it has `//`, no `@`). */
function writtenHost(raw: string): string {
  const start = raw.indexOf('//') + 2;
  let end = start;
  while (end < raw.length) {
    const c = raw.charCodeAt(end);
    if (c === 0x2f || c === 0x3f || c === 0x3a) break; // `/`, `?`, `:` (the port)
    end++;
  }
  return raw.slice(start, end);
}

/**
 * Why the host of `parsed` cannot be trusted, or null: longer than a DNS name, not a host name
 * under UTS #46, or read differently by the runtime's parser and by the core's mapping of what
 * was written
 * (`canonical`: the raw text is the parser's own serialization). IP addresses and bracketed
 * IPv6 literals are left to the domain lookup, which never matches them.
 */
export function findHostProblem(
  raw: string,
  hostname: string,
  canonical: boolean,
): 'too_long' | 'host_mismatch' | 'malformed' | null {
  const parsed = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (parsed.length > MAX_NAME_OCTETS) return 'too_long';
  // No host (`javascript:`, `data:`: the scheme check refuses them), or an IPv6 literal.
  if (hostname === '' || hostname.charCodeAt(0) === 0x5b) return null;
  // A canonical host of lowercase LDH labels, none empty, none starting or ending with `-`,
  // no `--` (so no A-label or reserved label), maps to itself under UTS #46: one native
  // regular-expression pass, no more (a host is parsed in native code, so a second pass in
  // JavaScript would cost more than the parse). The parser keeps `_`, `!`, `$`, … in hosts,
  // which are no host names: those, A-labels and raw Unicode take the full mapping below.
  // (A label over 63 octets is left to DNS: it maps to itself and cannot be another domain.)
  if (canonical && PLAIN_LDH.test(hostname)) return null;
  const written = canonical ? hostname : writtenHost(raw);
  const mapped = normalizeHost(written, ALLOW);
  if (mapped.isOk()) return mapped.value.host === parsed ? null : 'host_mismatch';
  // Not a host name under UTS #46 (`a_b`, an empty label…) although the runtime took it.
  const reason = mapped.error.details.reason;
  if (reason === 'ip_address') return null;
  return reason === 'too_long' ? 'too_long' : 'malformed';
}
