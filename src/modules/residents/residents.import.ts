import { pipeline, Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { checkNik, type Sex } from '../nik/nik.ts';
import { currentCodeOf } from '../regions/lineage.ts';
import { loadRegionDataset } from '../regions/regions.dataset.ts';
import { DEFAULT_BATCH_SIZE, upsertResidents } from './residents.bulk.ts';
import { VALUE_LISTS, type RecordStatus, type ResidentRow } from './residents.types.ts';

/**
 * Import of a registry extract from CSV (comma- or semicolon-separated, UTF-8, any line ends): a header row
 * of element names (any order, any case), one resident per line, upserted by NIK in batches. A line that
 * fails validation is reported by its number with English messages that never quote its values (they are
 * population data); the other lines are still written.
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
/** Columns a file may leave out, and values that may be empty. */
const OPTIONAL: ReadonlySet<string> = new Set<Column>(['NIK_IBU', 'NIK_AYAH']);

export function residentsCsvHeader(): string[] {
  return [...HEADER];
}

/** One CSV row in `residentsCsvHeader()` order (dates as YYYY-MM-DD, statuses in English). */
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
  'NON-AKTIF': 'inactive',
  NONAKTIF: 'inactive',
};

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toUpperCase();

type Checked<T> = { ok: T } | { error: string };
const ok = <T>(value: T): Checked<T> => ({ ok: value });
const fail = (error: string): { error: string } => ({ error });
/**
 * A column's value, checked by `check`, which returns the value to store or an error message (messages name
 * the column, never the value).
 */
const field = <T>(check: (v: string) => Checked<T>) =>
  z.string().transform((raw, ctx) => {
    const r = check(raw);
    if ('ok' in r) return r.ok;
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  });

const text = (label: string, max = 200) =>
  field((raw) => {
    const v = norm(raw);
    if (v === '') return fail(`${label} is empty`);
    if (v.length > max) return fail(`${label} is longer than ${max} characters`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(v)) return fail(`${label} contains control characters`);
    return ok(v);
  });

const oneOf = (label: string, list: readonly string[]) =>
  field((raw) => {
    const v = norm(raw);
    if (v === '') return fail(`${label} is empty`);
    return list.includes(v) ? ok(v) : fail(`${label} is not a known value`);
  });

const digits = (label: string, n: number) => {
  const pattern = new RegExp(`^\\d{${n}}$`);
  return field((raw) => {
    const v = raw.trim();
    if (v === '') return fail(`${label} is empty`);
    return pattern.test(v) ? ok(v) : fail(`${label} must be ${n} digits`);
  });
};

const smallNumber = (label: string) =>
  field((raw) => {
    const v = raw.trim();
    if (v === '') return fail(`${label} is empty`);
    return /^\d{1,3}$/.test(v) ? ok(v.padStart(3, '0')) : fail(`${label} must be 1 to 3 digits`);
  });

/** A parent's NIK: empty (unknown), or a valid NIK of a person of `sex`. */
const parentNik = (label: string, sex: Sex) =>
  field<string | null>((raw) => {
    const v = raw.trim();
    if (v === '') return ok(null);
    const c = checkNik(v);
    if (!c.valid) return fail(`${label} is not in Dukcapil format (${c.reason.replaceAll('_', ' ')})`);
    if (c.parts.sex !== sex)
      return fail(`${label} is not the NIK of a ${sex === 'PEREMPUAN' ? 'woman' : 'man'}`);
    return ok(v);
  });

