import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import type { Agreement } from '../agreements/agreements.repo.ts';
import { loadAgreement } from '../agreements/agreements.service.ts';
import { SERVER_ACTOR, type Actor } from '../../core/actor.ts';
import { FileProblem, openTable, type Table, type TableRow } from './return-data.files.ts';
import { PRESETS, type PresetName } from './return-data.presets.ts';
import {
  accessedNiks,
  currentSchema,
  finishUpload,
  insertSchemaVersion,
  insertUpload,
  upsertRecords,
  type Upload,
} from './return-data.repo.ts';
import { REASONS } from './return-data.reasons.ts';
import { rowChecker, stageKeys, storeRows, type CheckedRow, type StageRow } from './return-data.stage.ts';
import {
  KEY_COLUMNS,
  returnDataSchemaInput,
  type ReturnDataSchema,
  type ReturnDataSchemaInput,
} from './return-data.schema.ts';
import {
  NOT_ACCESSED_REASON,
  normaliseHeader,
  validateRow,
  type Raw,
  type RowProblem,
  type ValidRecord,
} from './return-data.validate.ts';

/** The agreement in the actor's scope, and its schema in force (404 when there is none). */
export async function agreementWithSchema(
  ctx: ServiceContext,
  actor: Actor,
  agreementId: string,
): Promise<{ agreement: Agreement; schema: ReturnDataSchema }> {
  const { db } = ctx;
  const agreement = await loadAgreement(db, agreementId, actor.scope);
  const schema = await currentSchema(db, agreement.id);
  if (!schema) throw ApiError.of('NOT_FOUND', 'This agreement has no return-data schema yet');
  return { agreement, schema };
}

/** An officer sets (a new version of) an agreement's return-data schema: from a preset, edited, or whole. */
export async function setReturnDataSchema(
  ctx: ServiceContext,
  actor: Actor,
  { agreementId, ...input }: { agreementId: string } & ReturnDataSchemaInput,
): Promise<ReturnDataSchema> {
  const { db, now } = ctx;
  const s = returnDataSchemaInput.parse(input);
  return db.transaction(async (tx) => {
    const agreement = await loadAgreement(tx, agreementId, actor.scope);
    await tx.query('SELECT 1 FROM agreements WHERE id = $1 FOR UPDATE', [agreement.id]);
    const before = await currentSchema(tx, agreement.id);
    const schema = await insertSchemaVersion(tx, {
      agreementId: agreement.id,
      agreementVersionId: agreement.currentVersionId,
      preset: s.preset ?? null,
      fields: s.fields,
      period: s.period,
      periodDays: s.periodDays ?? null,
      coverageShare: s.coverageShare,
      createdBy: actor.account?.id ?? null,
      reason: s.reason,
      now,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'return_data_schema.set',
      entityType: 'agreement',
      entityId: agreement.id,
      officeId: agreement.officeId,
      institutionId: agreement.institutionId,
      before: before ? { version: before.version, fields: before.fields.map((f) => f.key) } : null,
      after: {
        version: schema.version,
        fields: schema.fields.map((f) => f.key),
        period: schema.period,
        coverageShare: schema.coverageShare,
      },
    });
    return schema;
  });
}

/** A preset as a schema input, for the officer to edit. */
export function presetInput(name: PresetName): ReturnDataSchemaInput {
  return { ...structuredClone(PRESETS[name].schema), preset: name } as ReturnDataSchemaInput;
}

// ------------------------------------------------------------------------------------------------ ingest

export interface Reject {
  line: number;
  column: string;
  reason: string;
}

interface IngestTarget {
  agreement: Agreement;
  schema: ReturnDataSchema;
  channel: 'upload' | 'cli' | 'web_service' | 'form';
  uploadId: string | null;
  now: Date;
}

/**
 * One batch through the one validator and the enumeration rule, then into the store: valid rows of NIKs the
 * institution accessed (found) under the agreement are upserted; every other row is rejected with its
 * reasons. A NIK outside the agreement's accesses gets one reason, whatever the registry holds about it.
 */
