-- 009: the compliance engine. Each institution's state (in order → warned → suspended → reinstated), every
-- step with its reason and findings, the facts obligations are checked against (semester reports, ISO/IEC
-- 27001 certificates), and in-app notifications.

CREATE TABLE compliance_states (
  institution_id text PRIMARY KEY REFERENCES institutions (id),
  state          text NOT NULL CHECK (state IN ('in_order', 'warned', 'suspended', 'reinstated')),
  since          timestamptz NOT NULL,
  reason         text NOT NULL
);

CREATE TABLE compliance_events (
  id             bigserial PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions (id),
  at             timestamptz NOT NULL,
  from_state     text NOT NULL,
  to_state       text NOT NULL,
  reason         text NOT NULL,
  findings       jsonb NOT NULL DEFAULT '[]',
  actor_id       text REFERENCES user_accounts (id)
);
CREATE INDEX compliance_events_institution_idx ON compliance_events (institution_id, id);

CREATE TABLE semester_reports (
  id             text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions (id),
  semester       text NOT NULL CHECK (semester ~ '^\d{4}-S[12]$'),   -- 2026-S1: January–June
  submitted_at   timestamptz NOT NULL,
  submitted_by   text REFERENCES user_accounts (id),
  UNIQUE (institution_id, semester)
);

CREATE TABLE certificates (
  id             text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions (id),
  kind           text NOT NULL CHECK (kind IN ('iso27001')),
  number         text NOT NULL,
  valid_until    date NOT NULL,
  recorded_at    timestamptz NOT NULL
);

CREATE TABLE notifications (
  id         bigserial PRIMARY KEY,
  account_id text NOT NULL REFERENCES user_accounts (id),
  at         timestamptz NOT NULL,
  subject    text NOT NULL,
  body       text NOT NULL,
  read_at    timestamptz
);
CREATE INDEX notifications_account_idx ON notifications (account_id, id);
