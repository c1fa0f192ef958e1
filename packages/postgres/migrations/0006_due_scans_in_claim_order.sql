-- apexproof 0006: the due scans read rows in claim order.
-- claimDue orders by (next_check_at, seq), and reverifyDue and checkPending now claim a chunk of
-- `concurrency` rows at a time while their lookups run. On an index of next_check_at alone each
-- claim sorted every row due at the same instant (a backlog imported at once, the rows of an
-- outage caught up): a claim of 8 read hundreds of rows, many times per call. With seq in the
-- index a claim reads the rows it leases, plus the leased ones it skips.
-- Safe to run again (IF NOT EXISTS / IF EXISTS); migrate() serializes concurrent runs.

CREATE INDEX IF NOT EXISTS apexproof_verified_domains_due_seq_idx
  ON apexproof_verified_domains (next_check_at, seq)
  WHERE next_check_at IS NOT NULL;

DROP INDEX IF EXISTS apexproof_verified_domains_due_idx;

CREATE INDEX IF NOT EXISTS apexproof_challenges_due_seq_idx
  ON apexproof_challenges (next_check_at, seq)
  WHERE status IN ('pending', 'verifying', 'failed') AND method IN ('dns-txt', 'ns-delegation');

DROP INDEX IF EXISTS apexproof_challenges_due_idx;
