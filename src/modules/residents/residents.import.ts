import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { checkNik } from '../nik/nik.ts';
import { loadRegionDataset } from '../regions/regions.dataset.ts';
import { insertResidents } from './residents.bulk.ts';
import { VALUE_LISTS, type RecordStatus, type ResidentRow } from './residents.types.ts';

/**
 * Import of a registry extract from CSV: a header row of element names (any order, any case), one resident
 * per line, upserted by NIK in batches. A line that fails validation is reported by its number with
 * messages that never quote its values (they are population data); the other lines are still written.
 */
const HEADER = [
  'NIK',
  'NO_KK',
  'NAMA_LGKP',
  'TMPT_LHR',
  'TGL_LHR',
  'JENIS_KLMIN',
  'GOL_DARAH',
  'AGAMA',
  'STATUS_KAWIN',
  'STAT_HBKEL',
  'PDDK_AKH',
  'JENIS_PKRJN',
  'NIK_IBU',
  'NAMA_LGKP_IBU',
  'NIK_AYAH',
  'NAMA_LGKP_AYAH',
  'ALAMAT',
  'NO_RT',
  'NO_RW',
  'KODE_POS',
  'KODE_WILAYAH',
  'EKTP_STATUS',
  'STATUS_DATA',
] as const;
type Column = (typeof HEADER)[number];
const OPTIONAL: ReadonlySet<Column> = new Set(['NIK_IBU', 'NIK_AYAH']);

export function residentsCsvHeader(): string[] {
  return [...HEADER];
}

export function residentToCsvRow(r: ResidentRow): string[] {
  return [
    r.nik,
    r.familyCardNumber,
    r.fullName,
    r.birthPlace,
    r.birthDate,
    r.sex,
    r.bloodType,
    r.religion,
    r.maritalStatus,
    r.familyRelationship,
    r.education,
    r.occupation,
    r.motherNik ?? '',
    r.motherName,
    r.fatherNik ?? '',
    r.fatherName,
    r.streetAddress,
    r.rt,
    r.rw,
    r.postalCode,
    r.villageCode,
    r.ektpStatus,
    r.recordStatus,
  ];
}

const STATUS_NAMES: Record<string, RecordStatus> = {
  ACTIVE: 'active',
  AKTIF: 'active',
  DECEASED: 'deceased',
  MENINGGAL: 'deceased',
  'MENINGGAL DUNIA': 'deceased',
  DUPLICATE: 'duplicate',
  GANDA: 'duplicate',
  'DATA GANDA': 'duplicate',
  INACTIVE: 'inactive',
  'NON AKTIF': 'inactive',
  NONAKTIF: 'inactive',
};

const norm = (s: string) => s.trim().toUpperCase().replace(/\s+/g, ' ');
const text = (label: string) =>
  z
    .string()
    .transform(norm)
    .pipe(z.string().min(1, `${label} is empty`).max(200, `${label} is too long`));
const oneOf = (label: string, list: readonly string[]) =>
  z
    .string()
    .transform(norm)
    .refine((v) => list.includes(v), `${label} is not a known value`);
const digits16 = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{16}$/, `${label} must be 16 digits`);
const small = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, `${label} must be 1–3 digits`)
    .transform((v) => v.padStart(3, '0'));

