import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { wibWallClock } from '../../lib/time.ts';
import type { AuditRow } from './audit.repo.ts';

/**
 * The audit's exports, one column set for both: CSV for programs, XLSX for Excel.
 *
 * Why XLSX for Excel: Excel reads every CSV field that looks like a number as a number, so a 16-digit NIK
 * becomes `3.30102E+15` (and loses its last digit: Excel keeps 15 significant digits), whatever the quoting.
 * No CSV convention stops that except formula tricks (`="…"`) that break every other reader. In an XLSX the
 * identifiers are string cells in columns formatted as text (`@`), so Excel shows and keeps them as written.
 *
 * The CSV stays exact for programs (identifiers are always quoted strings), and its `excel` form suits
 * Indonesian-locale Excel: a UTF-8 byte-order mark (how Excel recognises UTF-8, per Microsoft's guidance on
 * opening CSV files), `;` between fields (the list separator where the comma is the decimal mark) and CRLF.
 * Opened by double-click it still turns NIKs into numbers; Data → From Text/CSV with the NIK column as Text
 * keeps them — the XLSX is the file to give an Excel user.
 */
export const EXPORT_COLUMNS = [
  'id',
  'at',
  'requestId',
  'protocol',
  'method',
  'institutionId',
  'accountId',
  'username',
  'nik',
  'elementsRequested',
  'elementsReturned',
  'outcome',
  'callerIp',
  'agreementVersionId',
  'purpose',
  'purposeDefaulted',
] as const satisfies readonly (keyof AuditRow)[];

/** Columns holding identifiers: always text, never a number (a NIK never passes through a float). */
const IDENTIFIERS = new Set<string>([
  'requestId',
  'institutionId',
  'accountId',
  'username',
  'nik',
  'callerIp',
  'agreementVersionId',
  'purpose',
]);

export interface CsvOptions {
  /** Indonesian-locale Excel: BOM, `;`, CRLF. */
  excel: boolean;
}

export function auditCsv(rows: AsyncIterable<AuditRow>, opts: CsvOptions): Readable {
  const csv = stringify({
    header: true,
    columns: [...EXPORT_COLUMNS],
    delimiter: opts.excel ? ';' : ',',
    record_delimiter: opts.excel ? 'windows' : 'unix',
    bom: opts.excel,
    // Every text field of a row quoted: identifiers reach a typed CSV reader as text; the row id (a number)
    // and the header are not.
    cast: {
      string: (v, ctx) => (ctx.header ? v : { value: v, quoted: true }),
      boolean: (v) => (v ? 'true' : 'false'),
      object: (v) => ({ value: Array.isArray(v) ? v.join(' ') : JSON.stringify(v), quoted: true }),
    },
    // A user ID is whatever a wire caller sent: in the Excel form a cell starting with = + - @ is prefixed
    // with ' so Excel shows it instead of running it (CSV injection).
    escape_formulas: opts.excel,
  });
  return Readable.from(rows).pipe(csv);
}

const HEADERS: Record<(typeof EXPORT_COLUMNS)[number], string> = {
  id: 'id',
  at: 'at (WIB)',
  requestId: 'requestId',
  protocol: 'protocol',
  method: 'method',
  institutionId: 'institutionId',
  accountId: 'accountId',
  username: 'username',
  nik: 'nik',
  elementsRequested: 'elementsRequested',
  elementsReturned: 'elementsReturned',
  outcome: 'outcome',
  callerIp: 'callerIp',
  agreementVersionId: 'agreementVersionId',
  purpose: 'purpose',
  purposeDefaulted: 'purposeDefaulted',
};

/**
 * The rows as an XLSX workbook, streamed (exceljs' WorkbookWriter: each row is committed to the zip as it
 * comes, so an export of 100,000 rows never sits in memory). Identifier columns are text cells with the
 * text number format; the time is a date cell in WIB.
 */
export function auditXlsx(rows: AsyncIterable<AuditRow>): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('Audit', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_COLUMNS.map((key) => ({
    header: HEADERS[key],
    key,
    width: key === 'at' ? 20 : key === 'nik' ? 19 : key === 'requestId' ? 38 : 16,
    style: IDENTIFIERS.has(key) ? { numFmt: '@' } : key === 'at' ? { numFmt: 'dd mmm yyyy hh:mm:ss' } : {},
  }));
  void (async () => {
    for await (const r of rows) {
      ws.addRow({
        ...r,
        // Excel keeps no time zone: the WIB wall-clock time is written, and the header says WIB.
        at: wibWallClock(new Date(r.at)),
        elementsRequested: r.elementsRequested.join(' '),
        elementsReturned: r.elementsReturned.join(' '),
      }).commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
