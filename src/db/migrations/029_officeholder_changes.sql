-- 029: change of officeholder or organisation (issue #14 §2). The institution notifies the managing office by
-- letter with supporting documents; the office confirms or rejects. On confirmation of an officeholder change
-- the new head gets an account and the old head's is closed; of an organisation change the institution's name
-- changes. Either way the SPTJM must be signed again by `sptjm_due_on` (the compliance engine tracks it).

CREATE TABLE officeholder_changes (
  id                   text PRIMARY KEY,
  institution_id       text NOT NULL REFERENCES institutions (id),
  kind                 text NOT NULL CHECK (kind IN ('officeholder', 'organisation')),
  letter_number        text NOT NULL,
  effective_on         date NOT NULL,
  new_head_name        text,
  new_head_title       text,
  new_head_email       text,
  new_name             text,
  previous_name        text NOT NULL,
  status               text NOT NULL CHECK (status IN ('filed', 'confirmed', 'rejected')),
  filed_by             text REFERENCES user_accounts (id),
  filed_at             timestamptz NOT NULL,
  decided_by           text REFERENCES user_accounts (id),
  decided_at           timestamptz,
  decision_note        text,
  new_head_account_id  text REFERENCES user_accounts (id),
  closed_account_ids   text[] NOT NULL DEFAULT '{}',
  sptjm_due_on         date,
  CHECK ((kind = 'officeholder') = (new_head_name IS NOT NULL AND new_head_title IS NOT NULL
                                     AND new_head_email IS NOT NULL)),
  CHECK ((kind = 'organisation') = (new_name IS NOT NULL))
);
CREATE INDEX officeholder_changes_institution_idx ON officeholder_changes (institution_id, filed_at);
-- One notice at a time is waiting for the office per institution.
CREATE UNIQUE INDEX officeholder_changes_one_open_idx ON officeholder_changes (institution_id)
  WHERE status = 'filed';

CREATE TABLE officeholder_change_documents (
  change_id   text NOT NULL REFERENCES officeholder_changes (id),
  document_id text NOT NULL REFERENCES documents (id),
  PRIMARY KEY (change_id, document_id)
);
