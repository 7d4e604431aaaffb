-- 036: validity of the SPTJM and the operators' NDAs (issue #14 §2). Statements stay in
-- responsibility_statements and ndas (008); what changes is when one is stale: an amendment or a granted
-- extension of an agreement in force asks for both to be signed again, a confirmed change of officeholder or
-- organisation (029) for the SPTJM, and — when the central office turns it on — each year from signing.
-- The one row below is that setting and the grace period after which a stale document is a breach.

CREATE TABLE document_validity_policy (
  id            boolean PRIMARY KEY DEFAULT true CHECK (id),
  resign_yearly boolean NOT NULL DEFAULT false,
  grace_days    integer NOT NULL DEFAULT 30 CHECK (grace_days BETWEEN 0 AND 365),
  updated_by    text REFERENCES user_accounts (id),
  updated_at    timestamptz
);
INSERT INTO document_validity_policy (id) VALUES (true);
