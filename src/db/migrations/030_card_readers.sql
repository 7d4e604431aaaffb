-- 030: KTP-el card readers and their SAM cards (issue #14 §1). An institution's work units and the readers
-- registered per unit; SAM cards with their lifecycle (requested → personalised → activated → deactivated →
-- configuration returned → confirmed) and its trail; the SIFILMA hand-off (exported request, recorded answer);
-- the return-the-configuration tasks opened when an agreement ends; the nonces of signed card reads (replay).

CREATE TABLE work_units (
  id             text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions (id),
  name           text NOT NULL,
  address        text NOT NULL,
  region_code    text NOT NULL REFERENCES regions (code),
  created_at     timestamptz NOT NULL,
  UNIQUE (institution_id, name)
);
CREATE INDEX work_units_institution_idx ON work_units (institution_id);

CREATE TABLE card_readers (
  id             text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions (id),
  work_unit_id   text NOT NULL REFERENCES work_units (id),
  serial         text NOT NULL UNIQUE,
  vendor         text NOT NULL,
  model          text NOT NULL,
  procured_on    date NOT NULL,
  registered_at  timestamptz NOT NULL
);
CREATE INDEX card_readers_unit_idx ON card_readers (work_unit_id);

CREATE TABLE sam_cards (
  id                  text PRIMARY KEY,
  institution_id      text NOT NULL REFERENCES institutions (id),
  reader_id           text NOT NULL REFERENCES card_readers (id),
  state               text NOT NULL CHECK (state IN ('requested', 'personalised', 'activated', 'deactivated',
                                                      'config_returned', 'config_confirmed')),
  -- SIFILMA (the ministry's system): the answer to the exported request
  sifilma_status      text NOT NULL DEFAULT 'pending' CHECK (sifilma_status IN ('pending', 'accepted', 'rejected')),
  sifilma_reference   text,
  sifilma_note        text,
  sifilma_answered_at timestamptz,
  -- Ed25519: only the public key (SPKI DER, base64) is kept; the private key lives in the SAM
  public_key          text,
  key_fingerprint     text,
  agreement_id        text REFERENCES agreements (id),     -- the agreement it was activated under
  deactivation_reason text,
  config_filename     text,
  config_sha256       text,
  config_bytes        bytea,
  requested_at        timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);
CREATE INDEX sam_cards_institution_idx ON sam_cards (institution_id, state);
-- At most one SAM in use per reader (one not yet deactivated).
CREATE UNIQUE INDEX sam_cards_reader_live_idx ON sam_cards (reader_id)
  WHERE state IN ('requested', 'personalised', 'activated');

CREATE TABLE sam_events (
  id         bigserial PRIMARY KEY,
  sam_id     text NOT NULL REFERENCES sam_cards (id),
  at         timestamptz NOT NULL,
  from_state text,
  to_state   text NOT NULL,
  actor_id   text REFERENCES user_accounts (id),
  note       text
);
CREATE INDEX sam_events_sam_idx ON sam_events (sam_id, id);

CREATE TABLE sam_return_tasks (
  id             text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions (id),
  agreement_id   text NOT NULL REFERENCES agreements (id),
  opened_at      timestamptz NOT NULL,
  due_on         date NOT NULL,
  closed_at      timestamptz,
  sam_ids        text[] NOT NULL
);
CREATE INDEX sam_return_tasks_open_idx ON sam_return_tasks (institution_id) WHERE closed_at IS NULL;

CREATE TABLE card_read_nonces (
  sam_id text NOT NULL REFERENCES sam_cards (id),
  nonce  text NOT NULL,
  at     timestamptz NOT NULL,
  PRIMARY KEY (sam_id, nonce)
);
CREATE INDEX card_read_nonces_at_idx ON card_read_nonces (at);

-- A card read is audited with its own method.
ALTER TABLE access_audit DROP CONSTRAINT access_audit_method_check;
ALTER TABLE access_audit ADD CONSTRAINT access_audit_method_check
  CHECK (method IN ('verification', 'portal', 'card_reader'));
