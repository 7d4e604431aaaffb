-- The hot path (issue #3): a tamper-evident, group-committed access audit and leased quota blocks.

-- Each audit row is chained to the previous one: hash = SHA-256(previous hash, canonical encoding of the
-- row). `seq` is the row's place in the chain (gap-free); rows written before the chain existed are chained
-- by the first gateway that starts (seq NULL means "not yet chained" and is flagged by `audit verify`
-- once the chain has started).
ALTER TABLE access_audit ADD COLUMN seq bigint, ADD COLUMN hash text;
CREATE UNIQUE INDEX access_audit_seq_idx ON access_audit (seq);

-- The chain's head: one row, locked by each batch, so batches of several gateway processes form one chain.
-- `day` is the WIB day of the newest chained row; `day_first_seq` the first seq of that day.
CREATE TABLE audit_chain_head (
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq           bigint NOT NULL,
  hash          text NOT NULL,
  day           date,
  day_first_seq bigint
);
INSERT INTO audit_chain_head (seq, hash) VALUES (0, repeat('0', 64));

-- The daily root: the chain's hash after the last row of a WIB day, recorded when the next day's first row
-- is chained. Publishing a root commits the registry to every row of that day and before.
CREATE TABLE audit_daily_roots (
  day         date PRIMARY KEY,
  first_seq   bigint NOT NULL,
  last_seq    bigint NOT NULL,
  root_hash   text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
