import type { Db } from '../../db/db.ts';
import type { z } from 'zod';
import type { historyItem } from './resident.schema.ts';

/**
 * One access to the resident's NIK, as the resident sees it: when (the row's time), which institution, how
 * (protocol and method), why (purpose), which elements were disclosed (names only), and the outcome — refused
 * attempts included. `leafIndex` is the row's place in the transparency log (null for the second or so before
 * the sequencer takes it), so an inclusion proof (`log.proofs.ts`) can be attached to each record.
 * The zod view (`historyItem` in resident.schema.ts) is the one source of the shape.
 */
export type HistoryRecord = z.output<typeof historyItem>;

/**
 * The resident may see a row: it names their NIK, and a covert agreement's delay has passed (a refused attempt
 * without an agreement version takes the longest delay of its institution's agreements, so a covert
 * institution's refusals do not give it away either). `$1` the NIK, `$2` now.
 */
const VISIBLE = `a.nik = $1
        AND a.at <= $2::timestamptz - make_interval(days => coalesce(g.disclosure_delay_days,
              (SELECT max(x.disclosure_delay_days) FROM agreements x WHERE x.institution_id = a.institution_id), 0))`;
const FROM = `FROM access_audit a
       LEFT JOIN institutions i ON i.id = a.institution_id
       LEFT JOIN agreement_versions v ON v.id = a.agreement_version_id
       LEFT JOIN agreements g ON g.id = v.agreement_id
       LEFT JOIN purposes p ON p.code = a.purpose`;
const COLUMNS = `a.id, a.at, a.institution_id AS "institutionId", i.name AS "institutionName", a.protocol, a.method,
            a.purpose, p.label AS "purposeLabel", a.purpose_defaulted AS "purposeDefaulted",
            a.elements_returned AS "elementsDisclosed", a.outcome, a.leaf_index AS "leafIndex",
            (SELECT d.id FROM disputes d WHERE d.record_id = a.id ORDER BY d.opened_at DESC, d.id LIMIT 1)
              AS "disputeId"`;

/** One record of the resident's visible history, or null (not theirs, not visible yet, or no such row). */
export async function visibleRecord(
  db: Db,
  q: { nik: string; now: Date; id: number },
): Promise<HistoryRecord | null> {
  const { rows } = await db.query<HistoryRecord>(`SELECT ${COLUMNS} ${FROM} WHERE ${VISIBLE} AND a.id = $3`, [
    q.nik,
    q.now.toISOString(),
    q.id,
  ]);
  return rows[0] ?? null;
}

/**
 * The history of one NIK, newest first — by time, then id — over the whole audit (no
 * retention cut: at least the 24 months the issue asks). The cursor `before` is the id of the previous page's
 * last record; the page continues below that record's (at, id). Ordering by time, not by id alone, lets
 * `access_audit_nik_idx (nik, at)` be read backwards and stop after one page: ordered by id, PostgreSQL walks the
 * primary key backwards filtering on the NIK — fine on a small audit, a scan of millions of rows for an old page
 * on a large one (bench/resident.ts). An access under a covert agreement (disclosure_delay_days > 0) shows only
 * once its delay has passed (`VISIBLE`).
 */
export async function residentHistory(
  db: Db,
  q: { nik: string; now: Date; before?: number | undefined; limit: number },
): Promise<HistoryRecord[]> {
  const { rows } = await db.query<HistoryRecord>(
    `SELECT ${COLUMNS} ${FROM}
      WHERE ${VISIBLE}
        AND ($3::bigint IS NULL OR (a.at <= (SELECT c.at FROM access_audit c WHERE c.id = $3)
              AND (a.at < (SELECT c.at FROM access_audit c WHERE c.id = $3) OR a.id < $3)))
      ORDER BY a.at DESC, a.id DESC
      LIMIT $4`,
    [q.nik, q.now.toISOString(), q.before ?? null, q.limit],
  );
  return rows;
}
