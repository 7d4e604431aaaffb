-- Return data (data balikan): what an institution sends back about the residents it accessed.
--
-- The typed schema of an agreement's return data, versioned: each change is a new version, tied to the
-- version of the agreement's terms in force when it was made (agreement_versions). The newest version is the
-- one in force.
CREATE TABLE return_data_schemas (
  id                   text PRIMARY KEY,
  agreement_id         text NOT NULL REFERENCES agreements (id),
  version              integer NOT NULL CHECK (version >= 1),
  agreement_version_id text REFERENCES agreement_versions (id),
  preset               text,
  fields               jsonb NOT NULL,      -- [{key, label, type, required, maxLength?, min?, max?, values?}]
  period_kind          text NOT NULL CHECK (period_kind IN ('monthly', 'semester', 'within_days')),
  period_days          integer CHECK (period_days IS NULL OR period_days BETWEEN 1 AND 365),
  coverage_share       numeric(5, 4) NOT NULL CHECK (coverage_share > 0 AND coverage_share <= 1),
  created_at           timestamptz NOT NULL,
  created_by           text REFERENCES user_accounts (id),
  reason               text NOT NULL,
  UNIQUE (agreement_id, version)
);

-- One upload (CSV or XLSX) and its result; its rejected rows below.
CREATE TABLE return_data_uploads (
  id             text PRIMARY KEY,
  agreement_id   text NOT NULL REFERENCES agreements (id),
  institution_id text NOT NULL REFERENCES institutions (id),
  schema_id      text NOT NULL REFERENCES return_data_schemas (id),
  channel        text NOT NULL CHECK (channel IN ('upload', 'cli')),
  filename       text NOT NULL,
  format         text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  status         text NOT NULL CHECK (status IN ('processing', 'done', 'failed')),
  failure        text,                    -- why the file as a whole could not be read further (Indonesian)
  rows_read      integer NOT NULL DEFAULT 0,
  accepted       integer NOT NULL DEFAULT 0,
  rejected       integer NOT NULL DEFAULT 0,
  warnings       text[] NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL,
  created_by     text REFERENCES user_accounts (id),
  finished_at    timestamptz
);
CREATE INDEX return_data_uploads_agreement_idx ON return_data_uploads (agreement_id, created_at);

CREATE TABLE return_data_rejects (
  upload_id text NOT NULL REFERENCES return_data_uploads (id),
  line      integer NOT NULL,             -- the line (CSV) or row (XLSX) of the file, 1 = the header
  col       text NOT NULL,                -- the column's key, or '' for the row as a whole
  reason    text NOT NULL                 -- in Indonesian
);
CREATE INDEX return_data_rejects_upload_idx ON return_data_rejects (upload_id, line);

-- The one store of return data, whatever the channel: one record per agreement, NIK and period (the natural
-- key, so a re-sent row replaces itself and never duplicates).
CREATE TABLE return_data_records (
  agreement_id   text NOT NULL REFERENCES agreements (id),
  nik            text NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
  period         text NOT NULL,           -- 'YYYY-MM' (monthly, within N days) or 'YYYY-S1' / 'YYYY-S2'
  institution_id text NOT NULL REFERENCES institutions (id),
  schema_id      text NOT NULL REFERENCES return_data_schemas (id),
  data           jsonb NOT NULL,          -- the values by field key, typed (numbers, booleans, ISO dates)
  channel        text NOT NULL CHECK (channel IN ('upload', 'cli', 'web_service', 'form')),
  upload_id      text REFERENCES return_data_uploads (id),
  received_at    timestamptz NOT NULL,
  PRIMARY KEY (agreement_id, nik, period)
);
CREATE INDEX return_data_records_nik_idx ON return_data_records (nik);

-- The NIKs accessed (found) under an agreement: the enumeration rule and coverage read them by version.
CREATE INDEX access_audit_found_version_idx ON access_audit (agreement_version_id, nik) WHERE outcome = 'found';
