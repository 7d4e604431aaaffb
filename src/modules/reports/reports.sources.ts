import { tanggal } from '../../lib/dates.ts';
import { readRolledUp } from './reports.rollup.ts';
import { currentSchema } from '../return-data/return-data.repo.ts';
import { coverageOf } from '../return-data/return-data.coverage.ts';
// Disputes register their section in their own module.
import '../disputes/disputes.report.ts';
import {
  EXTENSION_TITLES,
  notApplicable,
  reportExtensions,
  type ExtensionQuery,
} from './reports.extensions.ts';

/**
 * The report sections of the obligations other modules own, now that they exist: return-data coverage,
 * card readers and SAM cards, and use per purpose (disputes: disputes.report.ts, imported above).
 * Each reads its module's tables for the institution and the semester; none shows a NIK or a value of a
 * record, only counts. Loaded by reports.service.ts, so every report and evaluation has them.
 */

/** The semester's bounds as instants: WIB midnight of `from` up to WIB midnight after `to`. */
const PERIOD = `at >= ($2::date::timestamp AT TIME ZONE 'Asia/Jakarta')
            AND at < (($3::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta')`;

const percent = (share: number) => `${Math.floor(share * 100)}%`;

/** Periods ('YYYY-MM' or 'YYYY-S1|S2') that fall inside the semester. */
function inSemester(period: string, q: Pick<ExtensionQuery, 'from' | 'to'>): boolean {
  const start = /-S[12]$/.test(period)
    ? `${period.slice(0, 4)}-${period.endsWith('S1') ? '01' : '07'}-01`
    : `${period}-01`;
  return start >= q.from && start <= q.to;
}

reportExtensions.return_data = async (db, q) => {
  const { rows: agreements } = await db.query<{ id: string; registryNumber: string }>(
    `SELECT id, registry_number AS "registryNumber" FROM agreements WHERE institution_id = $1 ORDER BY id`,
    [q.institutionId],
  );
  const rows: { label: string; value: string }[] = [];
  let overdue = false;
  let any = false;
  for (const a of agreements) {
    const schema = await currentSchema(db, a.id);
    if (!schema) continue;
    any = true;
    for (const p of await coverageOf(db, schema, q.today)) {
      if (!inSemester(p.period, q)) continue;
      overdue ||= p.overdue;
      rows.push({
        label: `PKS ${a.registryNumber}, periode ${p.period}`,
        value:
          `${p.covered} dari ${p.accessed} NIK (${percent(p.share)}; wajib ${percent(schema.coverageShare)}), ` +
          `batas ${tanggal(p.deadline)}${p.overdue ? ', terlambat' : ''}`,
      });
    }
  }
  if (!any) return notApplicable('return_data');
  return {
    key: 'return_data',
    status: 'reported',
    title: EXTENSION_TITLES.return_data,
    note: rows.length === 0 ? 'Tidak ada NIK yang diakses pada semester ini' : '',
    rows,
    met: !overdue,
  };
};

reportExtensions.card_readers = async (db, q) => {
  const { rows } = await db.query<{
    units: number;
    unitsWithoutReader: number;
    readers: number;
    active: number;
    deactivated: number;
    pending: number;
    openTasks: number;
    overdueTasks: number;
  }>(
    `SELECT (SELECT count(*)::int FROM work_units WHERE institution_id = $1) AS units,
            (SELECT count(*)::int FROM work_units u WHERE u.institution_id = $1
                AND NOT EXISTS (SELECT 1 FROM card_readers r WHERE r.work_unit_id = u.id)) AS "unitsWithoutReader",
            (SELECT count(*)::int FROM card_readers WHERE institution_id = $1) AS readers,
            (SELECT count(*)::int FROM sam_cards WHERE institution_id = $1 AND state = 'activated') AS active,
            (SELECT count(*)::int FROM sam_cards WHERE institution_id = $1
                AND state NOT IN ('requested', 'personalised', 'activated')) AS deactivated,
            (SELECT count(*)::int FROM sam_cards WHERE institution_id = $1
                AND state IN ('requested', 'personalised')) AS pending,
            (SELECT count(*)::int FROM sam_return_tasks WHERE institution_id = $1 AND closed_at IS NULL) AS "openTasks",
            (SELECT count(*)::int FROM sam_return_tasks WHERE institution_id = $1 AND closed_at IS NULL
                AND due_on < $2::date) AS "overdueTasks"`,
    [q.institutionId, q.today],
  );
  const c = rows[0]!;
  if (c.units === 0 && c.readers === 0 && c.active + c.deactivated + c.pending === 0) {
    return notApplicable('card_readers');
  }
  return {
    key: 'card_readers',
    status: 'reported',
    title: EXTENSION_TITLES.card_readers,
    note: '',
    rows: [
      { label: 'Unit kerja', value: String(c.units) },
      { label: 'Unit kerja tanpa card reader', value: String(c.unitsWithoutReader) },
      { label: 'Card reader terdaftar', value: String(c.readers) },
      { label: 'Kartu SAM aktif', value: String(c.active) },
      { label: 'Kartu SAM dalam proses (diminta, dipersonalisasi)', value: String(c.pending) },
      { label: 'Kartu SAM nonaktif', value: String(c.deactivated) },
      { label: 'Pengembalian berkas konfigurasi SAM belum selesai', value: String(c.openTasks) },
    ],
    met: c.unitsWithoutReader === 0 && c.overdueTasks === 0,
  };
};

/**
 * Accesses per purpose of one institution over [$2, $3] (WIB days): the detail roll-up (041) plus the audit
 * rows above the watermark $4, live (reports.rollup.ts).
 */
export const PURPOSES_SQL = `SELECT x.purpose, p.label, sum(x.n)::int AS hits,
            (SELECT through_id FROM audit_rollup_state) = $4 AS consistent
       FROM (SELECT d.purpose, d.n FROM audit_daily_detail d
              WHERE d.institution_id = $1 AND d.day >= $2::date AND d.day <= $3::date
             UNION ALL
             SELECT a.purpose, 1 FROM access_audit a
              WHERE a.id > $4 AND a.institution_id = $1 AND ${PERIOD}) x
       LEFT JOIN purposes p ON p.code = x.purpose
      GROUP BY x.purpose, p.label ORDER BY hits DESC, x.purpose`;

reportExtensions.purposes = async (db, q) => {
  const rows = await readRolledUp(
    db,
    async (tx, through) =>
      (
        await tx.query<{ purpose: string | null; label: string | null; hits: number; consistent: boolean }>(
          PURPOSES_SQL,
          [q.institutionId, q.from, q.to, through],
        )
      ).rows,
  );
  const { rows: granted } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM agreements WHERE institution_id = $1 AND cardinality(purpose_codes) > 0`,
    [q.institutionId],
  );
  if (granted[0]!.n === 0 && rows.every((r) => r.purpose === null)) return notApplicable('purposes');
  return {
    key: 'purposes',
    status: 'reported',
    title: EXTENSION_TITLES.purposes,
    note: '',
    rows: rows.map((r) => ({
      label:
        r.purpose === null
          ? 'Tanpa kode tujuan (perjanjian sebelum kode tujuan)'
          : `${r.purpose} — ${r.label}`,
      value: `${r.hits} akses`,
    })),
    met: true,
  };
};
