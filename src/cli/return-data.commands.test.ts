import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/cli.ts';
import { NOT_ACCESSED_REASON } from '../modules/return-data/return-data.validate.ts';

/** `gerbang return-data schema|import`, run as users run it: a real process on a fresh embedded database. */
const dir = mkdtempSync(join(tmpdir(), 'gerbang-cli-rd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = {
  ...process.env,
  DATABASE_URL: '',
  DATA_DIR: join(dir, 'data'),
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
};
const run = (args: string[]) => runCli(args, { env });
const json = async (args: string[]) => {
  const r = await run(args);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown> & { id: string };
};

describe('gerbang return-data', () => {
  it('sets a schema from a preset and imports a file through the same validator as the upload', async () => {
    const office = await json(['office', 'create', '--level', 'central', '--name', 'Ditjen Dukcapil']);
    const inst = await json([
      'institution',
      'create',
      '--code',
      'DINSOS_RD',
      '--name',
      'Dinsos RD',
      '--office',
      office.id,
    ]);
    const agr = await json([
      'agreement',
      'create',
      '--institution',
      inst.id,
      '--registry-number',
      '470/9',
      '--institution-number',
      '800/9',
      '--purpose',
      'Verifikasi bansos',
      '--elements',
      'NIK,NAMA_LGKP',
      '--methods',
      'verification',
      '--start',
      '2026-01-01',
      '--end',
      '2027-12-31',
    ]);
    const bad = await run(['return-data', 'schema', '--agreement', agr.id, '--preset', 'tidak_ada']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--preset: one of kesbangpol_ormas');
    expect(
      await json(['return-data', 'schema', '--agreement', agr.id, '--preset', 'dinsos_pkh_pbi']),
    ).toMatchObject({
      version: 1,
      period: 'monthly',
    });
    const file = join(dir, 'balikan.csv');
    writeFileSync(
      file,
      'NIK;PERIODE;ID_PENERIMA_BANTUAN;JENIS_BANTUAN\r\n3301014101900001;2026-01;X-1;PKH\r\n',
    );
    const result = await json(['return-data', 'import', file, '--agreement', agr.id]);
    expect(result).toMatchObject({ status: 'done', channel: 'cli', rowsRead: 1, accepted: 0, rejected: 1 });
    expect(result.rejects).toEqual([{ line: 2, column: 'NIK', reason: NOT_ACCESSED_REASON }]);
    writeFileSync(file, 'NIK;PERIODE\r\n3301014101900001;2026-01\r\n');
    const refused = await run(['return-data', 'import', file, '--agreement', agr.id]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Kolom wajib ID_PENERIMA_BANTUAN');
  }, 300_000);
});
