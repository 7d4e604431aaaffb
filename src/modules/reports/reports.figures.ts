import type { Db } from '../../db/db.ts';
import { addDays } from '../../lib/dates.ts';
import { wibDay, wibDayStart } from '../../lib/time.ts';
import { HIT_OUTCOMES, type Outcome } from '../access/outcomes.ts';
import { reportExtensionSections } from './reports.extensions.ts';
import { readRolledUp, WIB_TS } from './reports.rollup.ts';
import type { z } from 'zod';
import type { figuresSchema } from './reports.schema.ts';

/**
 * The figures of a semester report, drawn from the access audit and the registry's own records for one
 * institution and one semester (`2026-S1`: 1 January–30 June WIB, `2026-S2`: 1 July–31 December WIB).
 *
 * Counting rules (the same everywhere the figures appear: the API, the PDF, the XLSX):
 * - an *attempt* is one access_audit row of the institution inside the semester;
 * - a *hit* is an attempt whose outcome took quota (HIT_OUTCOMES: found, not found, NIK not in format,
 *   deceased, duplicate, inactive); every other attempt is *refused*, counted by its outcome (the reason);
 * - *distinct NIKs* are the distinct NIKs of hits;
 * - months and days are WIB civil months and days.
 *
 * Speed: the groups by day, method, outcome and account (a few thousand at most) come from the detail
 * roll-up (audit_daily_detail, 041) plus the audit rows above its watermark; the distinct NIKs from the
 * per-semester count and set (audit_semester_counts / audit_semester_niks) plus the live rows' NIKs missing
 * from the set (reports.rollup.ts). No read grows with the institution's rows of the semester. Everything
 * else is derived from those groups in memory.
 */
export const SEMESTER = /^(\d{4})-S([12])$/;

export type OutcomeClass = 'found' | 'not_found' | 'record_status' | 'refused';

export const OUTCOME_CLASS: Partial<Record<Outcome, OutcomeClass>> = {
  found: 'found',
  not_found: 'not_found',
  nik_invalid_format: 'not_found',
  deceased: 'record_status',
  duplicate: 'record_status',
  inactive: 'record_status',
};

/** The report's access methods; `card_reader` has no audit rows until card readers exist (extension point). */
export const REPORT_METHODS = ['verification', 'portal', 'card_reader'] as const;

/** A semester's figures as they are computed, stored and answered (the zod schema is the one source). */
export type SemesterFigures = z.output<typeof figuresSchema>;

/** The WIB days and UTC instants a semester covers: [start, end). */
export function semesterBounds(semester: string): { from: string; to: string; start: Date; end: Date } {
  const m = SEMESTER.exec(semester);
  if (!m) throw new Error(`Not a semester: ${semester}`);
  const year = Number(m[1]);
  const from = m[2] === '1' ? `${year}-01-01` : `${year}-07-01`;
  const next = m[2] === '1' ? `${year}-07-01` : `${year + 1}-01-01`;
  return { from, to: addDays(next, -1), start: wibDayStart(from), end: wibDayStart(next) };
}

/**
 * The semester's groups of one institution by WIB day, method, outcome and account: the detail roll-up's rows
 * (audit_daily_detail, 041) plus the audit rows above the watermark, live. $1 institution, [$2, $3) the
 * instants, $4 the watermark, [$5, $6] the WIB days.
 */
export const GROUPS_SQL = `SELECT g.day, g.method, g.outcome, g.account_id AS "accountId", sum(g.n)::int AS n,
              (SELECT through_id FROM audit_rollup_state) = $4 AS consistent
         FROM (SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.method, d.outcome, d.account_id, d.n
                 FROM audit_daily_detail d
                WHERE d.institution_id = $1 AND d.day >= $5::date AND d.day <= $6::date
               UNION ALL
               SELECT to_char(${WIB_TS}, 'YYYY-MM-DD'), a.method, a.outcome, a.account_id, 1
                 FROM access_audit a
                WHERE a.id > $4 AND a.institution_id = $1 AND a.at >= $2 AND a.at < $3) g
        GROUP BY 1, 2, 3, 4`;
