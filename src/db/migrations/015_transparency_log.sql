-- 015: the access audit as a public transparency log (issue #16 §1). Replaces the linear hash chain (002).
--
-- Each access_audit row becomes one leaf of an append-only RFC 6962 Merkle tree. The gateway that writes the
-- row (group commit) stores a random salt and the salted commitment to the row's canonical encoding; a
-- background sequencer later gives the row its leaf_index, extends the tree (stored as C2SP tlog-tiles) and
-- signs checkpoints. The public log serves only commitments, tiles and checkpoints.
ALTER TABLE access_audit
  ADD COLUMN leaf_salt bytea,
  ADD COLUMN leaf_commitment bytea,
  ADD COLUMN leaf_index bigint;
CREATE UNIQUE INDEX access_audit_leaf_idx ON access_audit (leaf_index);
-- What the sequencer takes next: rows not yet in the tree, oldest first.
CREATE INDEX access_audit_unsequenced_idx ON access_audit (id) WHERE leaf_index IS NULL;
-- `gerbang log inclusion --request-id`.
CREATE INDEX access_audit_request_idx ON access_audit (request_id);

DROP INDEX access_audit_seq_idx;
ALTER TABLE access_audit DROP COLUMN seq, DROP COLUMN hash;
DROP TABLE audit_chain_head;
DROP TABLE audit_daily_roots;

-- The sequencer's state: one row, locked by each sequencing step (one sequencer at a time, in any process).
-- legacy_max_id: rows up to this id were written before the log and receive their commitment once (at start);
-- any later row without a commitment is a forgery that `audit verify` names.
CREATE TABLE log_state (
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  tree_size     bigint NOT NULL DEFAULT 0,
  root_hash     bytea NOT NULL,
  legacy_max_id bigint NOT NULL
);
INSERT INTO log_state (tree_size, root_hash, legacy_max_id)
  SELECT 0, decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'),
         coalesce(max(id), 0)
    FROM access_audit;

-- The Merkle tree as C2SP tlog-tiles: tile `idx` of level `level` holds up to 256 consecutive 32-byte hashes
-- of level 8·level; a partial (rightmost) tile grows in place until it is full, then never changes.
CREATE TABLE log_tiles (
  level  smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
  idx    bigint NOT NULL CHECK (idx >= 0),
  hashes bytea NOT NULL CHECK (length(hashes) BETWEEN 32 AND 8192 AND length(hashes) % 32 = 0),
  PRIMARY KEY (level, idx)
);

-- The checkpoint archive (replaces the daily roots): every signed checkpoint, as served (a C2SP signed note).
CREATE TABLE log_checkpoints (
  tree_size      bigint PRIMARY KEY,
  root_hash      bytea NOT NULL,
  note           text NOT NULL,
  -- the log key that signed it, as a verifier key (name+id+key), for reading old checkpoints after a rotation
  vkey           text NOT NULL,
  signed_at      timestamptz NOT NULL,
  -- the last time this same checkpoint was re-signed as the log's heartbeat (no new leaves)
  last_signed_at timestamptz NOT NULL
);

-- Witness cosignatures (C2SP tlog-cosignature) of archived checkpoints: one signature line per witness key.
-- No witness exists yet; a cosignature added here is appended to the served checkpoint.
CREATE TABLE log_cosignatures (
  tree_size      bigint NOT NULL REFERENCES log_checkpoints (tree_size),
  witness_vkey   text NOT NULL,
  signature_line text NOT NULL CHECK (signature_line LIKE '— %'),
  cosigned_at    timestamptz,
  received_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tree_size, witness_vkey)
);
