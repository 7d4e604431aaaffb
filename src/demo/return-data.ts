import type { Db } from '../db/db.ts';
import { SERVER_ACTOR } from '../core/actor.ts';
import { FOUND_ACCESSES } from '../modules/return-data/return-data.repo.ts';
import {
  presetInput,
  setReturnDataSchema,
  submitRecords,
} from '../modules/return-data/return-data.service.ts';
import type { PresetName } from '../modules/return-data/return-data.presets.ts';

/**
 * Return data in the demo: BPBD Cilacap (disaster victims, within 30 days) and Dinsos Kota Semarang (PKH / PBI
 * recipients, monthly) get their preset schema, and about two thirds of the NIKs they accessed (found) in the
 * history have return data already, so the portal shows coverage, gaps and overdue periods. Synthetic values.
 */
const DEMO: { code: string; preset: PresetName; values: (i: number) => Record<string, string> }[] = [
  {
    code: 'BPBD_CILACAP',
    preset: 'bpbd_bencana',
    values: (i) => ({
      JENIS_BENCANA: ['BANJIR', 'TANAH_LONGSOR', 'ANGIN_PUTING_BELIUNG'][i % 3]!,
      TANGGAL_KEJADIAN: '2026-01-15',
      STATUS_KORBAN: ['MENGUNGSI', 'TERDAMPAK', 'LUKA_RINGAN'][i % 3]!,
    }),
  },
  {
    code: 'DINSOS_SEMARANG',
    preset: 'dinsos_pkh_pbi',
    values: (i) => ({
      ID_PENERIMA_BANTUAN: `PKH-DEMO-${String(i).padStart(5, '0')}`,
      JENIS_BANTUAN: i % 4 ? 'PKH' : 'PBI',
    }),
  },
];

export async function seedDemoReturnData(db: Db, now: Date): Promise<void> {
  const opts = { actor: SERVER_ACTOR, now };
  for (const d of DEMO) {
    const { rows } = await db.query<{ id: string }>(
      `SELECT a.id FROM agreements a JOIN institutions i ON i.id = a.institution_id
        WHERE i.code = $1 AND a.status = 'active' LIMIT 1`,
      [d.code],
    );
    const agreementId = rows[0]?.id;
    if (!agreementId) continue;
    await setReturnDataSchema({ db, now: opts.now }, opts.actor, {
      agreementId,
      ...presetInput(d.preset),
      reason: 'Skema data balikan demo',
    });
    const found = await db.query<{ nik: string; period: string }>(
      `SELECT DISTINCT f.nik, to_char(f.at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS period
         FROM (${FOUND_ACCESSES}) f ORDER BY 2, 1`,
      [agreementId],
    );
    const records = found.rows
      .filter((_, i) => i % 3 !== 2)
      .map((r, i) => ({ nik: r.nik, period: r.period, values: d.values(i) }));
    for (let i = 0; i < records.length; i += 1000) {
      await submitRecords({ db, now: opts.now }, opts.actor, {
        agreementId,
        records: records.slice(i, i + 1000),
        channel: 'web_service',
      });
    }
  }
}
