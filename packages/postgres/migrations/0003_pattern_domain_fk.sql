-- apexproof 0003: a redirect pattern never outlives its verified domain. A foreign key with
-- ON DELETE CASCADE: deleting a domain deletes its patterns, and inserting a pattern whose
-- domain is gone (or is being deleted by a concurrent removal) fails instead of leaving an
-- orphan. migrate() runs this under its advisory lock, once; written to be harmless if run
-- again by hand.

-- Orphans left by the race this closes (addRedirectPattern against removeDomain) can never be
-- used (authorization goes through the domain): remove them so the constraint can be added.
DELETE FROM apexproof_redirect_patterns p
  WHERE NOT EXISTS (SELECT 1 FROM apexproof_verified_domains d WHERE d.id = p.domain_id);

DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conname = 'apexproof_redirect_patterns_domain_fkey'
      AND conrelid = 'apexproof_redirect_patterns'::regclass
  ) THEN
    -- The unique (domain_id, host, path_prefix) index serves the cascade's lookups.
    ALTER TABLE apexproof_redirect_patterns
      ADD CONSTRAINT apexproof_redirect_patterns_domain_fkey
      FOREIGN KEY (domain_id) REFERENCES apexproof_verified_domains (id) ON DELETE CASCADE;
  END IF;
END
$$;
