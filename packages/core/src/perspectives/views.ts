// Per-view detail as the rest of the core uses it: checked when it arrives from a host's
// resolver (a broken `views` list is dropped, never trusted and never a crash), and read by the
// diagnosis to name the servers that still serve something else.
import type { DnsDiagnosisHint } from '../errors.js';
import type { DnsLookupFailureKind, DnsView, TxtRecord } from '../ports/dns.js';

/** Every failure kind of the port, for checking what a host's resolver reports. */
export const DNS_FAILURE_KINDS: readonly DnsLookupFailureKind[] = [
  'timeout',
  'servfail',
  'refused',
  'network',
  'malformed',
  'disagreement',
];
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

function isView<R>(value: unknown, isRecord: (r: unknown) => r is R): value is DnsView<R> {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null || !isString(v.resolver)) return false;
  if (v.ok === false)
    return DNS_FAILURE_KINDS.includes(v.kind as DnsLookupFailureKind) && isString(v.detail);
  return (
    v.ok === true &&
    (v.rcode === 'NOERROR' || v.rcode === 'NXDOMAIN') &&
    Array.isArray(v.records) &&
    v.records.every(isRecord) &&
    isStringList(v.cnameChain)
  );
}

/** A copy of `views` when it is a well-formed list, else undefined (it is only detail). */
export function conformingViews<R>(
  views: unknown,
  isRecord: (r: unknown) => r is R,
): DnsView<R>[] | undefined {
  if (!Array.isArray(views) || !views.every((v) => isView(v, isRecord))) return undefined;
  return views.map((v: DnsView<R>) =>
    v.ok
      ? { ...v, records: [...v.records], cnameChain: [...v.cnameChain] }
      : { resolver: v.resolver, ok: false, kind: v.kind, detail: v.detail },
  );
}

/**
 * When some views serve the expected value and others do not, one hint per lagging view with
 * what it serves instead ("ns2.provider.net still serves the old value"). None otherwise.
 */
export function staleServers(
  views: readonly DnsView<TxtRecord>[] | undefined,
  matches: (records: readonly TxtRecord[]) => boolean,
): DnsDiagnosisHint[] {
  const answered = (views ?? []).filter((v) => v.ok);
  if (!answered.some((v) => matches(v.records))) return [];
  return answered
    .filter((v) => !matches(v.records))
    .map((v) => ({
      kind: 'stale_server' as const,
      resolver: v.resolver,
      found: v.records.map((r) => r.join('')),
    }));
}