async function checkBatch(
  db: Db,
  t: IngestTarget,
  rows: { line: number; get: (key: string) => Raw; extra?: RowProblem[] }[],
): Promise<{ valid: ValidRecord[]; rejects: Reject[] }> {
  const today = wibDay(t.now);
  const rejects: Reject[] = [];
  const candidates: { line: number; record: ValidRecord }[] = [];
  for (const row of rows) {
    const { record, problems } = validateRow(t.schema, row.get, today);
    const all = [...(row.extra ?? []), ...problems];
    if (record && all.length === 0) candidates.push({ line: row.line, record });
    for (const p of all) rejects.push({ line: row.line, column: p.column, reason: p.reason });
  }
  const accessed = await accessedNiks(db, t.agreement.id, [...new Set(candidates.map((c) => c.record.nik))]);
  const valid: ValidRecord[] = [];
  for (const c of candidates) {
    if (accessed.has(c.record.nik)) valid.push(c.record);
    else rejects.push({ line: c.line, column: 'NIK', reason: NOT_ACCESSED_REASON });
  }
  return { valid, rejects };
}

/** The web service and the online form: a JSON batch, stored in one transaction; rejects by index. */
export async function submitRecords(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    agreementId: string;
    records: { nik: unknown; period: unknown; values: Record<string, unknown> }[];
    channel: 'web_service' | 'form';
  },
): Promise<{
  received: number;
  accepted: number;
  rejected: number;
  rejects: (Reject & { index: number })[];
}> {
  const { db, now } = ctx;
  const { agreement, schema } = await agreementWithSchema(ctx, actor, input.agreementId);
  const toRaw = (v: unknown): Raw =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  const rows = input.records.map((r, index) => ({
    line: index,
    get: (key: string) => toRaw(key === 'NIK' ? r.nik : key === 'PERIODE' ? r.period : r.values[key]),
    extra: Object.keys(r.values)
      .filter((k) => !schema.fields.some((f) => f.key === k))
      .slice(0, 5)
      .map((k) => ({ column: k.slice(0, 64), reason: REASONS.unknownColumn })),
  }));
  const target: IngestTarget = { agreement, schema, channel: input.channel, uploadId: null, now };
  return db.transaction(async (tx) => {
    const { valid, rejects } = await checkBatch(tx, target, rows);
    const accepted = await upsertRecords(tx, {
      agreementId: agreement.id,
      institutionId: agreement.institutionId,
      schemaId: schema.id,
      channel: input.channel,
      uploadId: null,
      now,
      records: valid,
    });
    const rejectedRows = new Set(rejects.map((r) => r.line)).size;
    await recordAdminChange({ db: tx, now }, actor, {
      action: `return_data.${input.channel}`,
      entityType: 'agreement',
      entityId: agreement.id,
      officeId: agreement.officeId,
      institutionId: agreement.institutionId,
      after: { received: rows.length, accepted, rejected: rejectedRows },
    });
    return {
      received: rows.length,
      accepted,
      rejected: rejectedRows,
      rejects: rejects.map((r) => ({ index: r.line, line: r.line, column: r.column, reason: r.reason })),
    };
  });
}

/** How a header maps onto the schema: the column index of each key, unknown and missing columns. */
export function mapHeader(
  schema: ReturnDataSchema,
  header: string[],
): { index: Map<string, number>; warnings: string[]; problems: string[] } {
  const byName = new Map<string, string>();
  for (const k of KEY_COLUMNS) byName.set(k, k);
  byName.set('NO_NIK', 'NIK');
  for (const f of schema.fields) {
    byName.set(f.key, f.key);
    byName.set(normaliseHeader(f.label), f.key);
  }
  const index = new Map<string, number>();
  const warnings: string[] = [];
  const problems: string[] = [];
  header.forEach((h, i) => {
    const name = normaliseHeader(h);
    if (name === '') return;
    const key = byName.get(name);
    if (!key) warnings.push(`Kolom "${h.trim().slice(0, 64)}" tidak ada dalam skema dan diabaikan`);
    else if (index.has(key)) problems.push(`Kolom ${key} muncul lebih dari sekali`);
    else index.set(key, i);
  });
  for (const k of KEY_COLUMNS) if (!index.has(k)) problems.push(`Kolom wajib ${k} tidak ada`);
  for (const f of schema.fields) {
    if (index.has(f.key)) continue;
    if (f.required) problems.push(`Kolom wajib ${f.key} (${f.label}) tidak ada`);
    else warnings.push(`Kolom ${f.key} tidak ada; nilainya dianggap kosong`);
  }
  return { index, warnings, problems };
}

