import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { parse, type Info } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Raw } from './return-data.validate.ts';

/**
 * Reading an uploaded table row by row, never the whole file in memory: CSV through csv-parse's stream
 * (separator, encoding and BOM detected), XLSX through exceljs' streaming WorkbookReader (first sheet) after
 * the ZIP directory was checked against decompression bombs.
 */

/** The file as a whole cannot be read (further): the reason in Indonesian, and the line when known. */
export class FileProblem extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

export interface TableRow {
  line: number;
  cells: Raw[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  header: string[];
  rows: AsyncIterator<TableRow>;
  /** Stops reading (closes the file). */
  close(): Promise<void>;
}

/** The most data rows one file may hold. */
export const MAX_ROWS = 5_000_000;

/** The longest line (record) of a CSV, in characters: a row of any schema fits many times over, and a file
 * of one endless line is refused at this length instead of held whole in memory. */
export const MAX_LINE_CHARS = 1024 * 1024;

const lineTooLong = (line: number) =>
  new FileProblem(`Baris ${line} lebih panjang dari ${MAX_LINE_CHARS} karakter`, line);

/** What the first bytes say the file is. */
export async function sniffFormat(path: string): Promise<'csv' | 'xlsx' | 'xls' | 'empty'> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await fh.read(head, 0, 8, 0);
    if (bytesRead === 0) return 'empty';
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
    if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) return 'xls';
    return 'csv';
  } finally {
    await fh.close();
  }
}

export async function openTable(path: string): Promise<Table> {
  const format = await sniffFormat(path);
  if (format === 'empty') throw new FileProblem('Berkas kosong');
  if (format === 'xls') {
    throw new FileProblem('Format XLS (Excel 97-2003) tidak didukung; simpan sebagai XLSX atau CSV');
  }
  return format === 'xlsx' ? openXlsx(path) : openCsv(path);
}

// ------------------------------------------------------------------------------------------------ CSV

/**
 * One pass over the file: whether it is UTF-8 (else read as Windows-1252), and whether it is plain — no quote
 * character, no NUL, one newline style (LF, or CRLF throughout). A plain file's physical lines are its records,
 * so it is read by splitting lines and cells (`openPlainCsv`), with the same rows as csv-parse gives and at
 * several times its speed (a million rows: ~0.5 s instead of ~4 s).
 */
async function scanCsv(path: string): Promise<{ utf8: boolean; plain: boolean; head: Buffer }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let plain = true;
  let cr = 0;
  let lf = 0;
  let crlf = 0;
  let last = -1;
  // One buffer read into again and again (see `openPlainCsv`).
  const file = await open(path, 'r');
  const chunk = Buffer.alloc(256 * 1024);
  let head = Buffer.alloc(0);
  try {
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      const buf = chunk.subarray(0, bytesRead);
      // The header line is read from the first bytes once the encoding is known (`firstLineOf`).
      if (head.length === 0) head = Buffer.from(buf.subarray(0, 64 * 1024));
      if (utf8) {
        try {
          decoder.decode(buf, { stream: true });
        } catch {
          utf8 = false;
        }
      }
      if (plain) {
        if (buf.includes(0x22) || buf.includes(0x00)) plain = false;
        if (last === 0x0d && buf[0] === 0x0a) crlf += 1;
        for (let i = buf.indexOf(0x0d); i !== -1; i = buf.indexOf(0x0d, i + 1)) {
          cr += 1;
          if (buf[i + 1] === 0x0a) crlf += 1;
        }
        for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) lf += 1;
      }
      last = buf[buf.length - 1]!;
      if (!utf8 && !plain) break;
    }
  } finally {
    await file.close();
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  // One newline style: LF only, or every newline a CRLF (a CR at the very end is a CRLF's half: not plain).
  return { utf8, plain: plain && (cr === 0 || (cr === crlf && lf === crlf)), head };
}

/** Windows-1252 (what Excel writes on Indonesian Windows for "CSV") → text; single bytes, so no state. */
export function win1252(): Transform {
  const decoder = new TextDecoder('windows-1252');
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk));
    },
  });
}

/** The separator of the header line: the most frequent of ; , and tab outside quotes (Excel id-ID writes ;). */
function detectDelimiter(firstLine: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]! += 1;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

/** The header line from the file's first bytes (`scanCsv`'s `head`), BOM dropped. */
function firstLineOf(head: Buffer, utf8: boolean): string {
  const text = new TextDecoder(utf8 ? 'utf-8' : 'windows-1252').decode(head);
  return text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
}

