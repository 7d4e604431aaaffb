-- 010: quota increase requests: requested with a justification, decided with a trail.
CREATE TABLE quota_requests (
  id              text PRIMARY KEY,
  account_id      text NOT NULL REFERENCES user_accounts (id),
  institution_id  text NOT NULL REFERENCES institutions (id),
  current_quota   integer,                  -- at the time of the request (NULL: unlimited)
  requested_quota integer CHECK (requested_quota >= 0),   -- NULL: unlimited
  justification   text NOT NULL,
  requested_by    text REFERENCES user_accounts (id),
  requested_at    timestamptz NOT NULL,
  status          text NOT NULL CHECK (status IN ('requested', 'granted', 'refused')),
  decided_by      text REFERENCES user_accounts (id),
  decided_at      timestamptz,
  decision_note   text
);
CREATE INDEX quota_requests_institution_idx ON quota_requests (institution_id, requested_at DESC);
