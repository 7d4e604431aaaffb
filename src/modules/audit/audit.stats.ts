import type { Db } from '../../db/db.ts';
import type { AccessMethod } from '../agreements/agreements.repo.ts';
import { HIT_OUTCOMES } from '../access/outcomes.ts';

export interface StatsFilter {
  /** Inclusive WIB days, YYYY-MM-DD. */
  fromDay: string;
  toDay: string;
  institutionId?: string | undefined;
  officeIds?: string[] | undefined;
}

export interface AuditStats {
  /** Per WIB day and institution: hits (answers that took quota) and refused attempts. */
  days: { day: string; institutionId: string; institutionCode: string; hits: number; refused: number }[];
  outcomes: { outcome: string; count: number }[];
  /** Hits per access method (verification, portal, card_reader). */
  methods: { method: AccessMethod; hits: number }[];
  busiest: { institutionId: string; institutionCode: string; institutionName: string; hits: number }[];
}

// The WIB day of an audit row (UTC+7, no daylight saving), computed without relying on time-zone data.
const WIB_DAY = `((a.at AT TIME ZONE 'UTC') + interval '7 hours')::date`;

/**
 * The dashboard's figures from the access audit: hits per day per institution, outcomes, busiest
 * institutions. Attempts without a known institution (unknown callers) count in outcomes only.
 */
export async function auditStats(db: Db, f: StatsFilter): Promise<AuditStats> {
  const params = [f.fromDay, f.toDay, f.institutionId ?? null, f.officeIds ?? null, HIT_OUTCOMES];
  const where = `${WIB_DAY} BETWEEN $1::date AND $2::date
        AND ($3::text IS NULL OR a.institution_id = $3)
        AND ($4::text[] IS NULL OR a.institution_id IN (SELECT id FROM institutions WHERE office_id = ANY($4)))`;
  const days = await db.query<AuditStats['days'][number]>(
    `SELECT to_char(${WIB_DAY}, 'YYYY-MM-DD') AS day, a.institution_id AS "institutionId",
            i.code AS "institutionCode",
            count(*) FILTER (WHERE a.outcome = ANY($5::text[]))::int AS hits,
            count(*) FILTER (WHERE NOT a.outcome = ANY($5::text[]))::int AS refused
       FROM access_audit a JOIN institutions i ON i.id = a.institution_id
      WHERE ${where}
      GROUP BY 1, 2, 3 ORDER BY 1, 3`,
    params,
  );
  const outcomes = await db.query<AuditStats['outcomes'][number]>(
    `SELECT a.outcome, count(*)::int AS count FROM access_audit a
      WHERE ${where} AND ($5::text[] IS NOT NULL)
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    params,
  );
  const busiest = await db.query<AuditStats['busiest'][number]>(
    `SELECT a.institution_id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName",
            count(*)::int AS hits
       FROM access_audit a JOIN institutions i ON i.id = a.institution_id
      WHERE ${where} AND a.outcome = ANY($5::text[])
      GROUP BY 1, 2, 3 ORDER BY 4 DESC, 2 LIMIT 10`,
    params,
  );
  const methods = await db.query<AuditStats['methods'][number]>(
    `SELECT a.method, count(*)::int AS hits FROM access_audit a
      WHERE ${where} AND a.outcome = ANY($5::text[])
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    params,
  );
  return { days: days.rows, outcomes: outcomes.rows, methods: methods.rows, busiest: busiest.rows };
}
