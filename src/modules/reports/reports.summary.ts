import type { Db } from '../../db/db.ts';
import type { Scope } from '../../core/actor.ts';
import { HIT_OUTCOMES } from '../access/outcomes.ts';
import { semesterBounds } from './reports.figures.ts';
import { rollupWatermark } from './reports.rollup.ts';

export interface SemesterSummaryRow {
  institutionId: string;
  code: string;
  name: string;
  officeId: string;
  attempts: number;
  hits: number;
  refused: number;
  verification: number;
  portal: number;
  cardReader: number;
}

/**
 * Every institution's semester in one table (the registry's summary): attempts, hits (HIT_OUTCOMES, the
 * report's rule), refused, hits by method — for the institutions in the scope's offices (all for the centre).
 * The same counting rules as `semesterFigures`, so an institution's row equals its report's totals.
 *
 * Speed: the days come from the daily roll-up (audit_daily, reports.rollup.ts) and only the audit rows above
 * its watermark are read live (a primary-key range). One statement, so the roll-up and the live rows are one
 * snapshot; the watermark it read is checked in the same statement, and a roll-up that moved it between the
 * two reads (counting rows twice) sends the query round again.
 */
export async function semesterSummary(
  db: Db,
  scope: Scope,
  semester: string,
): Promise<{ semester: string; institutions: SemesterSummaryRow[] }> {
  const { from, to, start, end } = semesterBounds(semester);
  for (let attempt = 0; ; attempt++) {
    const through = await rollupWatermark(db);
    const { rows } = await db.query<SemesterSummaryRow & { consistent: boolean }>(
      `WITH counts AS (
         SELECT x.institution_id, sum(x.attempts)::int AS attempts, sum(x.hits)::int AS hits,
                coalesce(sum(x.hits) FILTER (WHERE x.method = 'verification'), 0)::int AS verification,
                coalesce(sum(x.hits) FILTER (WHERE x.method = 'portal'), 0)::int AS portal,
                coalesce(sum(x.hits) FILTER (WHERE x.method = 'card_reader'), 0)::int AS card_reader
           FROM (SELECT d.institution_id, d.method, d.attempts, d.hits FROM audit_daily d
                  WHERE d.day >= $1::date AND d.day <= $2::date
                 UNION ALL
                 SELECT a.institution_id, a.method, 1, (a.outcome = ANY($5::text[]))::int FROM access_audit a
                  WHERE a.id > $6 AND a.at >= $3 AND a.at < $4 AND a.institution_id IS NOT NULL) x
          GROUP BY 1)
       SELECT i.id AS "institutionId", i.code, i.name, i.office_id AS "officeId",
              coalesce(c.attempts, 0) AS attempts, coalesce(c.hits, 0) AS hits,
              coalesce(c.attempts - c.hits, 0) AS refused, coalesce(c.verification, 0) AS verification,
              coalesce(c.portal, 0) AS portal, coalesce(c.card_reader, 0) AS "cardReader",
              (SELECT through_id FROM audit_rollup_state) = $6 AS consistent
         FROM institutions i LEFT JOIN counts c ON c.institution_id = i.id
        WHERE ($7::text[] IS NULL OR i.office_id = ANY($7))
          AND ($8::text IS NULL OR i.id = $8)
        ORDER BY i.code`,
      [
        from,
        to,
        start.toISOString(),
        end.toISOString(),
        HIT_OUTCOMES,
        through,
        scope.officeIds ?? null,
        scope.institutionId ?? null,
      ],
    );
    if (rows.every((r) => r.consistent) || attempt >= 4)
      return { semester, institutions: rows.map(({ consistent: _, ...r }) => r) };
  }
}
