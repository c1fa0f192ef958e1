// PLACEHOLDER: replaced by the normalization work (issue 2). Signatures are fixed.
import { err, type Result } from 'neverthrow';
import { type ApexproofError, apexError } from '../errors.js';
import type { ApexPolicy, NormalizedApex, NormalizedHost } from './policy.js';

export function normalizeHost(
  input: string,
  _policy: ApexPolicy = {},
): Result<NormalizedHost, ApexproofError<'APEX_INVALID'>> {
  return err(apexError('APEX_INVALID', { reason: 'malformed', input }));
}

export function toApex(
  input: string,
  _policy: ApexPolicy = {},
): Result<NormalizedApex, ApexproofError<'APEX_INVALID'>> {
  return err(apexError('APEX_INVALID', { reason: 'malformed', input }));
}
