import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { ReturnDataField, ReturnDataSchema, PeriodKind, uploadView } from './return-data.schema.ts';
import type { ValidRecord } from './return-data.validate.ts';

const SCHEMA_COLUMNS = `id, agreement_id AS "agreementId", version, agreement_version_id AS "agreementVersionId",
  preset, fields, period_kind AS period, period_days AS "periodDays", coverage_share::float8 AS "coverageShare",
  created_at AS "createdAt", created_by AS "createdBy", reason`;

export async function insertSchemaVersion(
  db: Db,
  s: {
    agreementId: string;
    agreementVersionId: string | null;
    preset: string | null;
    fields: ReturnDataField[];
    period: PeriodKind;
    periodDays: number | null;
    coverageShare: number;
    createdBy: string | null;
    reason: string;
    now: Date;
  },
): Promise<ReturnDataSchema> {
  const { rows } = await db.query<ReturnDataSchema>(
    `INSERT INTO return_data_schemas (id, agreement_id, version, agreement_version_id, preset, fields, period_kind,
                                      period_days, coverage_share, created_at, created_by, reason)
     SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11
       FROM return_data_schemas WHERE agreement_id = $2
     RETURNING ${SCHEMA_COLUMNS}`,
    [
      newId('rds'),
      s.agreementId,
      s.agreementVersionId,
      s.preset,
      JSON.stringify(s.fields),
      s.period,
      s.periodDays,
      s.coverageShare,
      s.now.toISOString(),
      s.createdBy,
      s.reason,
    ],
  );
  return rows[0]!;
}

/** The schema in force: the newest version. */
export async function currentSchema(db: Db, agreementId: string): Promise<ReturnDataSchema | null> {
  const { rows } = await db.query<ReturnDataSchema>(
    `SELECT ${SCHEMA_COLUMNS} FROM return_data_schemas WHERE agreement_id = $1 ORDER BY version DESC LIMIT 1`,
    [agreementId],
  );
  return rows[0] ?? null;
}

export async function listSchemaVersions(db: Db, agreementId: string): Promise<ReturnDataSchema[]> {
  const { rows } = await db.query<ReturnDataSchema>(
    `SELECT ${SCHEMA_COLUMNS} FROM return_data_schemas WHERE agreement_id = $1 ORDER BY version`,
    [agreementId],
  );
  return rows;
}

/**
 * The found accesses of an agreement: audit rows naming one of its versions, or — for an agreement recorded
 * without versions — its institution's rows naming none. `$1` is the agreement's ID.
 */
export const FOUND_ACCESSES = `
  SELECT a.nik, a.at FROM access_audit a
   WHERE a.outcome = 'found' AND a.nik IS NOT NULL
     AND (a.agreement_version_id IN (SELECT id FROM agreement_versions WHERE agreement_id = $1)
          OR (a.agreement_version_id IS NULL
              AND a.institution_id = (SELECT institution_id FROM agreements WHERE id = $1)
              AND NOT EXISTS (SELECT 1 FROM agreement_versions WHERE agreement_id = $1)))`;

/**
 * Which of `niks` the institution accessed (found) under the agreement: `FOUND_ACCESSES` for a batch of NIKs.
 * The agreement's versions are read first and passed as an array, so both conditions are index conditions of
 * `access_audit_found_version_idx (agreement_version_id, nik)`: one probe per NIK. Written as `FOUND_ACCESSES`
 * with its `IN (subquery)` inside an OR, the planner filtered every found row of the agreement on each batch —
 * an import of N rows then read N × (rows accessed) index entries.
 */
export async function accessedNiks(db: Db, agreementId: string, niks: string[]): Promise<Set<string>> {
  if (niks.length === 0) return new Set();
  const scope = await foundScope(db, agreementId);
  const { rows } = await db.query<{ nik: string }>(
    `SELECT DISTINCT nik FROM access_audit a WHERE ${scope.where('a', '$1')} AND a.nik = ANY($2::text[])`,
    [scope.param, niks],
  );
  return new Set(rows.map((r) => r.nik));
}

/**
 * The found accesses under an agreement, as a condition on an `access_audit` alias with one parameter: by its
 * versions (access_audit_found_version_idx), or, for an agreement made before versions existed, its
 * institution's rows naming no version (access_audit_found_unversioned_idx, 039).
 */