/** A CSV file; `reader: 'csv-parse'` reads a plain one through csv-parse too (the tests compare the two). */
export async function openCsv(path: string, reader: 'auto' | 'csv-parse' = 'auto'): Promise<Table> {
  const { utf8, plain, head } = await scanCsv(path);
  const delimiter = detectDelimiter(firstLineOf(head, utf8));
  if (plain && reader === 'auto') return openPlainCsv(path, utf8, delimiter);
  const input = createReadStream(path);
  // A parse error is taken through on_skip, not as a stream error: a stream error destroys the parser and drops
  // the records it had parsed but the reader had not yet taken (found on PostgreSQL, where the timing differs),
  // so rows before the break would be lost. The error is raised by `next` once those rows are read.
  type Break = { code?: string; lines?: number; records?: number };
  let broken: Break | null = null as Break | null;
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_LINE_CHARS,
    on_skip: (e) => {
      broken ??= e as Break;
    },
    info: true,
    ...(utf8 ? { encoding: 'utf8' as const } : {}),
  });
  const source: Readable = utf8 ? input : input.pipe(win1252());
  input.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  const it = (parser as AsyncIterable<{ record: string[]; info: Info }>)[Symbol.asyncIterator]();
  let prevEnd = 0;
  let prevEmpty = 0;
  const next = async (): Promise<IteratorResult<TableRow>> => {
    const fail = (e: unknown): never => {
      input.destroy();
      const err = e as { code?: string; lines?: number; message?: string };
      const line = typeof err.lines === 'number' ? err.lines : null;
      if (err.code === 'CSV_MAX_RECORD_SIZE') throw lineTooLong(line ?? 1);
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
        throw new FileProblem(`Tanda kutip (") tidak ditutup${line ? ` sampai baris ${line}` : ''}`, line);
      }
      throw new FileProblem(`Berkas CSV tidak dapat dibaca${line ? ` pada baris ${line}` : ''}`, line);
    };
    let r: IteratorResult<{ record: string[]; info: Info }>;
    try {
      r = await it.next();
    } catch (e) {
      return fail(e);
    }
    // The rows parsed before a break are read; nothing after it is.
    if (r.done) return broken ? fail(broken) : { done: true, value: undefined };
    if (broken && (r.value.info as { records?: number }).records! > (broken.records ?? 0))
      return fail(broken);
    const { record, info } = r.value;
    // Lines counted from the records themselves (csv-parse's own count takes a quoted CRLF for two lines).
    const start = prevEnd + 1 + (info.empty_lines - prevEmpty);
    let breaks = 0;
    for (const cell of record) {
      const c = String(cell);
      if (c.includes('\n') || c.includes('\r')) breaks += (c.match(/\r\n|\r|\n/g) ?? []).length;
    }
    prevEnd = start + breaks;
    prevEmpty = info.empty_lines;
    return { done: false, value: { line: start, cells: record } };
  };
  const first = await next();
  if (first.done || first.value.cells.every((c) => String(c ?? '').trim() === '')) {
    input.destroy();
    throw new FileProblem('Berkas kosong');
  }
  return {
    format: 'csv',
    header: first.value.cells.map((c) => String(c ?? '')),
    rows: { next },
    close: async () => {
      input.destroy();
      parser.destroy();
    },
  };
}

/**
 * A plain CSV (see `scanCsv`): each physical line a record, split on the separator, as csv-parse would with
 * this file's options — a BOM dropped, empty lines skipped but counted, a CRLF's CR not part of the last cell,
 * a last line without a newline still a record. Read 64 KiB at a time, never the whole file.
 */
async function openPlainCsv(path: string, utf8: boolean, delimiter: string): Promise<Table> {
  const file = await open(path, 'r');
  // One buffer, read into again and again: a stream's fresh buffer per chunk is memory outside the heap that
  // waits for a full collection (a million rows left ~75 MB of them behind).
  const buf = Buffer.alloc(64 * 1024);
  // TextDecoder drops a UTF-8 BOM and keeps a character split across reads for the next one.
  const decoder = new TextDecoder(utf8 ? 'utf-8' : 'windows-1252');
  let rest = '';
  let line = 0;
  let ended = false;
  let closed = false;
  let batch: TableRow[] = [];
  let at = 0;
  let problem: FileProblem | null = null;
  const take = (lines: string[]) => {
    batch = [];
    at = 0;
    for (let text of lines) {
      line += 1;
      // The rows before it are read first; nothing after it is.
      if (text.length > MAX_LINE_CHARS + 1) {
        problem = lineTooLong(line);
        return;
      }
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (text !== '') batch.push({ line, cells: text.split(delimiter) });
    }
  };
  const next = async (): Promise<IteratorResult<TableRow>> => {
    while (at >= batch.length) {
      if (problem) throw problem;
      if (ended || closed) return { done: true, value: undefined };
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (bytesRead === 0) {
        ended = true;
        const last = rest + decoder.decode();
        take(last === '' ? [] : [last]);
      } else {
        const lines = (rest + decoder.decode(buf.subarray(0, bytesRead), { stream: true })).split('\n');
        rest = lines.pop()!;
        take(lines);
        if (rest.length > MAX_LINE_CHARS + 1) problem ??= lineTooLong(line + 1);
      }
    }
    return { done: false, value: batch[at++]! };
  };
  const close = async () => {
    if (closed) return;
    closed = true;
    await file.close();
  };
  const first = await next().catch(async (e: unknown) => {
    await close();
    throw e;
  });
  if (first.done || first.value.cells.every((c) => String(c ?? '').trim() === '')) {
    await close();
    throw new FileProblem('Berkas kosong');
  }
  return { format: 'csv', header: first.value.cells.map((c) => String(c ?? '')), rows: { next }, close };
}

