-- 011: user-ID requests (formulir permohonan user ID) and their handover records (BAST); an account issued
-- with a one-time password must change it before anything else.
ALTER TABLE user_accounts ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

CREATE TABLE user_id_requests (
  id                   text PRIMARY KEY,
  kind                 text NOT NULL CHECK (kind IN ('issue', 'change', 'deactivate')),
  institution_id       text NOT NULL REFERENCES institutions (id),
  account_id           text NOT NULL REFERENCES user_accounts (id),
  form                 jsonb NOT NULL,          -- the operator's form as it stands after this request
  changed_fields       text[] NOT NULL DEFAULT '{}',
  reason               text,
  daily_quota          integer,
  handover_number      text NOT NULL UNIQUE,
  handover_document_id text NOT NULL REFERENCES documents (id),
  requested_by         text REFERENCES user_accounts (id),
  requested_at         timestamptz NOT NULL
);
CREATE INDEX user_id_requests_institution_idx ON user_id_requests (institution_id, requested_at DESC);
CREATE INDEX user_id_requests_account_idx ON user_id_requests (account_id, requested_at DESC);