export async function foundScope(
  db: Db,
  agreementId: string,
): Promise<{ where: (alias: string, param: string) => string; param: string[] | string | null }> {
  const { rows } = await db.query<{ versions: string[] | null; institutionId: string | null }>(
    `SELECT (SELECT array_agg(v.id) FROM agreement_versions v WHERE v.agreement_id = $1) AS versions,
            (SELECT g.institution_id FROM agreements g WHERE g.id = $1) AS "institutionId"`,
    [agreementId],
  );
  const { versions, institutionId } = rows[0]!;
  return versions?.length
    ? {
        where: (a, p) => `${a}.outcome = 'found' AND ${a}.agreement_version_id = ANY(${p}::text[])`,
        param: versions,
      }
    : {
        where: (a, p) =>
          `${a}.outcome = 'found' AND ${a}.agreement_version_id IS NULL AND ${a}.institution_id = ${p}`,
        param: institutionId,
      };
}

/**
 * Takes the agreement's return-data write lock for the rest of the transaction: a file import holds it alone
 * (`exclusive`), the web service and the form share it. So an import that found a part's keys all new may insert
 * them plainly (return-data.stage.ts) without another writer adding one of them in between.
 */
export async function lockRecords(db: Db, agreementId: string, exclusive: boolean): Promise<void> {
  await db.query(
    `SELECT ${exclusive ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared'}(hashtextextended($1, 0))`,
    [`return_data_records:${agreementId}`],
  );
}

/** Stores records by their natural key (agreement, NIK, period): a record sent again replaces itself. */
export async function upsertRecords(
  db: Db,
  r: {
    agreementId: string;
    institutionId: string;
    schemaId: string;
    channel: 'upload' | 'cli' | 'web_service' | 'form';
    uploadId: string | null;
    now: Date;
    records: ValidRecord[];
  },
): Promise<number> {
  if (r.records.length === 0) return 0;
  await lockRecords(db, r.agreementId, false);
  // One statement may not touch a key twice: the last of a batch wins, as a later upload would.
  const byKey = new Map(r.records.map((x) => [`${x.nik}|${x.period}`, x]));
  const { rows } = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO return_data_records (agreement_id, nik, period, institution_id, schema_id, data, channel,
                                        upload_id, received_at)
       SELECT $1, x.nik, x.period, $2, $3, x.data, $4, $5, $6
         FROM jsonb_to_recordset($7::jsonb) AS x(nik text, period text, data jsonb)
       ON CONFLICT (agreement_id, nik, period) DO UPDATE
         SET data = EXCLUDED.data, schema_id = EXCLUDED.schema_id, channel = EXCLUDED.channel,
             upload_id = EXCLUDED.upload_id, received_at = EXCLUDED.received_at
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [
      r.agreementId,
      r.institutionId,
      r.schemaId,
      r.channel,
      r.uploadId,
      r.now.toISOString(),
      JSON.stringify([...byKey.values()]),
    ],
  );
  return rows[0]!.n;
}

/** An upload as the repository reads it: the answer (the zod view is the one source) without its rejects. */
export type Upload = Omit<z.output<typeof uploadView>, 'rejects'>;

const UPLOAD_COLUMNS = `id, agreement_id AS "agreementId", institution_id AS "institutionId", schema_id AS "schemaId",
  channel, filename, format, status, failure, rows_read AS "rowsRead", accepted, rejected, warnings,
  created_at AS "createdAt", created_by AS "createdBy", finished_at AS "finishedAt"`;

export async function insertUpload(
  db: Db,
  u: Pick<
    Upload,
    'agreementId' | 'institutionId' | 'schemaId' | 'channel' | 'filename' | 'format' | 'warnings'
  > & {
    createdBy: string | null;
    now: Date;
  },
): Promise<Upload> {
  const { rows } = await db.query<Upload>(
    `INSERT INTO return_data_uploads (id, agreement_id, institution_id, schema_id, channel, filename, format, status,
                                      warnings, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'processing', $8, $9, $10) RETURNING ${UPLOAD_COLUMNS}`,
    [
      newId('rdu'),
      u.agreementId,
      u.institutionId,
      u.schemaId,
      u.channel,
      u.filename,
      u.format,
      u.warnings,
      u.now.toISOString(),
      u.createdBy,
    ],
  );
  return rows[0]!;
}

