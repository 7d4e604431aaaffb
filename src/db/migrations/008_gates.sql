-- 008: the gates of access. The head's responsibility statement (SPTJM) with its uploaded document, each
-- operator's NDA, and the institution's client applications with their PoC (development credentials until
-- it passes).

CREATE TABLE responsibility_statements (
  id                 text PRIMARY KEY,
  institution_id     text NOT NULL REFERENCES institutions (id),
  signatory_name     text NOT NULL,
  signatory_position text NOT NULL,
  signed_on          date NOT NULL,
  document_id        text NOT NULL REFERENCES documents (id),
  recorded_by        text REFERENCES user_accounts (id),
  recorded_at        timestamptz NOT NULL
);
CREATE INDEX responsibility_statements_institution_idx ON responsibility_statements (institution_id);

CREATE TABLE ndas (
  id          text PRIMARY KEY,
  account_id  text NOT NULL REFERENCES user_accounts (id),
  signed_on   date NOT NULL,
  document_id text REFERENCES documents (id),
  recorded_by text REFERENCES user_accounts (id),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX ndas_account_idx ON ndas (account_id);

CREATE TABLE client_applications (
  id             text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions (id),
  name           text NOT NULL,
  description    text NOT NULL DEFAULT '',
  registered_by  text REFERENCES user_accounts (id),
  registered_at  timestamptz NOT NULL,
  poc_status     text NOT NULL DEFAULT 'pending' CHECK (poc_status IN ('pending', 'passed', 'failed')),
  poc_note       text,
  poc_decided_by text REFERENCES user_accounts (id),
  poc_decided_at timestamptz,
  UNIQUE (institution_id, name)
);

-- An operator account used by a client application (an API caller) works under that application's PoC.
ALTER TABLE user_accounts ADD COLUMN client_application_id text REFERENCES client_applications (id);