/**
 * Distinct NIKs of hits over the semester: the rolled-up count (audit_semester_counts) plus the NIKs of hits
 * above the watermark that are not in the rolled-up set. $1–$4 as above, $5 the semester, $6 the hit outcomes.
 */
export const DISTINCT_NIKS_SQL = `SELECT (coalesce((SELECT c.distinct_niks FROM audit_semester_counts c
                                WHERE c.institution_id = $1 AND c.semester = $5), 0)
              + (SELECT count(DISTINCT a.nik) FROM access_audit a
                  WHERE a.id > $4 AND a.institution_id = $1 AND a.at >= $2 AND a.at < $3
                    AND a.outcome = ANY($6::text[]) AND a.nik IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM audit_semester_niks s
                                     WHERE s.institution_id = $1 AND s.semester = $5 AND s.nik = a.nik)))::int AS n,
              (SELECT through_id FROM audit_rollup_state) = $4 AS consistent`;

interface Group {
  day: string;
  method: string;
  outcome: string;
  accountId: string | null;
  n: number;
}

/** The groups and the distinct NIKs of one institution's semester, each exact against the roll-up's watermark. */
export async function semesterCounts(
  db: Db,
  institutionId: string,
  semester: string,
): Promise<{ groups: Group[]; distinctNiks: number }> {
  const b = semesterBounds(semester);
  const range = [institutionId, b.start.toISOString(), b.end.toISOString()];
  const groups = await readRolledUp(
    db,
    async (q, through) =>
      (await q.query<Group & { consistent: boolean }>(GROUPS_SQL, [...range, through, b.from, b.to])).rows,
  );
  const [distinct] = await readRolledUp(
    db,
    async (q, through) =>
      (
        await q.query<{ n: number; consistent: boolean }>(DISTINCT_NIKS_SQL, [
          ...range,
          through,
          semester,
          HIT_OUTCOMES,
        ])
      ).rows,
  );
  return { groups, distinctNiks: distinct!.n };
}

