import type { Db } from '../../db/db.ts';
import { HIT_OUTCOMES } from '../access/outcomes.ts';

/**
 * The roll-ups of the access audit, all under one watermark (`audit_rollup_state.through_id`):
 * - `audit_daily` (037): per institution, WIB day and method, the attempts and the hits — the registry's
 *   summary of every institution;
 * - `audit_daily_detail` (041): per institution, WIB day, method, outcome, account and purpose, the rows —
 *   one institution's semester report;
 * - `audit_semester_niks` / `audit_semester_counts` (041): the distinct NIKs of hits per institution and
 *   semester, and their count — the report's distinct NIKs (a set, since they cannot be summed from days).
 * `rollUpAudit` adds the audit rows above the watermark to every table and moves it, in one transaction;
 * readers add the rows above the watermark live, in the same statement (one snapshot), so a figure is exact at
 * any moment.
 *
 * Why the watermark is safe: ids come from one sequence, handed out inside INSERTs, and an INSERT holds ROW
 * EXCLUSIVE on access_audit until its transaction ends. Taking SHARE on the table waits for every such
 * transaction, so at that moment every id up to max(id) is committed (or never will be), and every later
 * INSERT takes a higher id. The lock is held for the one max(id) read only; the counting runs without it.
 */

/** The WIB day of `a.at`, as a timestamp without time zone (cast to date, or formatted). */
export const WIB_TS = `((a.at AT TIME ZONE 'UTC') + interval '7 hours')`;
/** The semester (`2026-S1`) of `a.at`'s WIB day. */
export const WIB_SEMESTER = `(to_char(${WIB_TS}, 'YYYY') || '-S' || ((extract(month FROM ${WIB_TS})::int + 5) / 6))`;

export async function rollUpAudit(db: Db, now: Date): Promise<{ from: number; through: number }> {
  const horizon = await db.transaction(async (tx) => {
    await tx.query('LOCK TABLE access_audit IN SHARE MODE');
    const { rows } = await tx.query<{ max: string }>(
      'SELECT coalesce(max(id), 0)::text AS max FROM access_audit',
    );
    return Number(rows[0]!.max);
  });
  return db.transaction(async (tx) => {
    // One roller at a time: the state row is locked (a second one waits, then sees the moved watermark).
    const { rows } = await tx.query<{ through: string }>(
      'SELECT through_id::text AS through FROM audit_rollup_state FOR UPDATE',
    );
    const from = Number(rows[0]!.through);
    if (horizon <= from) return { from, through: from };
    // One read of the range: its detail groups go into audit_daily_detail, and the same groups summed per
    // (institution, day, method) into audit_daily.
    await tx.query(
      `WITH g AS MATERIALIZED (
         SELECT a.institution_id, ${WIB_TS}::date AS day, a.method, a.outcome, a.account_id, a.purpose,
                count(*) AS n
           FROM access_audit a
          WHERE a.id > $1 AND a.id <= $2 AND a.institution_id IS NOT NULL
          GROUP BY 1, 2, 3, 4, 5, 6),
       detail AS (
         INSERT INTO audit_daily_detail (institution_id, day, method, outcome, account_id, purpose, n)
         SELECT institution_id, day, method, outcome, account_id, purpose, n FROM g
          ORDER BY institution_id, day
         ON CONFLICT (institution_id, day, method, outcome, account_id, purpose)
           DO UPDATE SET n = audit_daily_detail.n + excluded.n)
       INSERT INTO audit_daily (institution_id, day, method, attempts, hits)
       SELECT institution_id, day, method, sum(n), coalesce(sum(n) FILTER (WHERE outcome = ANY($3::text[])), 0)
         FROM g GROUP BY 1, 2, 3
       ON CONFLICT (institution_id, day, method) DO UPDATE
         SET attempts = audit_daily.attempts + excluded.attempts, hits = audit_daily.hits + excluded.hits`,
      [from, horizon, HIT_OUTCOMES],
    );
    // The NIKs of hits not yet in their institution's semester set, and the count raised by exactly the rows
    // inserted (the state row lock makes this the only writer).
    await tx.query(
      `WITH added AS (
         INSERT INTO audit_semester_niks (institution_id, semester, nik)
         SELECT DISTINCT a.institution_id, ${WIB_SEMESTER}, a.nik
           FROM access_audit a
          WHERE a.id > $1 AND a.id <= $2 AND a.institution_id IS NOT NULL AND a.nik IS NOT NULL
            AND a.outcome = ANY($3::text[])
         ON CONFLICT DO NOTHING
         RETURNING institution_id, semester)
       INSERT INTO audit_semester_counts (institution_id, semester, distinct_niks)
       SELECT institution_id, semester, count(*) FROM added GROUP BY 1, 2
       ON CONFLICT (institution_id, semester) DO UPDATE
         SET distinct_niks = audit_semester_counts.distinct_niks + excluded.distinct_niks`,
      [from, horizon, HIT_OUTCOMES],
    );
    await tx.query('UPDATE audit_rollup_state SET through_id = $1, rolled_at = $2', [
      horizon,
      now.toISOString(),
    ]);
    return { from, through: horizon };
  });
}

/** The watermark: audit rows with a higher id are not in the roll-up yet. */
export async function rollupWatermark(db: Db): Promise<number> {
  const { rows } = await db.query<{ through: string }>(
    'SELECT through_id::text AS through FROM audit_rollup_state',
  );
  return Number(rows[0]!.through);
}

/**
 * Runs a reading statement that adds roll-up rows to the audit rows above the watermark `through` (passed to
 * it, so the planner sees the value and reads the short tail by primary key). Each row of the statement says
 * whether the watermark was still `through` in its snapshot (a column `consistent`: `(SELECT through_id FROM
 * audit_rollup_state) = $n`); a roll-up that moved it in between would count rows twice, so the statement
 * runs again. An empty answer needs no check: it counted no row at all. After three such races the state row
 * is held (FOR SHARE) for one more run, so no roll-up can move the watermark under it.
 */
export async function readRolledUp<R extends { consistent: boolean }>(
  db: Db,
  run: (db: Db, through: number) => Promise<R[]>,
): Promise<Omit<R, 'consistent'>[]> {
  const strip = (rows: R[]) => rows.map(({ consistent: _, ...r }) => r);
  for (let attempt = 0; attempt < 3; attempt++) {
    const rows = await run(db, await rollupWatermark(db));
    if (rows.every((r) => r.consistent)) return strip(rows);
  }
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ through: string }>(
      'SELECT through_id::text AS through FROM audit_rollup_state FOR SHARE',
    );
    return strip(await run(tx, Number(rows[0]!.through)));
  });
}
