// ScaiDNS's wire format for validations (seed 004): snake_case, `txt_record` / `nameservers`,
// and `{ error }` bodies. apexproof's status set is ScaiDNS's, so statuses pass through as-is.
import type { ApexproofError, ChallengeView } from '@apexproof/core';
import type { HttpReply } from '../../shared/http.js';

export type ValidationType = 'txt_record' | 'nameservers';

export const methodOf = (type: ValidationType) =>
  type === 'nameservers' ? ('ns-delegation' as const) : ('dns-txt' as const);

/** The token alone, as ScaiDNS shows it beside the full record value. */
const challengeValue = (value: string) => value.slice(value.indexOf('=') + 1);

export function validationView(c: ChallengeView) {
  return {
    id: c.id,
    validation_type: c.method === 'ns-delegation' ? 'nameservers' : 'txt_record',
    status: c.status,
    ...(c.record && {
      challenge_value: challengeValue(c.record.value),
      dns_record: { name: c.record.name, type: c.record.type, value: c.record.value },
    }),
    ...(c.nameservers && { nameservers: c.nameservers }),
    last_failure: c.lastFailure,
    expires_at: c.expiresAt.toISOString(),
    created_at: c.createdAt.toISOString(),
  };
}

export const problem = (status: number, message: string, code?: string): HttpReply => ({
  status,
  body: { error: { message, ...(code && { code }) } },
});

export const failure = (e: ApexproofError) => problem(e.status, e.message, e.code);
