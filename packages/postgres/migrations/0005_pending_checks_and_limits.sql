-- apexproof 0005: pending checks (issue #14 §1) and the verify-check log (§2).
-- Pending checks: challenges carry when checkPending looks their proof up next
-- (next_check_at), the worker's lease (lease_until, as a verified domain's) and when a check
-- first found the proof while another organization held the subject
-- (awaiting_acknowledgement_at). Open dns-txt and ns-delegation challenges of a host that
-- upgrades are due at once, so they are checked on the next run rather than never.
-- The verify-check log is what verifyChallenge's rate limits count (per challenge and per
-- organization, policy.verifyLimits). Rows live no longer than the longest window: the core
-- deletes older ones of an organization before counting.
-- Independent of 0003 and 0004, so it applies in any order with them. Every statement is safe to
-- run again (IF NOT EXISTS; the backfill only touches rows still without a next check), and
-- migrate() serializes concurrent runs on an advisory lock.

ALTER TABLE apexproof_challenges
  ADD COLUMN IF NOT EXISTS next_check_at timestamptz,
  ADD COLUMN IF NOT EXISTS lease_until timestamptz,
  ADD COLUMN IF NOT EXISTS awaiting_acknowledgement_at timestamptz;

UPDATE apexproof_challenges
  SET next_check_at = now()
  WHERE next_check_at IS NULL
    AND status IN ('pending', 'verifying', 'failed')
    AND method IN ('dns-txt', 'ns-delegation');

-- challenges.claimDue(): the due scan over open challenges whose proof lives in DNS only;
-- closed and email-otp challenges stay out of the index.
CREATE INDEX IF NOT EXISTS apexproof_challenges_due_idx
  ON apexproof_challenges (next_check_at)
  WHERE status IN ('pending', 'verifying', 'failed') AND method IN ('dns-txt', 'ns-delegation');

CREATE TABLE IF NOT EXISTS apexproof_check_log (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  organization_id text NOT NULL,
  challenge_id text NOT NULL,
  at timestamptz NOT NULL
);

-- checkLog.listSince() and checkLog.deleteBefore(): one organization, a time range.
CREATE INDEX IF NOT EXISTS apexproof_check_log_org_idx ON apexproof_check_log (organization_id, at);
