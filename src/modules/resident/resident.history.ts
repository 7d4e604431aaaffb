import type { Db } from '../../db/db.ts';

/**
 * One access to the resident's NIK, as the resident sees it: when (the row's time), which institution, how
 * (protocol and method), why (purpose), which elements were disclosed (names only), and the outcome — refused
 * attempts included. `leafIndex` is the row's place in the transparency log (null for the second or so before
 * the sequencer takes it), so an inclusion proof (`log.proofs.ts`) can be attached to each record.
 */
export interface HistoryRecord {
  id: number;
  at: string;
  institutionId: string | null;
  institutionName: string | null;
  protocol: string;
  method: string;
  purpose: string | null;
  purposeLabel: string | null;
  purposeDefaulted: boolean;
  elementsDisclosed: string[];
  outcome: string;
  leafIndex: number | null;
}

/**
 * The history of one NIK, newest first, keyset-paged by id, over the whole audit (no retention cut: at least
 * the 24 months the issue asks). Read through `access_audit_nik_idx (nik, at)`. An access under a covert
 * agreement (disclosure_delay_days > 0) shows only once its delay has passed; a refused attempt without an
 * agreement version takes the longest delay of its institution's agreements, so a covert institution's
 * refusals do not give it away either.
 */
export async function residentHistory(
  db: Db,
  q: { nik: string; now: Date; before?: number | undefined; limit: number },
): Promise<HistoryRecord[]> {
  const { rows } = await db.query<HistoryRecord>(
    `SELECT a.id, a.at, a.institution_id AS "institutionId", i.name AS "institutionName", a.protocol, a.method,
            a.purpose, p.label AS "purposeLabel", a.purpose_defaulted AS "purposeDefaulted",
            a.elements_returned AS "elementsDisclosed", a.outcome, a.leaf_index AS "leafIndex"
       FROM access_audit a
       LEFT JOIN institutions i ON i.id = a.institution_id
       LEFT JOIN agreement_versions v ON v.id = a.agreement_version_id
       LEFT JOIN agreements g ON g.id = v.agreement_id
       LEFT JOIN purposes p ON p.code = a.purpose
      WHERE a.nik = $1
        AND a.at <= $2::timestamptz - make_interval(days => coalesce(g.disclosure_delay_days,
              (SELECT max(x.disclosure_delay_days) FROM agreements x WHERE x.institution_id = a.institution_id), 0))
        AND ($3::bigint IS NULL OR a.id < $3)
      ORDER BY a.id DESC
      LIMIT $4`,
    [q.nik, q.now.toISOString(), q.before ?? null, q.limit],
  );
  return rows;
}
