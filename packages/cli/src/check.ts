// One check: the record the domain's challenge asks for, looked up through every perspective
// at once (each DoH upstream on its own, and the zone's authoritative servers), with the
// core's own matching and diagnosis. The report is plain data; rendering is separate.
import { createAuthoritativeResolver } from '@apexproof/authoritative';
import {
  checkRecord,
  combineResolvers,
  type DnsDiagnosis,
  type DnsResolver,
  type DnsView,
  expectedRecord,
  joinTxt,
  type TxtRecord,
} from '@apexproof/core';
import { createDohResolver, DEFAULT_UPSTREAMS } from '@apexproof/doh';
import type { CheckArgs } from './args.js';

export type Outcome = 'found' | 'missing' | 'shown' | 'lookup-failed';

export type PerspectiveLine =
  | {
      readonly resolver: string;
      readonly status: 'answered';
      readonly rcode: 'NOERROR' | 'NXDOMAIN';
      readonly values: readonly string[];
      readonly cnameChain: readonly string[];
      /** Whether this perspective serves the expected value (null: nothing was expected). */
      readonly matches: boolean | null;
    }
  | {
      readonly resolver: string;
      readonly status: 'failed';
      readonly kind: string;
      readonly detail: string;
    };

export interface CheckReport {
  readonly domain: string;
  readonly record: {
    readonly name: string;
    readonly type: 'TXT';
    readonly expected: string | null;
  };
  readonly require: 'all' | 'any';
  readonly outcome: Outcome;
  readonly message: string;
  readonly perspectives: readonly PerspectiveLine[];
  readonly diagnosis: DnsDiagnosis | null;
}

/** Exit status for scripts: 0 found (or shown), 1 not found, 2 lookup failed. */
export const exitCodeOf = (outcome: Outcome): number =>
  outcome === 'lookup-failed' ? 2 : outcome === 'missing' ? 1 : 0;

function perspectives(args: CheckArgs): DnsResolver[] {
  const list: DnsResolver[] = [];
  const timeoutMs = args.timeoutMs ?? 2000;
  for (const upstream of args.doh ?? DEFAULT_UPSTREAMS.map((u) => u.url))
    list.push(createDohResolver({ upstreams: [upstream], strategy: 'sequential', timeoutMs }));
  if (args.authoritative)
    list.push(
      createAuthoritativeResolver({
        ...(args.roots && { roots: args.roots }),
        ...(args.port && { port: args.port }),
        require: args.require,
        timeoutMs,
      }),
    );
  return list;
}

function lineOf(view: DnsView<TxtRecord>, expected: string | undefined): PerspectiveLine {
  if (!view.ok)
    return { resolver: view.resolver, status: 'failed', kind: view.kind, detail: view.detail };
  const values = view.records.map(joinTxt);
  return {
    resolver: view.resolver,
    status: 'answered',
    rcode: view.rcode,
    values,
    cnameChain: view.cnameChain,
    matches: expected === undefined ? null : values.includes(expected),
  };
}

/** Runs one check; a configuration mistake (bad domain, bad root) is a usage error string. */
export async function runCheck(args: CheckArgs): Promise<CheckReport | { usage: string }> {
  const preset = args.preset ? { record: args.preset } : {};
  const record = expectedRecord(args.domain, preset, args.token);
  if (record.isErr()) return { usage: `${args.domain}: ${record.error.message}` };
  const name = args.name?.toLowerCase().replace(/\.$/, '') ?? record.value.name;
  const expected = args.value ?? record.value.value;
  let resolvers: DnsResolver[];
  try {
    resolvers = perspectives(args);
  } catch (error) {
    return { usage: (error as Error).message };
  }
  if (resolvers.length === 0) return { usage: 'no perspective left to ask' };
  const dns = combineResolvers(resolvers, { require: args.require });
  const check = await checkRecord(dns, {
    subject: record.value.subject,
    recordName: name,
    ...(expected !== undefined && { expected }),
    previousValues: args.previous,
  });
  const { result } = check;
  const views = (result.ok ? result.answer.views : result.views) ?? [];
  return {
    domain: record.value.subject,
    record: { name, type: 'TXT', expected: expected ?? null },
    require: args.require,
    outcome: check.outcome,
    message: check.message,
    perspectives: views.map((v) => lineOf(v, expected)),
    diagnosis: check.outcome === 'missing' ? check.diagnosis : null,
  };
}
