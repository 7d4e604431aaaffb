import type { Db } from '../db/db.ts';
import type { PurposeInput } from '../modules/purposes/purposes.ts';
import { sampleResidents } from '../modules/residents/residents.repo.ts';
import { addSyntheticContacts } from '../modules/resident/resident.contacts.ts';

/** Purposes the demo's agreements need beyond the catalogue's own six (033_purposes.sql). */
export const DEMO_PURPOSES: PurposeInput[] = [
  {
    code: 'ORMAS',
    label: 'Verifikasi anggota organisasi kemasyarakatan',
    description: 'Verifikasi identitas pengurus dan anggota ORMAS pada pendaftaran dan pembinaan',
  },
  {
    code: 'KEMISKINAN',
    label: 'Pemutakhiran data kemiskinan',
    description: 'Pencocokan data keluarga miskin daerah dengan data kependudukan',
  },
  {
    code: 'KOPERASI',
    label: 'Verifikasi anggota koperasi',
    description: 'Verifikasi identitas anggota pada pendaftaran keanggotaan koperasi',
  },
];

/** What each demo agreement grants (its PKS's purposes) and the default for a client that states none. */
export const DEMO_PURPOSE_GRANTS: Record<string, { purposeCodes: string[]; defaultPurpose: string }> = {
  KESBANGPOL_JATENG: { purposeCodes: ['ORMAS'], defaultPurpose: 'ORMAS' },
  BPBD_CILACAP: { purposeCodes: ['BENCANA', 'BANSOS'], defaultPurpose: 'BENCANA' },
  BAPERLITBANG_CILACAP: { purposeCodes: ['KEMISKINAN', 'BANSOS'], defaultPurpose: 'KEMISKINAN' },
  DINSOS_SEMARANG: { purposeCodes: ['BANSOS', 'BENCANA'], defaultPurpose: 'BANSOS' },
  RSUD_NONAKTIF: { purposeCodes: ['PASIEN'], defaultPurpose: 'PASIEN' },
  KOPERASI_LAMA: { purposeCodes: ['KOPERASI'], defaultPurpose: 'KOPERASI' },
  BANK_SINTESIS: { purposeCodes: ['REKENING'], defaultPurpose: 'REKENING' },
};

/** Gives every active resident of the demo population its synthetic e-mail contact (in chunks); returns how many. */
export async function addDemoContacts(db: Db): Promise<number> {
  const { rows } = await db.query<{ nik: string }>(
    `SELECT nik FROM residents WHERE record_status = 'active' ORDER BY nik`,
  );
  let added = 0;
  for (let i = 0; i < rows.length; i += 20_000) {
    added += await addSyntheticContacts(
      db,
      rows.slice(i, i + 20_000).map((r) => r.nik),
    );
  }
  return added;
}

/**
 * The demo resident the guide and the README point to: the first active resident by NIK (the guide's examples
 * use it too), whom the demo's history looks up every third working day (history.ts), refusals included.
 */
export async function demoResident(db: Db): Promise<string | null> {
  const [first] = await sampleResidents(db, { status: 'active', limit: 1 });
  return first?.nik ?? null;
}
