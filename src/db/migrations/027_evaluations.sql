-- 027: the managing office's evaluation of an institution (evaluasi), each semester or at any time: a
-- checklist drawn from the data when recorded, the officer's findings, a result (baik / cukup / kurang), and
-- recommendations with follow-up deadlines that the compliance engine tracks (an open one past its date is a
-- breach of the institution).

CREATE TABLE evaluations (
  id             text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions (id),
  office_id      text NOT NULL REFERENCES offices (id),          -- the evaluating (managing) office
  kind           text NOT NULL CHECK (kind IN ('semester', 'ad_hoc')),
  semester       text CHECK (semester ~ '^\d{4}-S[12]$'),
  checklist      jsonb NOT NULL,
  findings       text NOT NULL,
  result         text NOT NULL CHECK (result IN ('baik', 'cukup', 'kurang')),
  letter_number  text NOT NULL UNIQUE,
  evaluated_by   text REFERENCES user_accounts (id),
  evaluated_at   timestamptz NOT NULL,
  CHECK ((kind = 'semester') = (semester IS NOT NULL))
);
CREATE INDEX evaluations_institution_idx ON evaluations (institution_id, evaluated_at);
CREATE INDEX evaluations_office_idx ON evaluations (office_id, semester);

CREATE TABLE evaluation_recommendations (
  id             text PRIMARY KEY,
  evaluation_id  text NOT NULL REFERENCES evaluations (id),
  institution_id text NOT NULL REFERENCES institutions (id),
  position       integer NOT NULL,
  text           text NOT NULL,
  due_on         date NOT NULL,
  done_at        timestamptz,
  done_note      text,
  done_by        text REFERENCES user_accounts (id)
);
CREATE INDEX evaluation_recommendations_open_idx ON evaluation_recommendations (institution_id, due_on)
  WHERE done_at IS NULL;
