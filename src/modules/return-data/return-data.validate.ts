import { REASONS } from './return-data.reasons.ts';
import type { ReturnDataField, ReturnDataSchema } from './return-data.schema.ts';

/**
 * The one validator of return data, for every channel (upload, form, web service). A raw value is what the
 * channel read: CSV gives strings, XLSX strings, numbers, booleans and dates, JSON strings, numbers,
 * booleans and null. Reasons are in Indonesian, in the institution's terms.
 */
export type Raw = string | number | boolean | Date | null | undefined;
export type Value = string | number | boolean;
export type Check = { ok: true; value: Value | null } | { ok: false; reason: string };

export interface RowProblem {
  column: string;
  reason: string;
}

export interface ValidRecord {
  nik: string;
  period: string;
  data: Record<string, Value>;
}

/** A number Excel wrote in scientific notation: what a 16-digit identifier becomes in a CSV opened in Excel. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]?\d+$/i;
const DIGITS16 = /^\d{16}$/;
/** A plain integer as most cells hold it: no spaces, no separators, exact as a double. */
const PLAIN_INTEGER = /^-?\d{1,15}$/;

const text = (raw: Raw): string => {
  if (raw === null || raw === undefined) return '';
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  return String(raw).trim();
};

/** A 16-digit identifier (NIK, KK number): a string of digits, never a number. */
export function checkId16(raw: Raw, what: string): Check {
  // The usual case first: sixteen digits, nothing around them.
  if (typeof raw === 'string' && raw.length === 16 && DIGITS16.test(raw)) return { ok: true, value: raw };
  if (typeof raw === 'number') {
    return { ok: false, reason: REASONS.idAsNumber(what) };
  }
  const s = text(raw).replace(/^'/, '');
  if (SCIENTIFIC.test(s)) {
    return { ok: false, reason: REASONS.idScientific(what, s.slice(0, 20)) };
  }
  if (!/^\d{16}$/.test(s)) return { ok: false, reason: REASONS.id16(what) };
  return { ok: true, value: s };
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** An Excel serial day number (1900 date system, with Excel's 1900-02-29) → ISO date. */
export function excelSerialDate(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < 1 || serial > 73_050) return null;
  const ms = Date.UTC(1899, 11, 30) + serial * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** yyyy-mm-dd, dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, an Excel serial number, or a date cell. */
export function checkDate(raw: Raw): Check {
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime())
      ? { ok: false, reason: REASONS.dateInvalid }
      : { ok: true, value: raw.toISOString().slice(0, 10) };
  }
  const s = text(raw);
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  let iso: string | null = null;
  if (m) iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  else if ((m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s))) {
    iso = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  } else if (/^\d{1,5}$/.test(s) || typeof raw === 'number') {
    iso = excelSerialDate(Number(s));
  }
  return iso ? { ok: true, value: iso } : { ok: false, reason: REASONS.dateUnknown };
}

const TRUE = new Set(['YA', 'Y', 'TRUE', 'BENAR', '1']);
const FALSE = new Set(['TIDAK', 'T', 'N', 'FALSE', 'SALAH', '0']);

function checkNumber(field: ReturnDataField, raw: Raw, integer: boolean): Check {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && PLAIN_INTEGER.test(raw)) n = Number(raw);
  else {
    let s = text(raw).replace(/\s/g, '');
    // Indonesian writing: 1.500.000,75 — dots group thousands, the comma is the decimal separator.
    if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replaceAll('.', '').replace(',', '.');
    else if (/^-?\d+,\d+$/.test(s)) s = s.replace(',', '.');
    if (!/^-?\d+(\.\d+)?$/.test(s)) {
      return { ok: false, reason: integer ? REASONS.integer : REASONS.number };
    }
    n = Number(s);
  }
  if (!Number.isFinite(n)) return { ok: false, reason: REASONS.number };
  if (integer && !Number.isInteger(n)) return { ok: false, reason: REASONS.integer };
  if (field.min !== undefined && n < field.min) return { ok: false, reason: REASONS.min(field.min) };
  if (field.max !== undefined && n > field.max) return { ok: false, reason: REASONS.max(field.max) };
  return { ok: true, value: n };
}

/** A code list by upper case → the first value of that upper case (as `find` would give), kept per list. */
const codeMaps = new WeakMap<readonly string[], Map<string, string>>();
function codesOf(values: readonly string[]): Map<string, string> {
  let m = codeMaps.get(values);
  if (!m) {
    m = new Map();
    for (const v of values) if (!m.has(v.toUpperCase())) m.set(v.toUpperCase(), v);
    codeMaps.set(values, m);
  }
  return m;
}

