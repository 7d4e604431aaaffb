-- 035: disputes, record by record (issue #15 §3). A resident disputes one access_audit row of their own
-- history; the institution answers within a number of working days; the managing office decides.
--
-- `nik` is the disputing resident (the row's NIK, copied so a resident's disputes are read by index without the
-- audit); `office_id` the managing office when the dispute was opened (the central office for a record
-- without an institution); `account_id` the account that made the access (the operator a decision may
-- suspend). No foreign key to access_audit: the audit is append-only and its rows are never deleted.
CREATE TABLE disputes (
  id                  text PRIMARY KEY,
  record_id           bigint NOT NULL,
  nik                 text NOT NULL,
  institution_id      text REFERENCES institutions (id),
  office_id           text NOT NULL REFERENCES offices (id),
  account_id          text,
  state               text NOT NULL
                        CHECK (state IN ('awaiting_institution', 'awaiting_decision', 'justified', 'misuse_found')),
  reason              text NOT NULL CHECK (reason IN ('never_dealt', 'wrong_purpose', 'other')),
  text                text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
  opened_at           timestamptz NOT NULL,
  answer_due_at       timestamptz NOT NULL,        -- the end (WIB) of the institution's last working day
  answer_due_on       date NOT NULL,               -- that day
  decision_working_days integer NOT NULL,          -- the office's time, fixed when the dispute was opened
  answer_missed       boolean NOT NULL DEFAULT false,
  answered_at         timestamptz,
  answered_by         text REFERENCES user_accounts (id),
  institution_answer  text,
  decision_due_at     timestamptz,                 -- set when the dispute reaches the office
  decision_overdue_at timestamptz,                 -- when the system noted the office's deadline passed
  decided_at          timestamptz,
  decided_by          text REFERENCES user_accounts (id),
  office_note         text,
  operator_suspended  boolean NOT NULL DEFAULT false,
  -- misuse_found: the compliance finding stays open (a breach) until the office closes it.
  finding_closed_at   timestamptz,
  finding_closed_by   text REFERENCES user_accounts (id),
  finding_note        text
);
-- One open dispute per record.
CREATE UNIQUE INDEX disputes_open_record_idx ON disputes (record_id)
  WHERE state IN ('awaiting_institution', 'awaiting_decision');
CREATE INDEX disputes_record_idx ON disputes (record_id, opened_at);
CREATE INDEX disputes_nik_idx ON disputes (nik, opened_at);
CREATE INDEX disputes_institution_idx ON disputes (institution_id, opened_at);
CREATE INDEX disputes_office_idx ON disputes (office_id, opened_at);
CREATE INDEX disputes_pending_idx ON disputes (state, answer_due_at)
  WHERE state IN ('awaiting_institution', 'awaiting_decision');

-- The trail: every step, by party (the resident, the institution, the office, the system), shown to the
-- resident, the institution and the office alike.
CREATE TABLE dispute_events (
  id         bigserial PRIMARY KEY,
  dispute_id text NOT NULL REFERENCES disputes (id),
  at         timestamptz NOT NULL,
  state      text NOT NULL,
  party      text NOT NULL CHECK (party IN ('resident', 'institution', 'office', 'system')),
  note       text,
  actor_id   text REFERENCES user_accounts (id)
);
CREATE INDEX dispute_events_dispute_idx ON dispute_events (dispute_id, id);

-- E-mail to the resident (the registry's contact; residents are not accounts, so not `notifications`): a
-- short message that names neither the NIK nor the institution; sent by the `dispute-resident-email` job.
CREATE TABLE dispute_resident_mail (
  id         bigserial PRIMARY KEY,
  dispute_id text NOT NULL REFERENCES disputes (id),
  at         timestamptz NOT NULL,
  subject    text NOT NULL,
  body       text NOT NULL,
  status     text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts   integer NOT NULL DEFAULT 0,
  sent_at    timestamptz
);
CREATE INDEX dispute_resident_mail_pending_idx ON dispute_resident_mail (id) WHERE status = 'pending';
