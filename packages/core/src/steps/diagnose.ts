// When the expected TXT value is missing, tell the user the likely mistake (DESIGN §4). The
// extra lookups are best effort: a failed one simply yields no hint.
import type { DnsDiagnosis, DnsDiagnosisHint } from '../errors.js';
import { joinTxt, txtMatches } from '../model/match.js';
import { staleServers } from '../perspectives/views.js';
import type { DnsAnswer, TxtRecord } from '../ports/dns.js';
import type { ChallengeRecord } from '../ports/records.js';
import type { Context } from '../runtime/context.js';
import { lookupTxt } from '../runtime/dns.js';

/** A value the user pasted with quotes or spaces around it. */
const unwrap = (value: string): string =>
  value
    .trim()
    .replace(/^["'“”]+|["'“”]+$/g, '')
    .trim();

async function txtAt(
  ctx: Pick<Context, 'dns'>,
  name: string,
): Promise<DnsAnswer<TxtRecord> | null> {
  const result = await lookupTxt(ctx, name);
  return result.ok ? result.answer : null;
}

/** Hints for a definitive answer at `recordName` that lacks `expected`. */
export async function diagnoseTxt(
  ctx: Pick<Context, 'dns'>,
  options: {
    challenge: Pick<ChallengeRecord, 'id' | 'subject' | 'recordName' | 'recordValue'>;
    zone: string;
    answer: DnsAnswer<TxtRecord>;
    olderChallenges: readonly Pick<ChallengeRecord, 'id' | 'recordValue'>[];
  },
): Promise<DnsDiagnosis> {
  const { challenge, zone, answer } = options;
  const recordName = challenge.recordName ?? '';
  const expected = challenge.recordValue ?? '';
  const found = answer.records.map(joinTxt);
  const hints: DnsDiagnosisHint[] = [];

  const padded = found.find((v) => v !== expected && unwrap(v) === expected);
  if (padded !== undefined) hints.push({ kind: 'value_quoted_or_padded', value: padded });

  for (const old of options.olderChallenges) {
    if (old.id !== challenge.id && old.recordValue && found.includes(old.recordValue)) {
      hints.push({ kind: 'old_challenge_token', challengeId: old.id });
      break;
    }
  }

  hints.push(...staleServers(answer.views, (records) => txtMatches(records, expected)));

  const target = answer.cnameChain.at(-1);
  if (target !== undefined) hints.push({ kind: 'cname_elsewhere', target });

  // The panel appended the zone to a name that already had it.
  const doubled = `${recordName}.${zone}`;
  const atDoubled = await txtAt(ctx, doubled);
  if (atDoubled && txtMatches(atDoubled.records, expected))
    hints.push({ kind: 'zone_appended_twice', name: doubled });

  const atApex = await txtAt(ctx, challenge.subject);
  if (atApex && txtMatches(atApex.records, expected))
    hints.push({ kind: 'record_at_apex', name: challenge.subject });
  if (answer.rcode === 'NXDOMAIN' && atApex?.rcode === 'NXDOMAIN')
    hints.push({ kind: 'domain_does_not_exist' });

  if (hints.length === 0)
    hints.push(found.length > 0 ? { kind: 'value_mismatch' } : { kind: 'no_record' });
  return { recordName, expected, found, cnameChain: [...answer.cnameChain], hints };
}

/** The one-line reason kept in `lastFailure`. Never contains secrets. */
export function failureMessage(diagnosis: DnsDiagnosis, zone: string): string {
  if (diagnosis.hints.some((h) => h.kind === 'domain_does_not_exist'))
    return `Domain ${zone} does not exist in DNS`;
  const stale = diagnosis.hints.flatMap((h) => (h.kind === 'stale_server' ? [h.resolver] : []));
  if (stale.length > 0)
    return `TXT record not yet served by every nameserver: ${stale.join(', ')} still serve${stale.length === 1 ? 's' : ''} another value`;
  if (diagnosis.found.length === 0) return `No DNS record found for ${diagnosis.recordName}`;
  return `TXT record found but value doesn't match. Expected: ${diagnosis.expected}`;
}
