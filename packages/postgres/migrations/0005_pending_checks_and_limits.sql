-- apexproof 0005: the verify-check log that verifyChallenge's rate limits count (per challenge
-- and per organization, policy.verifyLimits). Rows live no longer than the longest window: the
-- core deletes older ones of an organization before counting. Independent of 0003 and 0004, so
-- it applies in any order with them. IF NOT EXISTS: a schema built by hand from this file is
-- left as it is.
CREATE TABLE IF NOT EXISTS apexproof_check_log (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  organization_id text NOT NULL,
  challenge_id text NOT NULL,
  at timestamptz NOT NULL
);

-- checkLog.listSince() and checkLog.deleteBefore(): one organization, a time range.
CREATE INDEX IF NOT EXISTS apexproof_check_log_org_idx ON apexproof_check_log (organization_id, at);
