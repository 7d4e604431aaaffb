-- 031: the MoU rule (the Bukittinggi circular, issue #14 §2). The central office keeps a register of the MoUs
-- central bodies (ministries, agencies) hold with Ditjen Dukcapil; each institution may name its vertical
-- parent. A city- or regency-level institution whose parent holds an MoU in force may not make its own PKS:
-- its application is refused at submission.

CREATE TABLE central_bodies (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX central_bodies_name_idx ON central_bodies (lower(name));

CREATE TABLE central_mous (
  id              text PRIMARY KEY,
  central_body_id text NOT NULL REFERENCES central_bodies (id),
  mou_number      text NOT NULL UNIQUE,
  signed_on       date NOT NULL,
  valid_from      date NOT NULL,
  valid_until     date NOT NULL,
  document_id     text NOT NULL REFERENCES documents (id),
  recorded_by     text REFERENCES user_accounts (id),
  recorded_at     timestamptz NOT NULL,
  CHECK (valid_from <= valid_until)
);
CREATE INDEX central_mous_body_idx ON central_mous (central_body_id, valid_until);

ALTER TABLE institutions ADD COLUMN vertical_parent_id text REFERENCES central_bodies (id);
