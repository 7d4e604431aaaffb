-- Data-quality tickets: an institution believes the registry is wrong about a resident (a verification said
-- "tidak sesuai" for a person standing in front of it, a return-data row contradicts the registry) and opens a
-- ticket from that result or row. The ticket goes to the office that owns the resident's record: the
-- regency/city office of the record's region (its province's, then the central office, when that region has no
-- office of its own). The owning office and the offices above it see it; the institution sees only its state and
-- the office's note.
CREATE TABLE data_quality_tickets (
  id               text PRIMARY KEY,
  institution_id   text NOT NULL REFERENCES institutions (id),
  owning_office_id text NOT NULL REFERENCES offices (id),
  nik              text NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
  source_kind      text NOT NULL CHECK (source_kind IN ('verification', 'return_data')),
  request_id       text,                 -- verification: the answer's requestId (access_audit.request_id)
  agreement_id     text REFERENCES agreements (id),
  period           text,                 -- return data: the row's natural key (agreement, NIK, period)
  description      text NOT NULL,
  state            text NOT NULL CHECK (state IN ('open', 'in_review', 'corrected', 'rejected')),
  office_note      text,                 -- what the office tells the institution (a rejection's reason)
  deadline         date NOT NULL,        -- working days from opening (public holidays skipped)
  opened_at        timestamptz NOT NULL,
  opened_by        text NOT NULL REFERENCES user_accounts (id),
  updated_at       timestamptz NOT NULL,
  closed_at        timestamptz,
  overdue_notified_at timestamptz,       -- the daily job told the offices once that the deadline passed
  CHECK ((source_kind = 'verification') = (request_id IS NOT NULL)),
  CHECK ((source_kind = 'return_data') = (agreement_id IS NOT NULL AND period IS NOT NULL)),
  CHECK (state <> 'rejected' OR office_note IS NOT NULL),
  CHECK ((state IN ('corrected', 'rejected')) = (closed_at IS NOT NULL))
);
CREATE INDEX data_quality_tickets_office_idx ON data_quality_tickets (owning_office_id, state, deadline);
CREATE INDEX data_quality_tickets_institution_idx ON data_quality_tickets (institution_id, opened_at);
-- One ticket still being handled per result or row: opening it again is a conflict.
CREATE UNIQUE INDEX data_quality_tickets_open_verification_idx ON data_quality_tickets (institution_id, request_id)
  WHERE source_kind = 'verification' AND state IN ('open', 'in_review');
CREATE UNIQUE INDEX data_quality_tickets_open_row_idx ON data_quality_tickets (agreement_id, nik, period)
  WHERE source_kind = 'return_data' AND state IN ('open', 'in_review');

-- Every step of a ticket, with the office's note: the institution reads the states and notes, never the actor.
CREATE TABLE data_quality_ticket_events (
  id         bigserial PRIMARY KEY,
  ticket_id  text NOT NULL REFERENCES data_quality_tickets (id),
  at         timestamptz NOT NULL,
  actor_id   text REFERENCES user_accounts (id),
  from_state text,
  to_state   text NOT NULL,
  note       text
);
CREATE INDEX data_quality_ticket_events_ticket_idx ON data_quality_ticket_events (ticket_id, id);
