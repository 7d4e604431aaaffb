-- The access audit rolled up per WIB day, institution and access method (issue #13): the registry's semester
-- summary of every institution reads a few tens of thousands of rows here instead of scanning millions of
-- audit rows. Exact by construction (reports.rollup.ts): audit_rollup_state.through_id is the highest
-- access_audit.id counted; every audit row at or below it is counted exactly once, whatever its `at` (a
-- backdated row lands on its own day), and readers count the rows above it live.
-- `hits` follows HIT_OUTCOMES (src/modules/access/outcomes.ts) as it was when the row was rolled up.
CREATE TABLE audit_daily (
  institution_id text   NOT NULL,
  day            date   NOT NULL,
  method         text   NOT NULL,
  attempts       bigint NOT NULL,
  hits           bigint NOT NULL,
  PRIMARY KEY (institution_id, day, method)
);
CREATE INDEX audit_daily_day_idx ON audit_daily (day) INCLUDE (institution_id, method, attempts, hits);

CREATE TABLE audit_rollup_state (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  through_id bigint NOT NULL,
  rolled_at  timestamptz
);
INSERT INTO audit_rollup_state (through_id) VALUES (0);

-- One institution's semester report reads its rows from the (institution, time) index alone (026); the purpose
-- section (033) counts by `purpose` too, which the index lacked, so that one query fetched every row of the
-- semester from the table (50,000 scattered heap pages for one institution in bench:reports: ~1 s of a report's
-- ~2 s). The index now carries it as well.
DROP INDEX access_audit_institution_idx;
CREATE INDEX access_audit_institution_idx ON access_audit (institution_id, at)
  INCLUDE (method, outcome, account_id, nik, purpose);

-- A monthly statement sums the charges before and inside its month: the charged-rows index carries the amount,
-- so the sums come from the index alone instead of a table fetch per charged row.
DROP INDEX access_audit_charged_idx;
CREATE INDEX access_audit_charged_idx ON access_audit (institution_id, at) INCLUDE (fee_rupiah)
  WHERE fee_lease_id IS NOT NULL;