const rowSchema = z
  .object({
    NIK: digits16('NIK'),
    NO_KK: digits16('NO_KK'),
    NAMA_LGKP: text('NAMA_LGKP'),
    TMPT_LHR: text('TMPT_LHR'),
    TGL_LHR: z
      .string()
      .trim()
      .transform((v) => {
        const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(v);
        return m ? `${m[3]}-${m[2]}-${m[1]}` : v;
      })
      .pipe(z.iso.date('TGL_LHR must be YYYY-MM-DD or dd-mm-yyyy')),
    JENIS_KLMIN: oneOf('JENIS_KLMIN', ['LAKI-LAKI', 'PEREMPUAN']),
    GOL_DARAH: oneOf('GOL_DARAH', VALUE_LISTS.bloodType),
    AGAMA: oneOf('AGAMA', VALUE_LISTS.religion),
    STATUS_KAWIN: oneOf('STATUS_KAWIN', VALUE_LISTS.maritalStatus),
    STAT_HBKEL: oneOf('STAT_HBKEL', VALUE_LISTS.familyRelationship),
    PDDK_AKH: oneOf('PDDK_AKH', VALUE_LISTS.education),
    JENIS_PKRJN: text('JENIS_PKRJN'),
    NIK_IBU: z.union([z.literal('').transform(() => null), digits16('NIK_IBU')]),
    NAMA_LGKP_IBU: text('NAMA_LGKP_IBU'),
    NIK_AYAH: z.union([z.literal('').transform(() => null), digits16('NIK_AYAH')]),
    NAMA_LGKP_AYAH: text('NAMA_LGKP_AYAH'),
    ALAMAT: text('ALAMAT'),
    NO_RT: small('NO_RT'),
    NO_RW: small('NO_RW'),
    KODE_POS: z
      .string()
      .trim()
      .regex(/^\d{5}$/, 'KODE_POS must be 5 digits'),
    KODE_WILAYAH: z
      .string()
      .transform((v) => v.trim().replaceAll('.', ''))
      .refine(
        (v) => loadRegionDataset().byCode.get(v)?.level === 'village',
        'KODE_WILAYAH is not an existing village code',
      ),
    EKTP_STATUS: oneOf('EKTP_STATUS', VALUE_LISTS.ektpStatus),
    STATUS_DATA: z
      .string()
      .transform(norm)
      .refine((v) => v in STATUS_NAMES, 'STATUS_DATA is not a known record status')
      .transform((v) => STATUS_NAMES[v]!),
  })
  .superRefine((r, c) => {
    const check = checkNik(r.NIK);
    if (!check.valid) {
      c.addIssue({
        code: 'custom',
        message: `NIK is not in Dukcapil format (${check.reason.replaceAll('_', ' ')})`,
      });
      return;
    }
    const p = check.parts;
    if (!r.KODE_WILAYAH.startsWith(p.districtCode))
      c.addIssue({ code: 'custom', message: 'NIK does not match KODE_WILAYAH' });
    if (p.sex !== r.JENIS_KLMIN) c.addIssue({ code: 'custom', message: 'NIK does not match JENIS_KLMIN' });
    const [y, m, d] = r.TGL_LHR.split('-').map(Number) as [number, number, number];
    if (p.day !== d || p.month !== m || p.yy !== y % 100)
      c.addIssue({ code: 'custom', message: 'NIK does not match TGL_LHR' });
  });

function toRow(r: z.output<typeof rowSchema>): ResidentRow {
  return {
    nik: r.NIK,
    familyCardNumber: r.NO_KK,
    fullName: r.NAMA_LGKP,
    birthPlace: r.TMPT_LHR,
    birthDate: r.TGL_LHR,
    sex: r.JENIS_KLMIN as ResidentRow['sex'],
    bloodType: r.GOL_DARAH,
    religion: r.AGAMA,
    maritalStatus: r.STATUS_KAWIN,
    familyRelationship: r.STAT_HBKEL,
    education: r.PDDK_AKH,
    occupation: r.JENIS_PKRJN,
    motherNik: r.NIK_IBU,
    motherName: r.NAMA_LGKP_IBU,
    fatherNik: r.NIK_AYAH,
    fatherName: r.NAMA_LGKP_AYAH,
    streetAddress: r.ALAMAT,
    rt: r.NO_RT,
    rw: r.NO_RW,
    postalCode: r.KODE_POS,
    villageCode: r.KODE_WILAYAH,
    ektpStatus: r.EKTP_STATUS,
    recordStatus: r.STATUS_DATA,
  };
}

export class CsvHeaderError extends Error {}

export interface ImportResult {
  inserted: number;
  updated: number;
  rejected: { line: number; errors: string[] }[];
}

export async function importResidentsCsv(
  db: Db,
  input: string | NodeJS.ReadableStream,
  opts: { batchSize?: number } = {},
): Promise<ImportResult> {
  const batchSize = opts.batchSize ?? 5000;
  const source = typeof input === 'string' ? Readable.from([input]) : input;
  const parser = source.pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: false, info: true }),
  );
  const result: ImportResult = { inserted: 0, updated: 0, rejected: [] };
  let columns: Column[] | null = null;
  let batch: ResidentRow[] = [];
  // A NIK appearing twice in one batch would make the upsert touch a row twice; the later line wins.
  const flush = async () => {
    const unique = [...new Map(batch.map((r) => [r.nik, r])).values()];
    const r = await insertResidents(db, unique, { upsert: true });
    result.inserted += r.inserted;
    result.updated += r.updated + (batch.length - unique.length);
    batch = [];
  };
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (!columns) {
      const names = record.map((h) => h.trim().toUpperCase());
      const missing = HEADER.filter((h) => !names.includes(h));
      if (missing.length > 0) throw new CsvHeaderError(`CSV header lacks columns: ${missing.join(', ')}`);
      columns = names as Column[];
      continue;
    }
    const raw: Record<string, string> = {};
    columns.forEach((name, i) => {
      if ((HEADER as readonly string[]).includes(name)) raw[name] = record[i] ?? '';
    });
    for (const h of HEADER) if (OPTIONAL.has(h)) raw[h] ??= '';
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      result.rejected.push({
        line: info.lines,
        errors: [...new Set(parsed.error.issues.map((i) => i.message))],
      });
      continue;
    }
    batch.push(toRow(parsed.data));
    if (batch.length >= batchSize) await flush();
  }
  if (!columns) throw new CsvHeaderError('The CSV file is empty');
  if (batch.length > 0) await flush();
  return result;
}
