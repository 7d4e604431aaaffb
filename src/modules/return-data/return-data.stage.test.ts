import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addResident, useTestWorld } from '../../test/fixtures.ts';
import { wibDay } from '../../lib/time.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import type { ReturnDataSchema } from './return-data.schema.ts';
import { agreementWithSchema, importFile, presetInput, setReturnDataSchema } from './return-data.service.ts';
import {
  createChecked,
  rowChecker,
  stageChecked,
  stageKeys,
  storeRows,
  type CheckedRow,
} from './return-data.stage.ts';
import { insertUpload, listRejects, lockRecords, upsertRecords } from './return-data.repo.ts';
import { NOT_ACCESSED_REASON, validateRow, type Raw } from './return-data.validate.ts';
import { REASONS } from './return-data.reasons.ts';

/**
 * Uploads: rows checked in Node by the one row-by-row validator (return-data.validate.ts) and staged in the
 * database (COPY on PostgreSQL, JSON inserts on PGlite) come back from the staging table with the validator's
 * reasons, columns and typed values, whatever the cells hold (quotes, backslashes, tabs, newlines, emoji).
 * Then whole files through `importFile`: every reason at once, plain and quoted CSV, and a 10,000-row file.
 */
const t = useTestWorld();
const work = mkdtempSync(join(tmpdir(), 'gerbang-rd-stage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const today = wibDay(new Date());

/** Every field type and limit. */
const schema = {
  id: 'rds_test',
  period: 'monthly',
  fields: [
    { key: 'TEKS', label: 'Teks', type: 'text', required: true, maxLength: 3 },
    { key: 'BULAT', label: 'Bulat', type: 'integer', required: false, min: -5, max: 1000000 },
    { key: 'DESIMAL', label: 'Desimal', type: 'decimal', required: false, min: 0.5 },
    { key: 'TANGGAL', label: 'Tanggal', type: 'date', required: false },
    { key: 'YA_TIDAK', label: 'Ya atau tidak', type: 'boolean', required: false },
    { key: 'KODE', label: 'Kode', type: 'code', required: true, values: ['PKH', 'PBI', 'bpnt', 'BANSOS_X'] },
    { key: 'NO_KK', label: 'Nomor KK', type: 'id16', required: false },
  ],
} as unknown as ReturnDataSchema;
const semesterSchema = { ...schema, period: 'semester' } as ReturnDataSchema;

const samples = [
  '',
  '  ',
  '\u00a0',
  '3301020101900001',
  "'3301020101900001",
  ' 3301020101900001 ',
  '3.30102E+15',
  '3,30102e15',
  '330102010190000',
  '2026-03',
  '2026-3',
  '03/2026',
  '3-2026',
  '2026-00',
  '2026-13',
  '2099-01',
  '2026-S1',
  '2026s2',
  'S2/2026',
  '2026/S1',
  '15-03-2026',
  '15/03/2026',
  '15.03.2026',
  '2026-3-5',
  '31-02-2026',
  '29-02-2024',
  '29/02/2100',
  '1899-12-31',
  '46096',
  '0',
  '73050',
  '73051',
  '1.500.000,75',
  '1.234',
  '1,5',
  '12',
  '-3',
  '-6',
  '007',
  '1.0',
  ' 42 ',
  '\u3000 4 2\u00a0',
  '1000001',
  '0.4',
  '1e5',
  `1${'0'.repeat(400)}`,
  `0.${'0'.repeat(400)}1`,
  'NaN',
  'Infinity',
  'ya',
  'Tidak',
  'benar',
  'T',
  'pkh',
  'P K H',
  ' bpnt ',
  'bansos x',
  'BLT',
  'abc',
  'abcd',
  '😀😀😀',
  '😀😀😀😀',
  'ab\r\ncd',
  "o'k",
  'back\\slash\ttab',
];
const raw: fc.Arbitrary<Raw> = fc.oneof(
  { arbitrary: fc.constantFrom(...samples), weight: 6 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
  { arbitrary: fc.integer({ min: -10, max: 100_000 }), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.constantFrom(3301020101900001, 46096, 1.5, -0, 2026.03), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  {
    // Spreadsheet date cells: Excel's dates (1900 on); checkDate reads them whole, the staged text by its form.
    arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
    weight: 1,
  },
);

interface Checked {
  line: number;
  nik: string;
  period: string;
  reasons: (string | null)[] | null;
  ok: boolean;
  data: Record<string, unknown> | null;
}

/** Rows checked and staged, then read back from the staging table (rolled back: nothing is stored). */
async function staged(s: ReturnDataSchema, rows: Raw[][]): Promise<Checked[]> {
  let out: Checked[] = [];
  const check = rowChecker(s, today);
  await t.db
    .transaction(async (tx) => {
      await createChecked(tx);
      await stageChecked(
        tx,
        rows.map((cells, i) => check({ line: i + 2, rowProblem: null, cells })),
      );
      out = (
        await tx.query<Checked>(
          'SELECT line, nik, period, reasons, ok, data FROM return_data_checked ORDER BY line',
        )
      ).rows;
      throw new Error('rollback');
    })
    .catch((e: unknown) => {
      if ((e as Error).message !== 'rollback') throw e;
    });
  return out;
}

/** What the row-by-row validator says of the same rows. */
function jsCheck(s: ReturnDataSchema, rows: Raw[][]) {
  const keys = stageKeys(s);
  return rows.map((cells) => {
    const { record, problems } = validateRow(s, (k) => cells[keys.indexOf(k)] ?? null, today);
    return { problems, record };
  });
}

function compare(s: ReturnDataSchema, rows: Raw[][], checked: Checked[]) {
  const keys = ['', ...stageKeys(s)];
  const js = jsCheck(s, rows);
  expect(checked).toHaveLength(rows.length);
  checked.forEach((c, i) => {
    const sql = (c.reasons ?? []).flatMap((r, j) => (r === null ? [] : [{ column: keys[j], reason: r }]));
    const ctx = JSON.stringify(rows[i], (_, v: unknown) => (typeof v === 'number' ? `#${v}` : v));
    expect(sql, ctx).toEqual(js[i]!.problems);
    expect(c.ok, ctx).toBe(js[i]!.record !== null);
    if (js[i]!.record) {
      // As stored: through JSON (a -0 is 0 there, as it was in the row-by-row path's jsonb).
      const record = JSON.parse(JSON.stringify(js[i]!.record)) as unknown;
      expect({ nik: c.nik, period: c.period, data: c.data }, ctx).toEqual(record);
    }
  });
}

describe('checked rows through the staging table', () => {
  it('give the same reasons and the same typed values for the same rows (monthly)', async () => {
    const width = stageKeys(schema).length;
    const rows = fc.sample(fc.array(raw, { minLength: width, maxLength: width }), {
      seed: 42,
      numRuns: 3000,
    });
    compare(schema, rows, await staged(schema, rows));
  });

  it('… and for a semester schema, and for every sample in every column', async () => {
    const width = stageKeys(schema).length;
    const rows = samples.map((v) => Array.from({ length: width }, () => v as Raw));
    compare(semesterSchema, rows, await staged(semesterSchema, rows));
    compare(schema, rows, await staged(schema, rows));
    const mixed = fc.sample(fc.array(raw, { minLength: width, maxLength: width }), {
      seed: 7,
      numRuns: 1000,
    });
    compare(semesterSchema, mixed, await staged(semesterSchema, mixed));
  });
});

describe('files through the set-based path', () => {
  const period = today.slice(0, 7);
  let accessed: string[] = [];

  beforeAll(async () => {
    await setReturnDataSchema({ db: t.db, now: new Date() }, SERVER_ACTOR, {
      agreementId: t.world.agreement.id,
      ...presetInput('dinsos_pkh_pbi'),
    });
    // 10,000 NIKs found under the agreement, written as the access path writes them.
    const { rows } = await t.db.query<{ v: string | null }>(
      'SELECT current_version_id AS v FROM agreements WHERE id = $1',
      [t.world.agreement.id],
    );
    await t.db.query(
      `INSERT INTO access_audit (at, request_id, protocol, method, institution_id, nik, outcome, caller_ip,
                                 agreement_version_id)
       SELECT now(), 'stage-test', 'v1', 'portal', $1, '3374' || lpad(g::text, 12, '0'), 'found', '127.0.0.1', $2
         FROM generate_series(0, 9999) g`,
      [t.world.institution.id, rows[0]!.v],
    );
    accessed = Array.from({ length: 10_000 }, (_, i) => `3374${String(i).padStart(12, '0')}`);
  });

  const importCsv = async (name: string, text: string) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return importFile({ db: t.db, now: new Date() }, SERVER_ACTOR, {
      agreementId: t.world.agreement.id,
      path,
      filename: name,
      channel: 'cli',
    });
  };

  it('rejects a file holding every reason with the reasons the row-by-row validator gives', async () => {
    const resident = await addResident(t.db);
    const [a, b, c] = accessed;
    const next = `${Number(period.slice(0, 4)) + 1}-01`;
    const lines = [
      'NIK;PERIODE;ID_PENERIMA_BANTUAN;JENIS_BANTUAN;NO_KK;TANGGAL_PENETAPAN',
      `${a};${period};PKH-1;pkh;;15-03-2026`, // good
      `3.30102E+15;${period};PKH-2;PKH;;`, // NIK in scientific notation
      `12345;${period};PKH-3;PKH;;`, // NIK not 16 digits
      `${b};2026-13;PKH-4;PKH;;`, // bad period
      `${b};${next};PKH-5;PKH;;`, // a period not yet begun
      `${b};${period};;PKH;;`, // required field empty
      `${b};${period};${'x'.repeat(33)};PKH;;`, // too long
      `${b};${period};PKH-8;BLT;;`, // unknown code
      `${b};${period};PKH-9;PKH;3.30102E+15;`, // KK number in scientific notation
      `${b};${period};PKH-10;PKH;1234;`, // KK number not 16 digits
      `${b};${period};PKH-11;PKH;;31-02-2026`, // no such day
      '', // an empty line: skipped, and counted in the lines after it
      `${resident.nik};${period};PKH-12;PKH;;`, // a registered NIK not accessed
      `3301019999999999;${period};PKH-13;PKH;;`, // an unknown NIK
      `${c};${period};PKH-14;PKH;;;;extra`, // more cells than the header
      `;;;;;x`, // all at once
    ];
    const upload = await importCsv('mix.csv', lines.join('\r\n') + '\r\n');
    const got = await listRejects(t.db, upload.id, 1000);
    // The same rows through the row-by-row validator, then the enumeration rule and the row's own problem.
    const keys = ['NIK', 'PERIODE', 'ID_PENERIMA_BANTUAN', 'JENIS_BANTUAN', 'NO_KK', 'TANGGAL_PENETAPAN'];
    const s = {
      period: 'monthly',
      fields: presetInput('dinsos_pkh_pbi').fields,
    } as unknown as ReturnDataSchema;
    const expected = lines.slice(1).flatMap((l, i) => {
      if (l === '') return [];
      const cells = l.split(';');
      const line = i + 2;
      const { record, problems } = validateRow(s, (k) => cells[keys.indexOf(k)] ?? null, today);
      const extra =
        cells.length > keys.length && cells.slice(keys.length).some((x) => x.trim() !== '')
          ? [{ column: '', reason: REASONS.tooManyCells(cells.length, keys.length) }]
          : [];
      const all = [...extra, ...problems];
      if (all.length === 0 && record && !accessed.includes(record.nik))
        all.push({ column: 'NIK', reason: NOT_ACCESSED_REASON });
      return all.map((p) => ({ line, column: p.column, reason: p.reason }));
    });
    const order = (x: { line: number; column: string }[]) =>
      [...x].sort((p, q) => p.line - q.line || (p.column < q.column ? -1 : p.column > q.column ? 1 : 0));
    expect(order(got)).toEqual(order(expected));
    // Every row but the first is rejected, and each reason of the list is there.
    const rows = lines.length - 2;
    expect(new Set(got.map((r) => r.line)).size).toBe(rows - 1);
    expect(upload).toMatchObject({ status: 'done', rowsRead: rows, accepted: 1, rejected: rows - 1 });
    // The same file with one quoted cell is no longer plain: csv-parse reads it (the plain one was split line
    // by line); the rejects are the same.
    const quoted = await importCsv(
      'mix-quoted.csv',
      lines.join('\r\n').replace('PKH-1;', '"PKH-1";') + '\r\n',
    );
    expect(order(await listRejects(t.db, quoted.id, 1000))).toEqual(order(got));
    expect(quoted).toMatchObject({ rowsRead: rows, accepted: 1, rejected: rows - 1 });
    for (const reason of [
      REASONS.idScientific('NIK', '3.30102E+15'),
      REASONS.id16('NIK'),
      REASONS.periodMonthly,
      REASONS.periodFuture,
      REASONS.required,
      REASONS.maxLength(32),
      REASONS.idScientific('Nomor Kartu Keluarga', '3.30102E+15'),
      REASONS.dateUnknown,
      NOT_ACCESSED_REASON,
      REASONS.tooManyCells(8, 6),
    ])
      expect(
        got.some((r) => r.reason === reason),
        reason,
      ).toBe(true);
  });

  it('stores part by part: a key repeated in a later part wins with its last line and is accepted once', async () => {
    const ctx = { db: t.db, now: new Date() };
    const { agreement, schema: s } = await agreementWithSchema(ctx, SERVER_ACTOR, t.world.agreement.id);
    const [a, b, c, d] = accessed.slice(100) as [string, string, string, string];
    const cells = [
      [a, period, 'V1', 'PKH'],
      [b, period, 'B', 'PKH'],
      [c, period, 'C', 'PBI'],
      [a, period, 'V2', 'PKH'], // the next part (parts of 3 rows): the same key again
      [d, period, '', 'PKH'], // a required field empty
      [d, period, 'D', 'PKH'],
      [a, period, 'V3', 'PBI'], // and once more, in a third part
    ];
    const check = rowChecker(s, today);
    const counts = await t.db.transaction(async (tx) => {
      const upload = await insertUpload(tx, {
        agreementId: agreement.id,
        institutionId: agreement.institutionId,
        schemaId: s.id,
        channel: 'cli',
        filename: 'parts.csv',
        format: 'csv',
        warnings: [],
        createdBy: null,
        now: ctx.now,
      });
      async function* rows(): AsyncGenerator<CheckedRow> {
        for (const [i, r] of cells.entries()) yield check({ line: i + 2, rowProblem: null, cells: r });
      }
      const target = {
        schema: s,
        agreementId: agreement.id,
        institutionId: agreement.institutionId,
        uploadId: upload.id,
        channel: 'cli' as const,
        now: ctx.now,
      };
      return storeRows(tx, rows(), target, 3);
    });
    expect(counts).toEqual({ read: 7, accepted: 4, rejected: 1 });
    const { rows } = await t.db.query<{ nik: string; data: Record<string, unknown> }>(
      'SELECT nik, data FROM return_data_records WHERE agreement_id = $1 AND nik = ANY($2) AND period = $3',
      [t.world.agreement.id, [a, d], period],
    );
    expect(Object.fromEntries(rows.map((r) => [r.nik, r.data]))).toEqual({
      [a]: { ID_PENERIMA_BANTUAN: 'V3', JENIS_BANTUAN: 'PBI' },
      [d]: { ID_PENERIMA_BANTUAN: 'D', JENIS_BANTUAN: 'PKH' },
    });
  });

  it("an import holds the agreement's write lock: a web-service or form write waits until the import ends", async () => {
    const { schema: s } = await agreementWithSchema(
      { db: t.db, now: new Date() },
      SERVER_ACTOR,
      t.world.agreement.id,
    );
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const importing = t.db.transaction(async (tx) => {
      await lockRecords(tx, t.world.agreement.id, true);
      locked();
      await held;
      order.push('import ends');
    });
    await isLocked;
    const write = upsertRecords(t.db, {
      agreementId: t.world.agreement.id,
      institutionId: t.world.institution.id,
      schemaId: s.id,
      channel: 'web_service',
      uploadId: null,
      now: new Date(),
      records: [{ nik: accessed[200]!, period, data: { ID_PENERIMA_BANTUAN: 'W', JENIS_BANTUAN: 'PKH' } }],
    }).then(() => order.push('write'));
    // Long enough for the write to be done were it not waiting (on PostgreSQL the lock holds it; PGlite's one
    // session runs the transaction first anyway).
    await new Promise((r) => setTimeout(r, 300));
    order.push('release');
    release();
    await Promise.all([importing, write]);
    expect(order).toEqual(['release', 'import ends', 'write']);
  });

  it('imports a 10,000-row file, and the same file again replaces the rows instead of adding them', async () => {
    const head = 'NIK,PERIODE,ID_PENERIMA_BANTUAN,JENIS_BANTUAN';
    const body = accessed.map((n, i) => `${n},${period},PKH-${i},${i % 2 ? 'PKH' : 'PBI'}`).join('\n');
    const count = async () =>
      (
        await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM return_data_records WHERE agreement_id = $1 AND nik LIKE '3374%'`,
          [t.world.agreement.id],
        )
      ).rows[0]!.n;
    const first = await importCsv('big.csv', `${head}\n${body}\n`);
    expect(first).toMatchObject({ status: 'done', rowsRead: 10_000, accepted: 10_000, rejected: 0 });
    expect(await count()).toBe(10_000);
    // The same keys again, one of them twice: the last line of a key wins.
    const again = await importCsv('big.csv', `${head}\n${body}\n${accessed[5]},${period},PKH-LAST,PKH\n`);
    expect(again).toMatchObject({ rowsRead: 10_001, accepted: 10_000, rejected: 0 });
    expect(await count()).toBe(10_000);
    const { rows } = await t.db.query<{ data: Record<string, unknown> }>(
      'SELECT data FROM return_data_records WHERE agreement_id = $1 AND nik = $2 AND period = $3',
      [t.world.agreement.id, accessed[5], period],
    );
    expect(rows[0]!.data).toEqual({ ID_PENERIMA_BANTUAN: 'PKH-LAST', JENIS_BANTUAN: 'PKH' });
  });
});
