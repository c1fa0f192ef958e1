-- apexproof 0001: the six tables of the Storage port and the indexes its queries use.
-- Applied by migrate(client) inside one transaction; recorded in apexproof_migrations.
-- `seq` is insertion order: it breaks ties between equal timestamps in ordered lists.

CREATE TABLE apexproof_challenges (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  organization_id text NOT NULL,
  subject text NOT NULL,
  subject_kind text NOT NULL,
  method text NOT NULL,
  status text NOT NULL,
  token text,
  record_name text,
  record_value text,
  email text,
  code_hash text,
  code_issued_at timestamptz,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL,
  last_attempt_at timestamptz,
  last_failure text,
  created_by text NOT NULL,
  version integer NOT NULL
);

-- challenges.listForSubject(organizationId, subject), newest first.
CREATE INDEX apexproof_challenges_subject_idx
  ON apexproof_challenges (organization_id, subject, created_at DESC);

CREATE TABLE apexproof_verified_domains (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  organization_id text NOT NULL,
  subject text NOT NULL,
  subject_kind text NOT NULL,
  method text NOT NULL,
  status text NOT NULL,
  downgrade_reason text,
  verified_at timestamptz NOT NULL,
  downgraded_at timestamptz,
  record_name text,
  record_value text,
  last_checked_at timestamptz,
  last_attempt_at timestamptz,
  consecutive_misses integer NOT NULL,
  next_check_at timestamptz,
  lease_until timestamptz,
  version integer NOT NULL,
  -- At most one row per (organization, subject); also serves domains.find().
  CONSTRAINT apexproof_verified_domains_org_subject_key UNIQUE (organization_id, subject)
);

-- At most one active holder per subject; also serves domains.activeHolder().
CREATE UNIQUE INDEX apexproof_verified_domains_active_holder_key
  ON apexproof_verified_domains (subject)
  WHERE status = 'active';

-- domains.listByOrganization(), oldest verifiedAt first.
CREATE INDEX apexproof_verified_domains_org_idx
  ON apexproof_verified_domains (organization_id, verified_at);

-- domains.claimDue(): the due scan; rows that are never re-checked stay out of the index.
CREATE INDEX apexproof_verified_domains_due_idx
  ON apexproof_verified_domains (next_check_at)
  WHERE next_check_at IS NOT NULL;

CREATE TABLE apexproof_redirect_patterns (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  organization_id text NOT NULL,
  domain_id text NOT NULL,
  host text NOT NULL,
  path_prefix text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  -- At most one pattern per (domain, host, path prefix); also serves patterns.find(),
  -- listByDomain() and deleteByDomain() through its leading column.
  CONSTRAINT apexproof_redirect_patterns_domain_host_path_key UNIQUE (domain_id, host, path_prefix)
);

-- patterns.listByOrganization(), oldest first.
CREATE INDEX apexproof_redirect_patterns_org_idx
  ON apexproof_redirect_patterns (organization_id, created_at);

CREATE TABLE apexproof_evidence (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  organization_id text NOT NULL,
  domain_id text NOT NULL,
  challenge_id text,
  kind text NOT NULL,
  method text NOT NULL,
  subject text NOT NULL,
  record_name text,
  values_seen jsonb NOT NULL,
  resolvers jsonb NOT NULL,
  authenticated boolean NOT NULL,
  actor_user_id text,
  reason text,
  at timestamptz NOT NULL
);

-- evidence.listByDomain(), oldest first.
CREATE INDEX apexproof_evidence_domain_idx ON apexproof_evidence (domain_id, at);

CREATE TABLE apexproof_outbox (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  organization_id text NOT NULL,
  kind text NOT NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL,
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  last_error text,
  sent_at timestamptz,
  version integer NOT NULL
);

-- outbox.claim(): the due scan over pending messages only; sent and parked ones stay out.
CREATE INDEX apexproof_outbox_due_idx
  ON apexproof_outbox (next_attempt_at, created_at)
  WHERE status = 'pending';

CREATE TABLE apexproof_audit (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  organization_id text NOT NULL,
  actor_user_id text,
  type text NOT NULL,
  subject text,
  domain_id text,
  challenge_id text,
  details jsonb NOT NULL,
  at timestamptz NOT NULL
);

-- audit.listByOrganization(), oldest first.
CREATE INDEX apexproof_audit_org_idx ON apexproof_audit (organization_id, at);