// ------------------------------------------------------------------------------------------------ XLSX

/** The uncompressed size one XLSX may declare in all, and the most any one part may expand. */
export const XLSX_LIMITS = { totalBytes: 1024 ** 3, sharedStringsBytes: 128 * 1024 ** 2, ratio: 200 };

/**
 * Reads the ZIP central directory (the end record, then each entry's declared sizes) and refuses an archive
 * that is not whole, is ZIP64, or declares more than the limits: a decompression bomb is refused before any
 * part of it is inflated.
 */
export async function checkZip(path: string): Promise<void> {
  const size = (await stat(path)).size;
  const fh = await open(path, 'r');
  try {
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new FileProblem('Berkas XLSX rusak (arsip ZIP tidak utuh)');
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (
      entries === 0xffff ||
      cdOffset === 0xffffffff ||
      cdSize > 16 * 1024 ** 2 ||
      cdOffset + cdSize > size
    ) {
      throw new FileProblem('Berkas XLSX rusak atau terlalu besar (direktori ZIP tidak wajar)');
    }
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    let total = 0;
    let at = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50) {
        throw new FileProblem('Berkas XLSX rusak (direktori ZIP tidak terbaca)');
      }
      const compressed = cd.readUInt32LE(at + 20);
      const uncompressed = cd.readUInt32LE(at + 24);
      const nameLength = cd.readUInt16LE(at + 28);
      const name = cd.toString('utf8', at + 46, at + 46 + nameLength);
      if (uncompressed === 0xffffffff || compressed === 0xffffffff) {
        throw new FileProblem('Berkas XLSX terlalu besar (ZIP64)');
      }
      total += uncompressed;
      const bomb =
        (uncompressed > 10 * 1024 ** 2 && uncompressed / Math.max(compressed, 1) > XLSX_LIMITS.ratio) ||
        total > XLSX_LIMITS.totalBytes ||
        (/sharedStrings\.xml$/i.test(name) && uncompressed > XLSX_LIMITS.sharedStringsBytes);
      if (bomb) {
        throw new FileProblem(
          'Berkas XLSX ditolak: isi yang dimampatkan terlalu besar (kemungkinan bom ZIP); kirim sebagai CSV',
        );
      }
      at += 46 + nameLength + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
    }
  } finally {
    await fh.close();
  }
}

/** An exceljs cell value → a raw value: rich text and hyperlinks as their text, formulas as their result. */
function cellRaw(v: unknown): Raw {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if ('result' in o) return cellRaw(o.result);
    if (typeof o.text === 'string') return o.text;
    if ('error' in o) return null;
  }
  return String(v);
}

async function openXlsx(path: string): Promise<Table> {
  await checkZip(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const sheets = (reader as unknown as AsyncIterable<AsyncIterable<ExcelJS.Row>>)[Symbol.asyncIterator]();
  const broken = (e: unknown) =>
    e instanceof FileProblem
      ? e
      : new FileProblem(
          `Berkas XLSX rusak atau tidak dapat dibaca (${String((e as Error)?.message ?? e).slice(0, 80)})`,
        );
  let rows: AsyncIterator<ExcelJS.Row>;
  try {
    const sheet = await sheets.next();
    if (sheet.done) throw new FileProblem('Berkas XLSX tidak berisi lembar kerja');
    rows = sheet.value[Symbol.asyncIterator]();
  } catch (e) {
    throw broken(e);
  }
  let count = 0;
  const next = async (): Promise<IteratorResult<TableRow>> => {
    for (;;) {
      let r: IteratorResult<ExcelJS.Row>;
      try {
        r = await rows.next();
      } catch (e) {
        throw broken(e);
      }
      if (r.done) return { done: true, value: undefined };
      const values = (r.value.values as unknown[]).slice(1).map(cellRaw);
      if (values.every((v) => v === null || (typeof v === 'string' && v.trim() === ''))) continue;
      if (++count > MAX_ROWS + 1) throw new FileProblem(`Berkas melebihi ${MAX_ROWS} baris`, r.value.number);
      return { done: false, value: { line: r.value.number, cells: values } };
    }
  };
  const first = await next();
  if (first.done) throw new FileProblem('Berkas kosong');
  return {
    format: 'xlsx',
    header: first.value.cells.map((c) => (c === null || c === undefined ? '' : String(c))),
    rows: { next },
    close: async () => {
      await rows.return?.();
    },
  };
}
