-- 041: the roll-ups one institution's semester report reads (issue #13, speed), beside audit_daily (037) and
-- under the same watermark (audit_rollup_state.through_id): the hourly job `audit-rollup` (reports.rollup.ts)
-- adds the rows above it to every roll-up table in one transaction, and readers add the rows above it live.
--
-- audit_daily_detail: the report's groups (WIB day, method, outcome, operator account, purpose) per
-- institution. A semester of one institution is a few thousand rows here instead of every audit row.
CREATE TABLE audit_daily_detail (
  institution_id text   NOT NULL,
  day            date   NOT NULL,
  method         text   NOT NULL,
  outcome        text   NOT NULL,
  account_id     text,
  purpose        text,
  n              bigint NOT NULL
);
-- A refused caller has no account and many rows no purpose: NULL is one group, as in GROUP BY. The count is
-- carried too, so a report reads its few thousand rows from the index alone (an institution's rows are
-- scattered over the table's pages: one page read each otherwise).
CREATE UNIQUE INDEX audit_daily_detail_key ON audit_daily_detail
  (institution_id, day, method, outcome, account_id, purpose) INCLUDE (n) NULLS NOT DISTINCT;

-- Distinct NIKs of a semester cannot be added up from days: the NIKs of hits (HIT_OUTCOMES as rolled up) are
-- kept once per institution and semester ('2026-S1': WIB days), and the count of them beside, raised by the
-- rows each roll-up actually inserted (INSERT … ON CONFLICT DO NOTHING RETURNING). A report reads the count
-- and adds the live rows' NIKs that are not in the set (an anti-join on its primary key): exact.
CREATE TABLE audit_semester_niks (
  institution_id text NOT NULL,
  semester       text NOT NULL,
  nik            text NOT NULL,
  PRIMARY KEY (institution_id, semester, nik)
);
CREATE TABLE audit_semester_counts (
  institution_id text   NOT NULL,
  semester       text   NOT NULL,
  distinct_niks  bigint NOT NULL,
  PRIMARY KEY (institution_id, semester)
);

-- The rows already rolled up into audit_daily go into the new tables too, under the same watermark (the
-- state row locked against a roll-up running meanwhile). The hit outcomes are those of outcomes.ts today.
LOCK TABLE audit_rollup_state IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO audit_daily_detail (institution_id, day, method, outcome, account_id, purpose, n)
SELECT a.institution_id, ((a.at AT TIME ZONE 'UTC') + interval '7 hours')::date, a.method, a.outcome,
       a.account_id, a.purpose, count(*)
  FROM access_audit a
 WHERE a.id <= (SELECT through_id FROM audit_rollup_state) AND a.institution_id IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO audit_semester_niks (institution_id, semester, nik)
SELECT DISTINCT a.institution_id,
       to_char((a.at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY') || '-S' ||
         ((extract(month FROM (a.at AT TIME ZONE 'UTC') + interval '7 hours')::int + 5) / 6),
       a.nik
  FROM access_audit a
 WHERE a.id <= (SELECT through_id FROM audit_rollup_state) AND a.institution_id IS NOT NULL
   AND a.nik IS NOT NULL
   AND a.outcome IN ('found', 'not_found', 'nik_invalid_format', 'deceased', 'duplicate', 'inactive');

INSERT INTO audit_semester_counts (institution_id, semester, distinct_niks)
SELECT institution_id, semester, count(*) FROM audit_semester_niks GROUP BY 1, 2;
