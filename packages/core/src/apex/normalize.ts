// `normalizeHost` and `toApex` (DESIGN §3): pure and total. Every step returns a value or a
// `Refusal`; this module composes them and turns a refusal into `APEX_INVALID`.
import { err, ok, type Result } from 'neverthrow';
import type { ApexproofError } from '../errors.js';
import { confusableRefusal } from './confusable.js';
import { plainHost } from './fast-path.js';
import { type HostName, hostNameOf } from './host.js';
import { decodePunycode, NON_ASCII } from './idn.js';
import { hostTextOf } from './parse-input.js';
import type { ApexPolicy, NormalizedApex, NormalizedHost } from './policy.js';
import { isRefusal, type Refusal, refuse, shorten, toApexInvalid } from './refusal.js';
import { isHighlyRestrictive, scriptsIn } from './script.js';
import { apexOf } from './suffix.js';

type IdnPolicy = NonNullable<ApexPolicy['idn']>;

/** The policy as given, or `{}` for anything that is not an object (callers without types). */
const policyOf = (policy: unknown): ApexPolicy =>
  typeof policy === 'object' && policy !== null ? (policy as ApexPolicy) : {};

const idnPolicyOf = (policy: ApexPolicy): IdnPolicy =>
  policy.idn === 'reject' || policy.idn === 'allow' ? policy.idn : 'single-script';

/**
 * Normalizes a host name, or a web URL's host, to lowercase A-labels without the root dot.
 * Does not consult the Public Suffix List: `com` is a host. Never throws.
 */
export function normalizeHost(
  input: string,
  policy: ApexPolicy = {},
): Result<NormalizedHost, ApexproofError<'APEX_INVALID'>> {
  let host: NormalizedHost | Refusal;
  try {
    host = hostSteps(input, policy);
  } catch {
    host = BUG; // last line of totality: a bug in a step is a refusal, never an exception
  }
  return isRefusal(host) ? err(toApexInvalid(host, input)) : ok(host);
}

/**
 * Normalizes like `normalizeHost`, then finds the registrable domain (eTLD+1) the host
 * belongs to: `app.acme.co` → `acme.co`. Refuses public suffixes and, unless the policy says
 * otherwise, names whose suffix is not on the Public Suffix List. Never throws.
 */
export function toApex(
  input: string,
  policy: ApexPolicy = {},
): Result<NormalizedApex, ApexproofError<'APEX_INVALID'>> {
  let apex: NormalizedApex | Refusal;
  try {
    apex = apexSteps(input, policy);
  } catch {
    apex = BUG;
  }
  return isRefusal(apex) ? err(toApexInvalid(apex, input)) : ok(apex);
}

/**
 * Message of the refusal that stands in for an exception thrown by a step (a bug). Exported so
 * the property tests can tell "refused" from "crashed and caught": the safety net must never
 * hide a bug from them.
 */
export const INTERNAL_FAILURE_MESSAGE = 'The value could not be read as a host name.';

const BUG = refuse('malformed', INTERNAL_FAILURE_MESSAGE);

function apexSteps(input: unknown, policy: unknown): NormalizedApex | Refusal {
  const host = hostSteps(input, policy);
  if (isRefusal(host)) return host;
  const domain = apexOf(host.host, host.unicode, policyOf(policy));
  return isRefusal(domain) ? domain : { host: host.host, apex: domain, unicode: host.unicode };
}

function hostSteps(input: unknown, policy: unknown): NormalizedHost | Refusal {
  if (typeof input !== 'string') return refuse('malformed', 'The value is not a string.');
  const trimmed = input.trim();
  const plain = plainHost(trimmed);
  if (plain !== undefined) return { host: plain, unicode: plain };
  const text = hostTextOf(trimmed);
  if (isRefusal(text)) return text;
  if (text !== trimmed) {
    const plainUrlHost = plainHost(text);
    if (plainUrlHost !== undefined) return { host: plainUrlHost, unicode: plainUrlHost };
  }
  const name = hostNameOf(text);
  if (isRefusal(name)) return name;
  if (!hasALabel(name.host)) return { host: name.host, unicode: name.host };
  return idnStep(name, idnPolicyOf(policyOf(policy)));
}

const hasALabel = (host: string): boolean => host.startsWith('xn--') || host.includes('.xn--');

/** Step 6: the IDN policy, and the Unicode display form. */
function idnStep(name: HostName, idn: IdnPolicy): NormalizedHost | Refusal {
  if (idn === 'reject') {
    return refuse(
      'idn_not_allowed',
      `${shorten(name.host)} is an internationalized domain name; only ASCII names are accepted here.`,
    );
  }
  const unicode = name.unicode ?? decodeLabels(name.host);
  if (idn === 'single-script') {
    // Only U-labels can mix scripts or imitate: an ASCII label is Latin letters plus Common
    // digits and `-`, and is exactly what it looks like.
    const tld = unicode.slice(unicode.lastIndexOf('.') + 1);
    let start = 0;
    while (start <= unicode.length) {
      const dot = unicode.indexOf('.', start);
      const end = dot === -1 ? unicode.length : dot;
      const label = unicode.slice(start, end);
      if (NON_ASCII.test(label)) {
        if (!isHighlyRestrictive(label)) {
          return refuse(
            'mixed_script',
            `The label "${shorten(label, 32)}" mixes scripts (${scriptsIn(label).join(', ')}); each label must use one script, which protects against look-alike names.`,
          );
        }
        const homograph = confusableRefusal(label, tld);
        if (homograph !== undefined) return homograph;
      }
      start = end + 1;
    }
  }
  return { host: name.host, unicode };
}

/** U-labels of a name whose A-labels passed UTS #46 (so they decode). */
const decodeLabels = (host: string): string =>
  host
    .split('.')
    .map((label) => (label.startsWith('xn--') ? (decodePunycode(label.slice(4)) ?? label) : label))
    .join('.');
