-- apexproof 0002: indexes for challenges.listEmailOtpSince(), the cross-organization view the
-- email-otp rate limits count (codes per subject and per address, wrong codes per subject).
-- Partial: only email-otp rows with a code are ever asked for.

-- Arm 1: by subject, in a time window.
CREATE INDEX IF NOT EXISTS apexproof_challenges_otp_subject_idx
  ON apexproof_challenges (subject, code_issued_at)
  WHERE method = 'email-otp' AND code_issued_at IS NOT NULL;

-- Arm 2: by address, ASCII letters folded (the port's rule), in a time window.
CREATE INDEX IF NOT EXISTS apexproof_challenges_otp_email_idx
  ON apexproof_challenges (lower(email COLLATE "C"), code_issued_at)
  WHERE method = 'email-otp' AND code_issued_at IS NOT NULL;
