// Steps 7 and 8 of DESIGN §3: the Public Suffix List, through tldts with private domains on,
// decides where the registrable domain (the apex) starts.
import { parse } from 'tldts';
import { hostNameOf } from './host.js';
import { isRefusal, type Refusal, refuse, shorten } from './refusal.js';

type SuffixOptions = NonNullable<Parameters<typeof parse>[1]>;

/**
 * The host is already normalized, so tldts neither extracts nor validates it (and IPs are
 * refused before). Private suffixes (`github.io`) count: a name under them belongs to
 * whoever registered it there, not to the operator of the suffix.
 */
const BASE: SuffixOptions = {
  allowIcannDomains: true,
  allowPrivateDomains: true,
  detectIp: false,
  extractHostname: false,
  mixedInputs: false,
  validateHostname: false,
};

/** tldts options per `extraSuffixes` array (a policy is treated as immutable). */
const optionsByExtras = new WeakMap<object, SuffixOptions>();

function optionsFor(extraSuffixes: unknown): SuffixOptions {
  if (!Array.isArray(extraSuffixes) || extraSuffixes.length === 0) return BASE;
  let options = optionsByExtras.get(extraSuffixes);
  if (options === undefined) {
    options = { ...BASE, extraSuffixes: { private: normalizeSuffixes(extraSuffixes) } };
    optionsByExtras.set(extraSuffixes, options);
  }
  return options;
}

/**
 * Extra suffixes in the same ASCII form as hosts (`.Test.` → `test`, `テスト` → `xn--zckzah`).
 * Entries that are not host names are ignored; they could never match a valid host.
 */
export function normalizeSuffixes(entries: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'string') continue;
    const text = entry.trim();
    const suffix = hostNameOf(text.startsWith('.') ? text.slice(1) : text);
    if (!isRefusal(suffix) && !out.includes(suffix.host)) out.push(suffix.host);
  }
  return out;
}

function display(name: string, unicodeHost: string, host: string): string {
  // The Unicode form of a suffix of `host` is the same suffix of its Unicode form.
  const labels = name.split('.').length;
  return shorten(unicodeHost.split('.').slice(-labels).join('.') || host);
}

/** The suffix rules of an apex policy: what an unlisted suffix does, and extra suffixes to honour. */
export interface SuffixPolicy {
  readonly unknownSuffix?: 'reject' | 'allow';
  readonly extraSuffixes?: readonly string[];
}

/** The registrable domain of a normalized `host`, or why it has none. */
export function apexOf(host: string, unicode: string, policy: SuffixPolicy): string | Refusal {
  const result = parse(host, optionsFor(policy.extraSuffixes));
  const suffix = result.publicSuffix ?? host.slice(host.lastIndexOf('.') + 1);
  const listed = result.isIcann === true || result.isPrivate === true;
  if (!listed && policy.unknownSuffix !== 'allow') {
    const shown = display(suffix, unicode, host);
    return refuse(
      'unknown_suffix',
      suffix === host
        ? `${shown} is not on the Public Suffix List, so it is not a registrable domain.`
        : `${display(host, unicode, host)} ends in .${shown}, which is not on the Public Suffix List.`,
    );
  }
  if (result.domain === null || result.domain === '') {
    return refuse(
      'public_suffix',
      `${display(host, unicode, host)} is a public suffix, not a registrable domain.`,
    );
  }
  return result.domain;
}
