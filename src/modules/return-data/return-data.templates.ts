import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Agreement } from '../agreements/agreements.repo.ts';
import type { RejectRow } from './return-data.repo.ts';
import { periodText, type ReturnDataField, type ReturnDataSchema } from './return-data.schema.ts';

/**
 * The schema published to the institution: a Frictionless Table Schema (https://specs.frictionlessdata.io/
 * table-schema/) and templates to fill in — CSV, and XLSX with a header row, one synthetic example row and a
 * sheet explaining each field in Indonesian. Identifier columns are text cells, so Excel keeps all 16 digits.
 */

const TYPE_WORDS: Record<ReturnDataField['type'], string> = {
  text: 'teks',
  integer: 'bilangan bulat',
  decimal: 'angka desimal (koma atau titik)',
  date: 'tanggal (TTTT-BB-HH, HH-BB-TTTT atau HH/BB/TTTT)',
  boolean: 'YA atau TIDAK',
  code: 'kode dari daftar',
  id16: 'nomor identitas 16 digit (teks)',
};

/** The key columns every record carries, described like fields. */
function keyFields(schema: ReturnDataSchema): ReturnDataField[] {
  return [
    {
      key: 'NIK',
      label: 'NIK penduduk yang diakses',
      type: 'id16',
      required: true,
      description: 'NIK yang diakses (ditemukan) oleh instansi berdasarkan PKS ini',
    },
    {
      key: 'PERIODE',
      label: 'Periode data balikan',
      type: 'text',
      required: true,
      description: periodText(schema),
    },
  ];
}

export function allColumns(schema: ReturnDataSchema): ReturnDataField[] {
  return [...keyFields(schema), ...schema.fields];
}

/** The schema as a Frictionless Table Schema descriptor. */
export function tableSchema(schema: ReturnDataSchema, agreement: Agreement) {
  const field = (f: ReturnDataField) => {
    const constraints: Record<string, unknown> = { required: f.required };
    let type = 'string';
    let extra: Record<string, unknown> = {};
    switch (f.type) {
      case 'text':
        constraints.maxLength = f.maxLength ?? 255;
        break;
      case 'integer':
        type = 'integer';
        break;
      case 'decimal':
        type = 'number';
        break;
      case 'date':
        type = 'date';
        break;
      case 'boolean':
        type = 'boolean';
        extra = { trueValues: ['YA', 'Y', 'TRUE', '1'], falseValues: ['TIDAK', 'T', 'FALSE', '0'] };
        break;
      case 'code':
        constraints.enum = f.values;
        break;
      case 'id16':
        constraints.pattern = '^[0-9]{16}$';
        break;
    }
    if (f.key === 'PERIODE') {
      constraints.pattern = schema.period === 'semester' ? '^[0-9]{4}-S[12]$' : '^[0-9]{4}-(0[1-9]|1[0-2])$';
    }
    if (f.min !== undefined) constraints.minimum = f.min;
    if (f.max !== undefined) constraints.maximum = f.max;
    return {
      name: f.key,
      title: f.label,
      ...(f.description ? { description: f.description } : {}),
      type,
      ...extra,
      constraints,
    };
  };
  return {
    $schema: 'https://frictionlessdata.io/schemas/table-schema.json',
    name: `data-balikan-${agreement.id}`,
    title: `Data balikan PKS ${agreement.registryNumber}`,
    fields: allColumns(schema).map(field),
    primaryKey: ['NIK', 'PERIODE'],
    missingValues: [''],
    // Gerbang's own properties (a Table Schema allows more): the obligation and the schema's version.
    'x-gerbang': {
      agreementId: agreement.id,
      schemaVersion: schema.version,
      period: schema.period,
      periodDays: schema.periodDays,
      coverageShare: schema.coverageShare,
    },
  };
}

