import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../db/db.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import { importFile, presetInput, setReturnDataSchema } from './return-data.service.ts';

/**
 * For the cross-cutting suites: a schema (the Dinsos preset) on two agreements and one upload on each, so
 * that every return-data route has an own and another institution's resource to name.
 */
export async function seedReturnData(
  db: Db,
  own: string,
  other: string,
): Promise<{ own: string; other: string }> {
  const now = new Date();
  const opts = { actor: SERVER_ACTOR, now };
  const path = join(tmpdir(), `gerbang-rd-seed-${process.pid}-${Date.now()}.csv`);
  await writeFile(path, 'NIK,PERIODE,ID_PENERIMA_BANTUAN,JENIS_BANTUAN\n3301014101900001,2026-01,X-1,PKH\n');
  try {
    const upload = async (agreementId: string) => {
      await setReturnDataSchema({ db, now: opts.now }, opts.actor, {
        agreementId,
        ...presetInput('dinsos_pkh_pbi'),
      });
      return (
        await importFile({ db, now: opts.now }, opts.actor, {
          agreementId,
          path,
          filename: 'seed.csv',
          channel: 'cli',
        })
      ).id;
    };
    return { own: await upload(own), other: await upload(other) };
  } finally {
    await rm(path, { force: true });
  }
}
