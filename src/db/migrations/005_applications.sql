-- 005: applications (permohonan) and their decision, letters with numbers, and stored documents.

CREATE TABLE documents (
  id             text PRIMARY KEY,
  kind           text NOT NULL,         -- approval_letter, rejection_letter, sptjm, nda, handover_record, …
  filename       text NOT NULL,
  content_type   text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size           integer NOT NULL CHECK (size > 0 AND size <= 5242880),
  bytes          bytea NOT NULL,
  institution_id text REFERENCES institutions (id),
  created_at     timestamptz NOT NULL
);
CREATE INDEX documents_institution_idx ON documents (institution_id);

-- One running number per kind of letter and year (e.g. the 12th approval of 2026).
CREATE TABLE letter_counters (
  kind text NOT NULL,
  year integer NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (kind, year)
);

CREATE TABLE applications (
  id                text PRIMARY KEY,
  institution_id    text NOT NULL REFERENCES institutions (id),
  office_id         text NOT NULL REFERENCES offices (id),   -- the managing office that forwards it
  status            text NOT NULL CHECK (status IN ('submitted', 'forwarded', 'approved', 'rejected')),
  purpose           text NOT NULL,
  elements          text[] NOT NULL,
  methods           text[] NOT NULL,
  return_data       text[] NOT NULL,      -- the return-data fields the institution will send back
  period_months     integer CHECK (period_months BETWEEN 1 AND 120),
  period_until      date,
  applicant_id      text NOT NULL REFERENCES user_accounts (id),
  submitted_at      timestamptz NOT NULL,
  forward_note      text,
  forwarded_by      text REFERENCES user_accounts (id),
  forwarded_at      timestamptz,
  decided_by        text REFERENCES user_accounts (id),
  decided_at        timestamptz,
  rejection_reasons text[],
  letter_number     text UNIQUE,
  letter_id         text REFERENCES documents (id),
  annex             jsonb,                -- on approval: user, purpose, elements, methods, return data, period
  CHECK ((period_months IS NULL) <> (period_until IS NULL))
);
CREATE INDEX applications_institution_idx ON applications (institution_id, submitted_at DESC);
CREATE INDEX applications_office_idx ON applications (office_id, status);