/** One synthetic example value per field (no real person's data). */
function example(f: ReturnDataField, schema: ReturnDataSchema): string | number {
  if (f.key === 'NIK') return '3301014101900001';
  if (f.key === 'PERIODE') return schema.period === 'semester' ? '2026-S1' : '2026-03';
  switch (f.type) {
    case 'text':
      return 'CONTOH ISIAN'.slice(0, f.maxLength ?? 255);
    case 'integer':
      return f.min ?? 1;
    case 'decimal':
      return f.min ?? 1.5;
    case 'date':
      return '2026-03-15';
    case 'boolean':
      return 'YA';
    case 'code':
      return f.values![0]!;
    case 'id16':
      return '3301010101900002';
  }
}

export function csvTemplate(schema: ReturnDataSchema): Readable {
  const cols = allColumns(schema);
  const csv = stringify({
    header: true,
    columns: cols.map((c) => c.key),
    // Values quoted (a typed reader keeps a NIK as text); the header plain.
    cast: { string: (v, ctx) => (ctx.header ? v : { value: v, quoted: true }) },
  });
  csv.write(cols.map((c) => String(example(c, schema))));
  csv.end();
  return csv;
}

function limitText(f: ReturnDataField): string {
  const parts: string[] = [];
  if (f.maxLength) parts.push(`paling panjang ${f.maxLength} karakter`);
  if (f.min !== undefined) parts.push(`paling kecil ${f.min}`);
  if (f.max !== undefined) parts.push(`paling besar ${f.max}`);
  if (f.values) parts.push(`pilihan: ${f.values.join(', ')}`);
  return parts.join('; ');
}

export function xlsxTemplate(schema: ReturnDataSchema, agreement: Agreement): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const cols = allColumns(schema);
  const data = wb.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = cols.map((c) => ({
    header: c.key,
    key: c.key,
    width: Math.max(14, c.key.length + 2),
    // Identifiers and codes as text cells: Excel keeps every digit of a NIK.
    style: c.type === 'id16' || c.key === 'PERIODE' || c.type === 'code' ? { numFmt: '@' } : {},
  }));
  data.addRow(Object.fromEntries(cols.map((c) => [c.key, example(c, schema)]))).commit();
  data.commit();
  const help = wb.addWorksheet('Penjelasan');
  help.columns = [
    { header: 'Kolom', key: 'key', width: 28 },
    { header: 'Keterangan', key: 'label', width: 36 },
    { header: 'Jenis isian', key: 'type', width: 40 },
    { header: 'Wajib', key: 'required', width: 8 },
    { header: 'Batasan', key: 'limits', width: 48 },
    { header: 'Penjelasan', key: 'description', width: 60 },
  ];
  for (const c of cols) {
    help
      .addRow({
        key: c.key,
        label: c.label,
        type: TYPE_WORDS[c.type],
        required: c.required ? 'Ya' : 'Tidak',
        limits: limitText(c),
        description: c.description ?? '',
      })
      .commit();
  }
  help.addRow({}).commit();
  for (const line of [
    `Data balikan PKS ${agreement.registryNumber}, skema versi ${schema.version}.`,
    `Kewajiban: ${periodText(schema)}; cakupan minimal ${Math.round(schema.coverageShare * 100)}% NIK yang diakses.`,
    'Baris contoh pada lembar Data adalah data sintetis: hapus sebelum mengunggah.',
    'Hanya NIK yang diakses (ditemukan) oleh instansi berdasarkan PKS ini yang diterima.',
    'Baris yang sama (NIK dan PERIODE) yang dikirim ulang menggantikan yang lama, tidak menggandakan.',
  ]) {
    help.addRow({ key: line }).commit();
  }
  help.commit();
  void wb.commit().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

export function rejectsCsv(rows: AsyncIterable<RejectRow>): Readable {
  const csv = stringify({
    header: true,
    columns: [
      { key: 'line', header: 'baris' },
      { key: 'column', header: 'kolom' },
      { key: 'reason', header: 'alasan' },
    ],
    cast: { string: (v, ctx) => (ctx.header ? v : { value: v, quoted: true }) },
  });
  return Readable.from(rows).pipe(csv);
}

export function rejectsXlsx(rows: AsyncIterable<RejectRow>): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('Ditolak', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'Baris', key: 'line', width: 8 },
    { header: 'Kolom', key: 'column', width: 28 },
    { header: 'Alasan', key: 'reason', width: 90 },
  ];
  void (async () => {
    for await (const r of rows) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
