import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FileProblem, MAX_LINE_CHARS, openCsv, type Table, type TableRow } from './return-data.files.ts';

/**
 * The plain-CSV reader (a file without quotes or NUL, one newline style, split line by line) gives exactly the
 * header, rows and line numbers csv-parse gives for the same bytes — over generated files: separators, empty and
 * blank lines, CRLF, a BOM, Windows-1252 bytes, emoji, a missing last newline, lines longer than a read.
 */
const work = mkdtempSync(join(tmpdir(), 'gerbang-rd-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function readAll(table: Table): Promise<{ header: string[]; rows: TableRow[] }> {
  const rows: TableRow[] = [];
  for (;;) {
    const r = await table.rows.next();
    if (r.done) break;
    rows.push(r.value);
  }
  await table.close();
  return { header: table.header, rows };
}

async function both(bytes: Buffer) {
  const path = join(work, 'f.csv');
  writeFileSync(path, bytes);
  const read = (reader: 'auto' | 'csv-parse') =>
    openCsv(path, reader).then(readAll, (e: unknown) => {
      if (e instanceof FileProblem) return { problem: e.message };
      throw e;
    });
  return { plain: await read('auto'), parsed: await read('csv-parse') };
}

const cell = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'PKH',
    '3301020101900001',
    '2026-03',
    '1.500.000,75',
    'é',
    '😀',
    'x'.repeat(70_000),
  ),
  fc.string({ maxLength: 8 }).map((s) => s.replace(/["\r\n\0]/g, '')),
);

describe('the plain CSV reader', () => {
  it('reads what csv-parse reads: header, cells and line numbers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.oneof(fc.array(cell, { minLength: 1, maxLength: 6 }), fc.constant([] as string[])), {
          maxLength: 30,
        }),
        async (sep, eol, bom, lastNewline, lines) => {
          const text = ['NIK', 'PERIODE', 'JENIS'].join(sep) + eol + lines.map((l) => l.join(sep)).join(eol);
          const body = (bom ? '\ufeff' : '') + text + (lastNewline ? eol : '');
          const { plain, parsed } = await both(Buffer.from(body, 'utf8'));
          expect(plain).toEqual(parsed);
        },
      ),
      { numRuns: 150, seed: 12 },
    );
  });

  it('… and for Windows-1252 bytes (not UTF-8)', async () => {
    // "Café;Jalan Mawar" in Windows-1252: é is one byte 0xE9, not valid UTF-8.
    const bytes = Buffer.concat([
      Buffer.from('NIK;PERIODE;KETERANGAN\r\n3301020101900001;2026-03;Caf', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from('\r\n\r\n3301020101900002;2026-03;x\r\n', 'latin1'),
    ]);
    const { plain, parsed } = await both(bytes);
    expect(plain).toEqual(parsed);
    expect((plain as { rows: TableRow[] }).rows.map((r) => r.line)).toEqual([2, 4]);
    expect((plain as { rows: TableRow[] }).rows[0]!.cells[2]).toBe('Café');
  });

  it('calls a file of empty lines empty, as csv-parse does', async () => {
    const { plain, parsed } = await both(Buffer.from('\n\n  \n'));
    expect(plain).toEqual(parsed);
  });

  it('refuses a line longer than MAX_LINE_CHARS at that line, after the rows before it (both readers)', async () => {
    const long = 'x'.repeat(MAX_LINE_CHARS + 10);
    const head = 'NIK;PERIODE;KETERANGAN\n3301020101900001;2026-03;a\n3301020101900002;2026-03;b\n';
    for (const text of [`${head}3301020101900003;2026-03;${long}\nNEXT\n`, `${head}${long}`]) {
      for (const reader of ['auto', 'csv-parse'] as const) {
        const path = join(work, 'long.csv');
        writeFileSync(path, text);
        const table = await openCsv(path, reader);
        const lines: number[] = [];
        const problem = await (async () => {
          for (;;) {
            const r = await table.rows.next();
            if (r.done) return null;
            lines.push(r.value.line);
          }
        })().catch((e: unknown) => e);
        await table.close();
        expect(lines, reader).toEqual([2, 3]);
        expect(problem, reader).toBeInstanceOf(FileProblem);
        expect((problem as FileProblem).message, reader).toBe(
          `Baris 4 lebih panjang dari ${MAX_LINE_CHARS} karakter`,
        );
      }
    }
  });
});
