import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { ApiError } from '../core/errors.ts';
import { testConfig, useTestWorld } from '../test/fixtures.ts';
import { NOT_ACCESSED_REASON } from '../modules/return-data/return-data.validate.ts';
import { register } from './return-data.commands.ts';

/**
 * `gerbang return-data schema|import`: the commands as commander parses them, on the test database (the
 * process around them, `withDb` and the local-admin channel, are the other commands' and tested there).
 */
const t = useTestWorld();
const dir = mkdtempSync(join(tmpdir(), 'gerbang-cli-rd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function gerbang(...args: string[]): Promise<Record<string, unknown>> {
  const out: unknown[] = [];
  const program = new Command().exitOverride();
  const withDb = <T>(fn: (db: Db, config: Config) => Promise<T>) => fn(t.db, testConfig);
  register(program, withDb, (v) => out.push(v));
  await program.parseAsync(['node', 'gerbang', ...args]);
  return out[0] as Record<string, unknown>;
}

describe('gerbang return-data', () => {
  it('sets a schema from a preset and imports a file through the same validator as the upload', async () => {
    const agreement = t.world.agreement.id;
    await expect(
      gerbang('return-data', 'schema', '--agreement', agreement, '--preset', 'tidak_ada'),
    ).rejects.toThrow(/--preset: one of kesbangpol_ormas/);
    expect(
      await gerbang('return-data', 'schema', '--agreement', agreement, '--preset', 'dinsos_pkh_pbi'),
    ).toMatchObject({
      version: 1,
      period: 'monthly',
    });
    const file = join(dir, 'balikan.csv');
    writeFileSync(
      file,
      'NIK;PERIODE;ID_PENERIMA_BANTUAN;JENIS_BANTUAN\r\n3301014101900001;2026-01;X-1;PKH\r\n',
    );
    const result = await gerbang('return-data', 'import', file, '--agreement', agreement);
    expect(result).toMatchObject({ status: 'done', channel: 'cli', rowsRead: 1, accepted: 0, rejected: 1 });
    expect(result.rejects).toEqual([{ line: 2, column: 'NIK', reason: NOT_ACCESSED_REASON }]);
    writeFileSync(file, 'NIK;PERIODE\r\n3301014101900001;2026-01\r\n');
    const refused = gerbang('return-data', 'import', file, '--agreement', agreement);
    await expect(refused).rejects.toThrow(ApiError);
    await expect(refused).rejects.toThrow(/Kolom wajib ID_PENERIMA_BANTUAN/);
    await expect(
      gerbang('return-data', 'import', join(dir, 'tidak-ada.csv'), '--agreement', agreement),
    ).rejects.toThrow(/No file/);
  });
});
