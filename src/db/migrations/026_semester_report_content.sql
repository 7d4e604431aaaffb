-- 026: the semester report with content. A report is generated as a draft from the access audit (its figures
-- kept as they were when generated), the institution adds the narrative and submits it (the head's
-- submission is the signature of record), or uploads a manual report (PDF) instead. A row recorded through
-- the older bare route is kind 'recorded'. Only a submitted report satisfies the compliance obligation.

ALTER TABLE semester_reports
  ALTER COLUMN submitted_at DROP NOT NULL,
  ADD COLUMN status        text NOT NULL DEFAULT 'submitted' CHECK (status IN ('draft', 'submitted')),
  ADD COLUMN kind          text NOT NULL DEFAULT 'recorded' CHECK (kind IN ('recorded', 'generated', 'manual')),
  ADD COLUMN figures       jsonb,
  ADD COLUMN generated_at  timestamptz,
  ADD COLUMN narrative     jsonb NOT NULL DEFAULT '{}',           -- servicesSupported, problems, plans
  ADD COLUMN letter_number text UNIQUE,
  ADD COLUMN signed_by     text REFERENCES user_accounts (id),    -- the head, when the head submitted
  ADD COLUMN document_id   text REFERENCES documents (id),        -- the uploaded manual report
  ADD CONSTRAINT semester_reports_submitted_chk
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL));

-- Reminders already sent, one per institution, semester and step (the daily job is idempotent through it).
CREATE TABLE semester_report_reminders (
  institution_id text NOT NULL REFERENCES institutions (id),
  semester       text NOT NULL,
  step           text NOT NULL CHECK (step IN ('due_in_5', 'due_in_1')),
  sent_at        timestamptz NOT NULL,
  PRIMARY KEY (institution_id, semester, step)
);

-- A report reads one institution's rows of one semester: the (institution, time) index now carries the
-- columns the report counts, so the figures come from an index-only range scan, never the table. It replaces
-- the plain index of 001 (one index on the hot path's writes, as before).
DROP INDEX access_audit_institution_idx;
CREATE INDEX access_audit_institution_idx ON access_audit (institution_id, at)
  INCLUDE (method, outcome, account_id, nik);