/**
 * An uploaded file (CSV or XLSX, already on disk) into the store. The header is checked first: an empty or
 * unreadable file, or one missing a required column, is refused (400) before any upload is recorded. Then, in
 * one transaction, the rows are streamed into a staging table and validated, rejected and upserted by the
 * database set-wise (return-data.stage.ts); a file that breaks part-way keeps the rows read before the break,
 * and the upload ends `failed` with the reason.
 */
export async function importFile(
  ctx: ServiceContext,
  actor: Actor,
  input: { agreementId: string; path: string; filename: string; channel: 'upload' | 'cli' },
): Promise<Upload> {
  const { db, now } = ctx;
  const { agreement, schema } = await agreementWithSchema(ctx, actor, input.agreementId);
  let table: Table;
  try {
    table = await openTable(input.path);
  } catch (e) {
    if (e instanceof FileProblem)
      throw fileRefused(e.message, [{ line: e.line ?? 1, column: '', reason: e.message }]);
    throw e;
  }
  const header = mapHeader(schema, table.header);
  if (header.problems.length > 0) {
    await table.close();
    throw fileRefused(
      header.problems.join('; '),
      header.problems.map((p) => ({ line: 1, column: '', reason: p })),
    );
  }
  const first = await table.rows.next().catch(async (e: unknown) => {
    await table.close();
    if (e instanceof FileProblem)
      throw fileRefused(e.message, [{ line: e.line ?? 2, column: '', reason: e.message }]);
    throw e;
  });
  if (first.done)
    throw fileRefused('Berkas tidak berisi baris data', [
      { line: 2, column: '', reason: 'Berkas tidak berisi baris data' },
    ]);
  const upload = await insertUpload(db, {
    agreementId: agreement.id,
    institutionId: agreement.institutionId,
    schemaId: schema.id,
    channel: input.channel,
    filename: input.filename.slice(0, 200),
    format: table.format,
    warnings: header.warnings.slice(0, 50),
    createdBy: actor.account?.id ?? null,
    now,
  });
  const width = table.header.length;
  const positions = stageKeys(schema).map((k) => header.index.get(k));
  const toStage = (r: TableRow): StageRow => {
    let extra = false;
    for (let i = width; i < r.cells.length && !extra; i++) {
      const c = r.cells[i];
      extra = c !== null && c !== undefined && String(c).trim() !== '';
    }
    return {
      line: r.line,
      rowProblem: extra ? REASONS.tooManyCells(r.cells.length, width) : null,
      cells: positions.map((i) => (i === undefined ? null : (r.cells[i] ?? null))),
    };
  };
  let failure: string | null = null;
  const check = rowChecker(schema, wibDay(now));
  async function* rows(): AsyncGenerator<CheckedRow> {
    yield check(toStage(first.value as TableRow));
    try {
      for (;;) {
        const r = await table.rows.next();
        if (r.done) return;
        yield check(toStage(r.value));
      }
    } catch (e) {
      if (!(e instanceof FileProblem)) throw e;
      failure = e.message;
    }
  }
  return db.transaction(async (tx) => {
    let counts: { read: number; accepted: number; rejected: number };
    try {
      if (tx.kind === 'postgres') await tx.query(`SET LOCAL work_mem = '64MB'`);
      counts = await storeRows(tx, rows(), {
        schema,
        agreementId: agreement.id,
        institutionId: agreement.institutionId,
        uploadId: upload.id,
        channel: input.channel,
        now,
      });
    } finally {
      await table.close();
    }
    await tx.query(
      'UPDATE return_data_uploads SET rows_read = $2, accepted = $3, rejected = $4 WHERE id = $1',
      [upload.id, counts.read, counts.accepted, counts.rejected],
    );
    const done = await finishUpload(tx, upload.id, { failure, now });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'return_data.upload',
      entityType: 'return_data_upload',
      entityId: upload.id,
      officeId: agreement.officeId,
      institutionId: agreement.institutionId,
      after: {
        agreementId: agreement.id,
        rowsRead: done.rowsRead,
        accepted: done.accepted,
        rejected: done.rejected,
      },
    });
    return done;
  });
}

function fileRefused(message: string, details: Reject[]): ApiError {
  return ApiError.of('RETURN_DATA_FILE_REFUSED', message, details);
}

export { SERVER_ACTOR };