export async function finishUpload(
  db: Db,
  uploadId: string,
  f: { failure: string | null; now: Date },
): Promise<Upload> {
  const { rows } = await db.query<Upload>(
    `UPDATE return_data_uploads SET status = $2, failure = $3, finished_at = $4 WHERE id = $1
     RETURNING ${UPLOAD_COLUMNS}`,
    [uploadId, f.failure ? 'failed' : 'done', f.failure, f.now.toISOString()],
  );
  return rows[0]!;
}

export async function getUpload(db: Db, id: string): Promise<Upload | null> {
  const { rows } = await db.query<Upload>(`SELECT ${UPLOAD_COLUMNS} FROM return_data_uploads WHERE id = $1`, [
    id,
  ]);
  return rows[0] ?? null;
}

export async function listUploads(db: Db, agreementId: string, limit = 50): Promise<Upload[]> {
  const { rows } = await db.query<Upload>(
    `SELECT ${UPLOAD_COLUMNS} FROM return_data_uploads WHERE agreement_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [agreementId, limit],
  );
  return rows;
}

export interface RejectRow {
  line: number;
  column: string;
  reason: string;
}

/** An upload's rejects in line order, keyset-paged by (line, ctid order). */
export async function listRejects(db: Db, uploadId: string, limit: number, offset = 0): Promise<RejectRow[]> {
  const { rows } = await db.query<RejectRow>(
    `SELECT line, col AS column, reason FROM return_data_rejects WHERE upload_id = $1
      ORDER BY line, col LIMIT $2 OFFSET $3`,
    [uploadId, limit, offset],
  );
  return rows;
}

export interface CoverageRow {
  period: string;
  accessed: number;
  covered: number;
}

/** Per period: the NIKs accessed (found) under the agreement in it, and how many of them have a record. */
export async function coverageByPeriod(
  db: Db,
  agreementId: string,
  kind: PeriodKind,
): Promise<CoverageRow[]> {
  const local = `(f.at AT TIME ZONE 'Asia/Jakarta')`;
  const period =
    kind === 'semester'
      ? `to_char(${local}, 'YYYY') || '-S' || CASE WHEN extract(month FROM ${local}) <= 6 THEN '1' ELSE '2' END`
      : `to_char(${local}, 'YYYY-MM')`;
  const { rows } = await db.query<CoverageRow>(
    `WITH acc AS (SELECT DISTINCT f.nik, ${period} AS period FROM (${FOUND_ACCESSES}) f)
     SELECT acc.period, count(*)::int AS accessed, count(r.nik)::int AS covered
       FROM acc LEFT JOIN return_data_records r
         ON r.agreement_id = $1 AND r.nik = acc.nik AND r.period = acc.period
      GROUP BY acc.period ORDER BY acc.period`,
    [agreementId],
  );
  return rows;
}

/** The NIKs of a period still without a record (for the institution: what is missing). */
export async function missingNiks(
  db: Db,
  agreementId: string,
  kind: PeriodKind,
  period: string,
  limit: number,
): Promise<string[]> {
  const local = `(f.at AT TIME ZONE 'Asia/Jakarta')`;
  const expr =
    kind === 'semester'
      ? `to_char(${local}, 'YYYY') || '-S' || CASE WHEN extract(month FROM ${local}) <= 6 THEN '1' ELSE '2' END`
      : `to_char(${local}, 'YYYY-MM')`;
  const { rows } = await db.query<{ nik: string }>(
    `SELECT DISTINCT f.nik FROM (${FOUND_ACCESSES}) f
      WHERE ${expr} = $2
        AND NOT EXISTS (SELECT 1 FROM return_data_records r WHERE r.agreement_id = $1 AND r.nik = f.nik AND r.period = $2)
      ORDER BY f.nik LIMIT $3`,
    [agreementId, period, limit],
  );
  return rows.map((r) => r.nik);
}

export interface StoredRecord {
  agreementId: string;
  institutionId: string;
  institutionName: string;
  registryNumber: string;
  nik: string;
  period: string;
  data: Record<string, unknown>;
  channel: string;
  receivedAt: string;
}

/** Records by NIK (a resident's) or by agreement, in an officer's or institution's scope. */
export async function findRecords(
  db: Db,
  f: {
    nik?: string | undefined;
    agreementId?: string | undefined;
    period?: string | undefined;
    officeIds?: string[] | undefined;
    institutionId?: string | undefined;
    limit: number;
  },
): Promise<StoredRecord[]> {
  // A NIK's records (the resident view) or a filter's newest first.
  const { rows } = await db.query<StoredRecord>(
    `SELECT r.agreement_id AS "agreementId", r.institution_id AS "institutionId", i.name AS "institutionName",
            a.registry_number AS "registryNumber", r.nik, r.period, r.data, r.channel, r.received_at AS "receivedAt"
       FROM return_data_records r JOIN institutions i ON i.id = r.institution_id
       JOIN agreements a ON a.id = r.agreement_id
      WHERE ($1::text IS NULL OR r.nik = $1) AND ($2::text IS NULL OR r.agreement_id = $2)
        AND ($3::text IS NULL OR r.period = $3)
        AND ($4::text[] IS NULL OR i.office_id = ANY($4)) AND ($5::text IS NULL OR r.institution_id = $5)
      ORDER BY r.received_at DESC, r.nik LIMIT $6`,
    [
      f.nik ?? null,
      f.agreementId ?? null,
      f.period ?? null,
      f.officeIds ?? null,
      f.institutionId ?? null,
      f.limit,
    ],
  );
  return rows;
}

export interface RecordFilter {
  institutionId?: string | undefined;
  agreementId?: string | undefined;
  period?: string | undefined;
  officeIds?: string[] | undefined;
}

const RECORD_FILTER = `($1::text IS NULL OR r.institution_id = $1) AND ($2::text IS NULL OR r.agreement_id = $2)
  AND ($3::text IS NULL OR r.period = $3) AND ($4::text[] IS NULL OR i.office_id = ANY($4))`;
const filterParams = (f: RecordFilter) => [
  f.institutionId ?? null,
  f.agreementId ?? null,
  f.period ?? null,
  f.officeIds ?? null,
];

/** The field keys of the schemas the filtered records were stored under, in schema order: the export's columns. */
export async function recordFieldKeys(db: Db, f: RecordFilter): Promise<string[]> {
  const { rows } = await db.query<{ key: string }>(
    `SELECT k.key FROM return_data_schemas s
       CROSS JOIN LATERAL jsonb_array_elements(s.fields) WITH ORDINALITY AS e(field, n)
       CROSS JOIN LATERAL (SELECT e.field->>'key' AS key) k
      WHERE s.id IN (SELECT DISTINCT r.schema_id FROM return_data_records r
                       JOIN institutions i ON i.id = r.institution_id WHERE ${RECORD_FILTER})
      GROUP BY k.key ORDER BY min(s.version * 1000 + e.n), k.key LIMIT 200`,
    filterParams(f),
  );
  return rows.map((r) => r.key);
}

/** One page of the filtered records in key order (agreement, NIK, period: the primary key), after `after`. */
export async function recordPage(
  db: Db,
  f: RecordFilter,
  after: { agreementId: string; nik: string; period: string } | null,
  limit: number,
): Promise<StoredRecord[]> {
  const { rows } = await db.query<StoredRecord>(
    `SELECT r.agreement_id AS "agreementId", r.institution_id AS "institutionId", i.name AS "institutionName",
            a.registry_number AS "registryNumber", r.nik, r.period, r.data, r.channel, r.received_at AS "receivedAt"
       FROM return_data_records r JOIN institutions i ON i.id = r.institution_id
       JOIN agreements a ON a.id = r.agreement_id
      WHERE ${RECORD_FILTER}
        AND ($5::text IS NULL OR (r.agreement_id, r.nik, r.period) > ($5, $6::text, $7::text))
      ORDER BY r.agreement_id, r.nik, r.period LIMIT $8`,
    [...filterParams(f), after?.agreementId ?? null, after?.nik ?? null, after?.period ?? null, limit],
  );
  return rows;
}
