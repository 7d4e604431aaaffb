import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { wibWallClock } from '../../lib/time.ts';
import type { StoredRecord } from './return-data.repo.ts';

/**
 * The officers' export of return data, the way the audit export does it (audit.export.ts says why): CSV for
 * programs with every text field quoted (an `excel` form: BOM, `;`, CRLF, formulas escaped) and XLSX for Excel,
 * where NIKs and every value the institution sent are text cells (`@`), so Excel never turns a NIK into
 * 3.30102E+15. Columns: NIK, PERIODE, the schemas' fields, then where the record came from.
 */
const TAIL = ['INSTANSI', 'PKS', 'SALURAN', 'DITERIMA_WIB'] as const;

function flat(r: StoredRecord, keys: string[]): Record<string, string> {
  const out: Record<string, string> = { NIK: r.nik, PERIODE: r.period };
  for (const k of keys) {
    const v = r.data[k];
    out[k] = v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'YA' : 'TIDAK') : String(v);
  }
  out.INSTANSI = r.institutionName;
  out.PKS = r.registryNumber;
  out.SALURAN = r.channel;
  return out;
}

const received = (r: StoredRecord) =>
  wibWallClock(new Date(r.receivedAt)).toISOString().slice(0, 19).replace('T', ' ');

export function recordsCsv(
  keys: string[],
  rows: AsyncIterable<StoredRecord>,
  opts: { excel: boolean },
): Readable {
  const csv = stringify({
    header: true,
    columns: ['NIK', 'PERIODE', ...keys, ...TAIL],
    delimiter: opts.excel ? ';' : ',',
    record_delimiter: opts.excel ? 'windows' : 'unix',
    bom: opts.excel,
    cast: { string: (v, ctx) => (ctx.header ? v : { value: v, quoted: true }) },
    escape_formulas: opts.excel,
  });
  return Readable.from(
    (async function* () {
      for await (const r of rows) yield { ...flat(r, keys), DITERIMA_WIB: received(r) };
    })(),
  ).pipe(csv);
}

export function recordsXlsx(keys: string[], rows: AsyncIterable<StoredRecord>): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('Data balikan', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    ...['NIK', 'PERIODE', ...keys, 'INSTANSI', 'PKS', 'SALURAN'].map((key) => ({
      header: key,
      key,
      width: key === 'NIK' ? 19 : key === 'INSTANSI' ? 32 : 18,
      style: { numFmt: '@' },
    })),
    { header: 'DITERIMA (WIB)', key: 'DITERIMA_WIB', width: 20, style: { numFmt: 'dd mmm yyyy hh:mm:ss' } },
  ];
  void (async () => {
    for await (const r of rows) {
      ws.addRow({ ...flat(r, keys), DITERIMA_WIB: wibWallClock(new Date(r.receivedAt)) }).commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