/** One field's value: empty → null (or the required reason), else typed or the reason it is not. */
export function checkValue(field: ReturnDataField, raw: Raw): Check {
  const empty = raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
  if (empty) return field.required ? { ok: false, reason: REASONS.required } : { ok: true, value: null };
  switch (field.type) {
    case 'text': {
      const s = text(raw);
      const max = field.maxLength ?? 255;
      // Counted in characters (code points); no more UTF-16 units than `max` is no more characters either.
      return s.length > max && [...s].length > max
        ? { ok: false, reason: REASONS.maxLength(max) }
        : { ok: true, value: s };
    }
    case 'integer':
      return checkNumber(field, raw, true);
    case 'decimal':
      return checkNumber(field, raw, false);
    case 'date':
      return checkDate(raw);
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const s = text(raw).toUpperCase();
      if (TRUE.has(s)) return { ok: true, value: true };
      if (FALSE.has(s)) return { ok: true, value: false };
      return { ok: false, reason: REASONS.boolean };
    }
    case 'code': {
      const found = codesOf(field.values!).get(text(raw).toUpperCase().replace(/\s+/g, '_'));
      return found ? { ok: true, value: found } : { ok: false, reason: REASONS.code(field.values!) };
    }
    case 'id16':
      return checkId16(raw, field.label);
  }
}

/** The current period of a schema's obligation on a WIB day. */
export function periodOf(schema: Pick<ReturnDataSchema, 'period'>, day: string): string {
  const month = Number(day.slice(5, 7));
  return schema.period === 'semester' ? `${day.slice(0, 4)}-S${month <= 6 ? 1 : 2}` : day.slice(0, 7);
}

const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/;
const SEMESTER = /^\d{4}-S[12]$/;

/** PERIODE: 'TTTT-BB' (also BB/TTTT, BB-TTTT, a date cell) or 'TTTT-S1|S2'; not after the current period. */
export function checkPeriod(schema: Pick<ReturnDataSchema, 'period'>, raw: Raw, today: string): Check {
  // The usual case first: the period written as the template writes it.
  if (typeof raw === 'string' && (schema.period === 'semester' ? SEMESTER : MONTH).test(raw)) {
    return raw > periodOf(schema, today)
      ? { ok: false, reason: REASONS.periodFuture }
      : { ok: true, value: raw };
  }
  let s = raw instanceof Date ? raw.toISOString().slice(0, 7) : text(raw).toUpperCase().replace(/\s/g, '');
  let period: string | null = null;
  if (schema.period === 'semester') {
    const m = /^(\d{4})[-/]?S([12])$/.exec(s) ?? /^S([12])[-/](\d{4})$/.exec(s);
    if (m) period = s.startsWith('S') ? `${m[2]}-S${m[1]}` : `${m[1]}-S${m[2]}`;
  } else {
    const m = /^(\d{1,2})[-/](\d{4})$/.exec(s);
    if (m) s = `${m[2]}-${pad(Number(m[1]))}`;
    const iso = /^(\d{4})-(\d{1,2})$/.exec(s);
    if (iso && Number(iso[2]) >= 1 && Number(iso[2]) <= 12) period = `${iso[1]}-${pad(Number(iso[2]))}`;
  }
  if (!period) {
    return {
      ok: false,
      reason: schema.period === 'semester' ? REASONS.periodSemester : REASONS.periodMonthly,
    };
  }
  if (period > periodOf(schema, today)) return { ok: false, reason: REASONS.periodFuture };
  return { ok: true, value: period };
}

/**
 * One row: NIK, PERIODE and each field, by key (`get` reads the channel's raw value). Every problem of the
 * row is reported, not only the first.
 */
export function validateRow(
  schema: ReturnDataSchema,
  get: (key: string) => Raw,
  today: string,
): { record: ValidRecord | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const nik = checkId16(get('NIK'), 'NIK');
  if (!nik.ok) problems.push({ column: 'NIK', reason: nik.reason });
  const period = checkPeriod(schema, get('PERIODE'), today);
  if (!period.ok) problems.push({ column: 'PERIODE', reason: period.reason });
  const data: Record<string, Value> = {};
  for (const f of schema.fields) {
    const c = checkValue(f, get(f.key));
    if (!c.ok) problems.push({ column: f.key, reason: c.reason });
    else if (c.value !== null) data[f.key] = c.value;
  }
  if (problems.length > 0 || !nik.ok || !period.ok) return { record: null, problems };
  return { record: { nik: nik.value as string, period: period.value as string, data }, problems };
}

/** The one reason for a NIK the institution did not access (found) under the agreement; it never says more. */
export const NOT_ACCESSED_REASON = REASONS.notAccessed;

/** A header cell → the key it names: case, spacing, dashes and dots do not matter; the label is accepted. */
export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .toUpperCase()
    .replace(/[\s\-.]+/g, '_')
    .replace(/[^A-Z0-9_]/g, '')
    .replace(/^_+|_+$/g, '');
}