const isoDate = z.iso.date();
/** `today`: the UTC day of the import's clock; a birth date after it is refused. */
const birthDate = (today: string) =>
  field((raw) => {
    const v = raw.trim();
    if (v === '') return fail('TGL_LHR is empty');
    const dmy = /^(\d{2})-(\d{2})-(\d{4})$/.exec(v);
    const iso = dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]}` : v;
    if (!isoDate.safeParse(iso).success) return fail('TGL_LHR is not a date (YYYY-MM-DD or DD-MM-YYYY)');
    if (iso < '1900-01-01') return fail('TGL_LHR is before 1900');
    if (iso > today) return fail('TGL_LHR is in the future');
    return ok(iso);
  });

const IDENTITY: ReadonlySet<PropertyKey> = new Set<Column>(['NIK', 'JENIS_KLMIN', 'TGL_LHR', 'KODE_WILAYAH']);

const rowSchemaFor = (today: string) =>
  z
    .object({
      NIK: field((raw) => {
        const v = raw.trim();
        if (v === '') return fail('NIK is empty');
        const c = checkNik(v);
        return c.valid
          ? ok({ nik: v, parts: c.parts })
          : fail(`NIK is not in Dukcapil format (${c.reason.replaceAll('_', ' ')})`);
      }),
      NO_KK: digits('NO_KK', 16),
      NAMA_LGKP: text('NAMA_LGKP'),
      TMPT_LHR: text('TMPT_LHR'),
      TGL_LHR: birthDate(today),
      JENIS_KLMIN: oneOf('JENIS_KLMIN', ['LAKI-LAKI', 'PEREMPUAN']),
      GOL_DARAH: oneOf('GOL_DARAH', VALUE_LISTS.bloodType),
      AGAMA: oneOf('AGAMA', VALUE_LISTS.religion),
      STATUS_KAWIN: oneOf('STATUS_KAWIN', VALUE_LISTS.maritalStatus),
      STAT_HBKEL: oneOf('STAT_HBKEL', VALUE_LISTS.familyRelationship),
      PDDK_AKH: oneOf('PDDK_AKH', VALUE_LISTS.education),
      JENIS_PKRJN: text('JENIS_PKRJN', 100),
      NIK_IBU: parentNik('NIK_IBU', 'PEREMPUAN'),
      NAMA_LGKP_IBU: text('NAMA_LGKP_IBU'),
      NIK_AYAH: parentNik('NIK_AYAH', 'LAKI-LAKI'),
      NAMA_LGKP_AYAH: text('NAMA_LGKP_AYAH'),
      ALAMAT: text('ALAMAT', 300),
      NO_RT: smallNumber('NO_RT'),
      NO_RW: smallNumber('NO_RW'),
      KODE_POS: digits('KODE_POS', 5),
      KODE_WILAYAH: field((raw) => {
        const v = raw.trim().replaceAll('.', '');
        if (v === '') return fail('KODE_WILAYAH is empty');
        return loadRegionDataset().byCode.get(v)?.level === 'village'
          ? ok(v)
          : fail('KODE_WILAYAH is not an existing village code');
      }),
      EKTP_STATUS: oneOf('EKTP_STATUS', VALUE_LISTS.ektpStatus),
      STATUS_DATA: field((raw) => {
        const v = norm(raw);
        if (v === '') return fail('STATUS_DATA is empty');
        const s = STATUS_NAMES[v];
        return s ? ok(s) : fail('STATUS_DATA is not a known record status');
      }),
    })
    .superRefine(
      (r, ctx) => {
        // The NIK encodes the district, the birth date and the sex: they must agree with the other columns.
        const p = r.NIK.parts;
        const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
        // A NIK under a former code (before a split) matches the village under the code that replaced it.
        if (!r.KODE_WILAYAH.startsWith(currentCodeOf(p.districtCode)))
          issue('NIK does not match KODE_WILAYAH');
        if (p.sex !== r.JENIS_KLMIN) issue('NIK does not match JENIS_KLMIN');
        const [y, m, d] = r.TGL_LHR.split('-').map(Number) as [number, number, number];
        if (p.day !== d || p.month !== m || p.yy !== y % 100) issue('NIK does not match TGL_LHR');
        if (r.NIK_IBU === r.NIK.nik || r.NIK_AYAH === r.NIK.nik)
          issue("A parent's NIK is the resident's own NIK");
      },
      // Cross-checks need the four identity columns; the other columns' errors do not stop them.
      { when: (payload) => !payload.issues.some((i) => IDENTITY.has(i.path?.[0] ?? '')) },
    );

function toRow(r: z.output<ReturnType<typeof rowSchemaFor>>): ResidentRow {
  return {
    nik: r.NIK.nik,
    familyCardNumber: r.NO_KK,
    fullName: r.NAMA_LGKP,
    birthPlace: r.TMPT_LHR,
    birthDate: r.TGL_LHR,
    sex: r.JENIS_KLMIN as Sex,
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

/** The file cannot be imported at all (its header is unusable); nothing was written. */
export class CsvHeaderError extends Error {}

export interface ImportResult {
  inserted: number;
  updated: number;
  /** Lines not written, by 1-based line number (the header is line 1), in file order. */
  rejected: { line: number; errors: string[] }[];
}

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted field is followed by other characters',
  CSV_INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted field',
};

/**
 * Imports residents from CSV text or a stream. Valid lines are upserted by NIK in batches (a NIK that
 * appears twice counts once as inserted or updated and then as updated; the later line wins). A header
 * missing required columns throws `CsvHeaderError` before anything is written. A line that is not valid
 * CSV ends the import there: it is reported, and the lines after it are not read.
 */
export async function importResidentsCsv(
  db: Db,
  input: string | NodeJS.ReadableStream,
  opts: { now: Date; batchSize?: number },
): Promise<ImportResult> {
  const rowSchema = rowSchemaFor(opts.now.toISOString().slice(0, 10));
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const result: ImportResult = { inserted: 0, updated: 0, rejected: [] };
  let syntaxError: { line: number; code: string } | undefined;
  const source = typeof input === 'string' ? Readable.from([input]) : input;
  const { delimiter, stream } = await detectDelimiter(source);
  const parser = parse({
    bom: true,
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      syntaxError ??= { line: Number(err?.lines ?? 0), code: err?.code ?? '' };
      return undefined;
    },
  });
  // A failing source (e.g. an unreadable file) fails the parser too, so the loop below throws.
  pipeline(stream, parser, () => {});

  let columns: string[] | null = null;
  let doubleCounted = 0;
  let lastLine = 0;
  let batch: ResidentRow[] = [];
  const flush = async () => {
    const unique = [...new Map(batch.map((r) => [r.nik, r])).values()];
    const r = await upsertResidents(db, unique);
    result.inserted += r.inserted;
    result.updated += r.updated + (batch.length - unique.length);
    batch = [];
  };

  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    // `info.lines` is the record's last line, quoted fields may span lines, and csv-parse counts a CR LF
    // inside a quoted field as two lines: the line a record starts on is counted back from its end.
    let breaks = 0;
    for (const f of record) {
      if (!/[\r\n]/.test(f)) continue;
      for (const b of f.match(/\r\n|\r|\n/g)!) {
        breaks += 1;
        if (b === '\r\n') doubleCounted += 1;
      }
    }
    lastLine = info.lines - doubleCounted;
    const line = lastLine - breaks;
    // The parser reads ahead: records before a syntax error may arrive after it was reported.
    if (syntaxError && line > syntaxError.line - doubleCounted) break;
    if (!columns) {
      columns = readHeader(record);
      continue;
    }
    // Fewer fields, or extra fields that are not empty, mean the columns are shifted: nothing else is checked.
    if (record.length < columns.length || record.slice(columns.length).some((f) => f.trim() !== '')) {
      result.rejected.push({
        line,
        errors: [`line has ${record.length} fields, the header has ${columns.length}`],
      });
      continue;
    }
    const raw: Record<string, string> = {};
    for (const h of HEADER) if (OPTIONAL.has(h)) raw[h] = '';
    columns.forEach((name, i) => {
      if (name) raw[name] = record[i]!;
    });
    const parsed = rowSchema.safeParse(raw);
    if (parsed.success) {
      batch.push(toRow(parsed.data));
      if (batch.length >= batchSize) await flush();
      continue;
    }
    const errors = [...new Set(parsed.error.issues.map((i) => i.message))];
    result.rejected.push({ line, errors });
  }
  if (!columns) {
    if (syntaxError) throw new CsvHeaderError('The CSV header line is not valid CSV');
    throw new CsvHeaderError('The CSV file is empty');
  }
  if (batch.length > 0) await flush();
  if (syntaxError) {
    const what = CSV_ERRORS[syntaxError.code] ?? 'the line is not valid CSV';
    // An unclosed quote is only noticed at the end of the file: it opened on the line after the last record.
    result.rejected.push({
      line: syntaxError.code === 'CSV_QUOTE_NOT_CLOSED' ? lastLine + 1 : syntaxError.line - doubleCounted,
      errors: [`not valid CSV: ${what}; the lines after it were not read`],
    });
  }
  return result;
}

/**
 * Comma, or semicolon or tab when the header line has those and no comma (spreadsheets in an Indonesian
 * locale save CSV with semicolons). Returns the stream to parse, starting with what was read to decide.
 */
async function detectDelimiter(
  source: NodeJS.ReadableStream,
): Promise<{ delimiter: string; stream: NodeJS.ReadableStream }> {
  const iterator = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const head: (Buffer | string)[] = [];
  let text = '';
  while (!/[\r\n]/.test(text) && text.length < 65_536) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    text += typeof next.value === 'string' ? next.value : next.value.toString('utf8');
  }
  const header = text.split(/[\r\n]/, 1)[0] ?? '';
  const count = (c: string) => header.split(c).length - 1;
  const delimiter = count(',') > 0 ? ',' : count(';') > 0 ? ';' : count('\t') > 0 ? '\t' : ',';
  async function* all() {
    yield* head;
    // Delegating (rather than looping on `next`) passes an early stop on to the source.
    yield* { [Symbol.asyncIterator]: () => iterator };
  }
  return { delimiter, stream: Readable.from(all(), { objectMode: false }) };
}

/** Column names by position (empty for columns not imported); throws when required ones are missing. */
function readHeader(record: string[]): string[] {
  const names = record.map((h) =>
    h
      .trim()
      .toUpperCase()
      .replace(/[\s-]+/g, '_'),
  );
  const known = new Set<string>(HEADER);
  const missing = HEADER.filter((h) => !OPTIONAL.has(h) && !names.includes(h));
  if (missing.length > 0) throw new CsvHeaderError(`The CSV header lacks columns: ${missing.join(', ')}`);
  const repeated = [...new Set(names.filter((n, i) => known.has(n) && names.indexOf(n) !== i))];
  if (repeated.length > 0) throw new CsvHeaderError(`The CSV header repeats columns: ${repeated.join(', ')}`);
  return names.map((n) => (known.has(n) ? n : ''));
}