export async function semesterFigures(
  db: Db,
  institutionId: string,
  semester: string,
  now: Date,
): Promise<SemesterFigures> {
  const b = semesterBounds(semester);
  const range = [institutionId, b.start.toISOString(), b.end.toISOString()];
  const { groups, distinctNiks: distinct } = await semesterCounts(db, institutionId, semester);
  const hitSet = new Set<string>(HIT_OUTCOMES);
  const isHit = (g: Group) => hitSet.has(g.outcome);

  const totals = { attempts: 0, hits: 0, refused: 0, distinctNiks: distinct };
  const byMethod = new Map<string, { method: string; hits: number; refused: number }>(
    REPORT_METHODS.map((m) => [m, { method: m, hits: 0, refused: 0 }]),
  );
  const byMonth = new Map<string, SemesterFigures['byMonth'][number]>();
  for (let d = b.from; d <= b.to; d = addDays(d.slice(0, 8) + '01', 32).slice(0, 8) + '01') {
    byMonth.set(d.slice(0, 7), { month: d.slice(0, 7), hits: 0, refused: 0, verification: 0, portal: 0 });
  }
  const outcomes = new Map<string, number>();
  const perAccount = new Map<
    string,
    { hits: number; refused: number; days: Map<string, number>; exhausted: Set<string> }
  >();
  for (const g of groups) {
    const hit = isHit(g);
    totals.attempts += g.n;
    if (hit) totals.hits += g.n;
    else totals.refused += g.n;
    const m = byMethod.get(g.method) ?? { method: g.method, hits: 0, refused: 0 };
    if (hit) m.hits += g.n;
    else m.refused += g.n;
    byMethod.set(g.method, m);
    const month = byMonth.get(g.day.slice(0, 7))!;
    if (hit) {
      month.hits += g.n;
      if (g.method === 'verification' || g.method === 'portal') month[g.method] += g.n;
    } else month.refused += g.n;
    outcomes.set(g.outcome, (outcomes.get(g.outcome) ?? 0) + g.n);
    if (g.accountId) {
      const a = perAccount.get(g.accountId) ?? { hits: 0, refused: 0, days: new Map(), exhausted: new Set() };
      if (hit) {
        a.hits += g.n;
        a.days.set(g.day, (a.days.get(g.day) ?? 0) + g.n);
      } else a.refused += g.n;
      if (g.outcome === 'quota_exhausted') a.exhausted.add(g.day);
      perAccount.set(g.accountId, a);
    }
  }

  const accounts = (
    await db.query<{ id: string; username: string; fullName: string; dailyQuota: number | null }>(
      `SELECT id, username, full_name AS "fullName", daily_quota AS "dailyQuota" FROM user_accounts
        WHERE (institution_id = $1 AND role = 'operator') OR id = ANY($2::text[])
        ORDER BY username`,
      [institutionId, [...perAccount.keys()]],
    )
  ).rows;
  const operators = accounts.map((acc) => {
    const a = perAccount.get(acc.id);
    const days = a ? [...a.days.values()] : [];
    return {
      accountId: acc.id,
      username: acc.username,
      fullName: acc.fullName,
      hits: a?.hits ?? 0,
      refused: a?.refused ?? 0,
      activeDays: days.length,
      peakDay: days.length ? Math.max(...days) : 0,
      dailyQuota: acc.dailyQuota,
      daysQuotaExhausted: a?.exhausted.size ?? 0,
    };
  });
  const activeDays = operators.reduce((s, o) => s + o.activeDays, 0);

  const misuseRows = (
    await db.query<SemesterFigures['misuse']['byReason'][number]>(
      `SELECT reason, severity, action, count(*)::int AS count, count(acknowledged_at)::int AS acknowledged
         FROM misuse_alerts WHERE institution_id = $1 AND created_at >= $2 AND created_at < $3
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      range,
    )
  ).rows;
  const alerts = (
    await db.query<SemesterFigures['misuse']['alerts'][number]>(
      `SELECT id, created_at AS at, reason, severity, action, acknowledged_at AS "acknowledgedAt", note
         FROM misuse_alerts WHERE institution_id = $1 AND created_at >= $2 AND created_at < $3
        ORDER BY created_at, id LIMIT 100`,
      range,
    )
  ).rows;
  const misuseTotal = misuseRows.reduce((s, r) => s + r.count, 0);
  const misuseAck = misuseRows.reduce((s, r) => s + r.acknowledged, 0);
  const compliance = (
    await db.query<SemesterFigures['compliance'][number]>(
      `SELECT at, from_state AS "fromState", to_state AS "toState", reason FROM compliance_events
        WHERE institution_id = $1 AND at >= $2 AND at < $3 ORDER BY id`,
      range,
    )
  ).rows;

  return {
    institutionId,
    semester,
    from: b.from,
    to: b.to,
    totals,
    byMethod: [...byMethod.values()],
    byMonth: [...byMonth.values()],
    outcomes: [...outcomes.entries()]
      .map(([outcome, count]) => ({
        outcome,
        class: OUTCOME_CLASS[outcome as Outcome] ?? ('refused' as const),
        count,
      }))
      .sort((x, y) => y.count - x.count || x.outcome.localeCompare(y.outcome)),
    operators,
    quota: {
      operators: operators.length,
      peakDay: Math.max(0, ...operators.map((o) => o.peakDay)),
      daysQuotaExhausted: operators.reduce((s, o) => s + o.daysQuotaExhausted, 0),
      averagePerActiveDay: activeDays ? Math.round((totals.hits / activeDays) * 10) / 10 : 0,
    },
    misuse: {
      total: misuseTotal,
      acknowledged: misuseAck,
      open: misuseTotal - misuseAck,
      byReason: misuseRows,
      alerts,
    },
    compliance,
    extensions: await reportExtensionSections(db, {
      institutionId,
      semester,
      from: b.from,
      to: b.to,
      today: wibDay(now),
    }),
  };
}
