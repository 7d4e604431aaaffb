-- 004: governance. Roles of people (institution head and admin, auditor), sign-in hardening (lockout, TOTP),
-- browser sessions, and the admin audit: one row per administrative change, written in its transaction.

-- The role checks of 001 are replaced as a whole (their names are generated, so they are looked up).
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
            WHERE conrelid = 'user_accounts'::regclass AND contype = 'c' LOOP
    EXECUTE format('ALTER TABLE user_accounts DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;

ALTER TABLE user_accounts
  ADD CONSTRAINT user_accounts_role_check CHECK (role IN (
    'operator', 'institution_head', 'institution_admin', 'central_officer', 'office_officer', 'auditor')),
  ADD CONSTRAINT user_accounts_quota_check CHECK (daily_quota >= 0),
  -- People of an institution belong to it; registry people do not.
  ADD CONSTRAINT user_accounts_institution_check CHECK (
    (role IN ('operator', 'institution_head', 'institution_admin')) = (institution_id IS NOT NULL)),
  -- An office officer has an office; an auditor may (its area) or not (central); nobody else has one.
  ADD CONSTRAINT user_accounts_office_check CHECK (
    CASE role WHEN 'office_officer' THEN office_id IS NOT NULL
              WHEN 'auditor' THEN true
              ELSE office_id IS NULL END),
  ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
  ADD COLUMN locked_until  timestamptz,
  ADD COLUMN totp_secret   text,          -- base32; set on enrolment
  ADD COLUMN totp_enabled  boolean NOT NULL DEFAULT false;  -- true once a code has been verified

CREATE TABLE sessions (
  id           text PRIMARY KEY,          -- sha256 (hex) of the cookie value; the value itself is never stored
  account_id   text NOT NULL REFERENCES user_accounts (id),
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ended_at     timestamptz,
  caller_ip    text NOT NULL
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

CREATE TABLE admin_audit (
  id             bigserial PRIMARY KEY,
  at             timestamptz NOT NULL,
  actor_id       text,                    -- null: the server's operator (CLI) or the system (jobs)
  actor_username text,
  actor_ip       text,
  request_id     text,
  action         text NOT NULL,           -- e.g. institution.update, account.locked
  entity_type    text NOT NULL,
  entity_id      text NOT NULL,
  office_id      text,                    -- the office whose area the change is in (scoped reading)
  institution_id text,
  before         jsonb,
  after          jsonb
);
CREATE INDEX admin_audit_entity_idx ON admin_audit (entity_type, entity_id, id);
CREATE INDEX admin_audit_office_idx ON admin_audit (office_id, id);
