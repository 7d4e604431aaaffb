import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/cli.ts';
import { pdfText } from '../test/pdf-text.ts';

/** `gerbang report semester` run as users run it: a real process on a fresh embedded database. */
const dir = mkdtempSync(join(tmpdir(), 'gerbang-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = {
  ...process.env,
  DATABASE_URL: '',
  DATA_DIR: dir,
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
};
const run = (args: string[]) => runCli(args, { env, cwd: dir });

describe('gerbang report semester', () => {
  it('writes the semester report as a PDF and an XLSX, and refuses bad options', async () => {
    const central = JSON.parse(
      (await run(['office', 'create', '--level', 'central', '--name', 'Ditjen Dukcapil'])).stdout,
    );
    const inst = JSON.parse(
      (
        await run([
          'institution',
          'create',
          '--code',
          'DINSOS_R',
          '--name',
          'Dinas Sosial R',
          '--office',
          central.id,
          '--networks',
          '10.1.2.0/24',
        ])
      ).stdout,
    );
    const args = ['report', 'semester', '--institution', inst.id, '--semester', '2026-S1'];
    const pdf = await run([...args, '--format', 'pdf', '--out', 'r.pdf']);
    expect(pdf.status, pdf.stderr).toBe(0);
    expect(JSON.parse(pdf.stdout)).toMatchObject({ file: 'r.pdf', format: 'pdf' });
    const text = await pdfText(readFileSync(join(dir, 'r.pdf')));
    expect(text).toContain('LAPORAN SEMESTER');
    expect(text).toContain('Dinas Sosial R (DINSOS_R)');
    expect(text).toContain('DRAF');

    const xlsx = await run([...args, '--format', 'xlsx', '--out', 'r.xlsx']);
    expect(xlsx.status, xlsx.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'r.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toContain('Operator');
    expect(wb.getWorksheet('Ringkasan')!.getCell('B5').value).toBe('2026-S1');

    const bad = await run([...args.slice(0, -1), '2026-S3', '--out', 'x.pdf']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--semester');
    const fmt = await run([...args, '--format', 'doc', '--out', 'x.doc']);
    expect(fmt.status).toBe(1);
    expect(fmt.stderr).toContain('--format');
  }, 900_000);
});
