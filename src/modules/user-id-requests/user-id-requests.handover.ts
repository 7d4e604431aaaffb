import { wibDay } from '../../lib/time.ts';
import { tanggal } from '../../lib/dates.ts';
import { renderPdf, type Block } from '../documents/documents.pdf.ts';
import type { Institution } from '../institutions/institutions.repo.ts';
import { FORM_FIELDS, type FormField, type RequestKind } from './user-id-requests.schema.ts';

/** Handover record numbers: `<n>/BAST-UID/<CUSTOMER_ID>/<year>` (one running number per year). */
export function handoverNumber(n: number, institutionCode: string, year: number): string {
  return `${n}/BAST-UID/${institutionCode}/${year}`;
}

const TITLES: Record<RequestKind, string> = {
  issue: 'Penerbitan user ID',
  change: 'Perubahan data user ID',
  deactivate: 'Penonaktifan user ID',
};

const ROW_LABELS: Record<FormField, string> = {
  nik: 'NIK',
  fullName: 'Nama Lengkap',
  nip: 'NIP',
  employmentStatus: 'Status Kepegawaian',
  position: 'Jabatan',
  officeRegionCode: 'Kode Wilayah Kantor',
  officeName: 'Nama Kantor',
  officeAddress: 'Alamat Kantor',
  localUserId: 'User ID Lokal',
};

export interface HandoverInput {
  kind: RequestKind;
  number: string;
  now: Date;
  institution: Institution;
  username: string;
  form: Partial<Record<FormField, string | null>>;
  /** The region's name, shown beside the office region code. */
  regionName: string | null;
  changedFields: FormField[];
  dailyQuota: number | null;
  reason: string | null;
  /** Who hands over: the institution admin or officer who processed the request. */
  handedOverBy: string;
}

/**
 * The handover record (Berita Acara Serah Terima, BAST) of a user-ID request, in Indonesian. It never holds
 * a password: the one-time password is handed over separately (it is shown once to whoever submitted).
 */
export function handoverRecord(i: HandoverInput): Promise<Uint8Array> {
  const day = tanggal(wibDay(i.now));
  const value = (f: FormField) => {
    const v = i.form[f] ?? '-';
    return f === 'officeRegionCode' && i.regionName ? `${v} (${i.regionName})` : v;
  };
  const opening: Record<RequestKind, string> = {
    issue:
      `Pada hari ini, ${day}, telah diserahterimakan user ID akses data kependudukan ${i.institution.name} ` +
      'kepada pemegangnya dengan data sebagai berikut:',
    change: `Pada hari ini, ${day}, telah diubah data pemegang user ID ${i.username} menjadi sebagai berikut:`,
    deactivate: `Pada hari ini, ${day}, user ID ${i.username} telah dinonaktifkan. Data pemegangnya:`,
  };
  const blocks: Block[] = [
    { kind: 'heading', text: 'BERITA ACARA SERAH TERIMA USER ID' },
    { kind: 'heading', text: i.institution.name.toUpperCase() },
    { kind: 'space' },
    {
      kind: 'fields',
      rows: [
        ['Nomor', i.number],
        ['Tanggal', day],
        ['Perihal', TITLES[i.kind]],
        ['Instansi', `${i.institution.name} (${i.institution.code})`],
        ['Username', i.username],
      ],
    },
    { kind: 'paragraph', text: opening[i.kind] },
    {
      kind: 'table',
      title: 'DATA PEMEGANG USER ID',
      rows: [
        ...(Object.keys(ROW_LABELS) as FormField[]).map((f): [string, string] => [ROW_LABELS[f], value(f)]),
        ['Kuota Harian', i.dailyQuota === null ? 'Tidak terbatas' : `${i.dailyQuota} hit NIK per hari`],
      ],
    },
  ];
  if (i.kind === 'change') {
    blocks.push({
      kind: 'paragraph',
      text: `Isian yang diubah: ${i.changedFields.map((f) => FORM_FIELDS[f]).join(', ') || 'kuota harian'}.`,
    });
  }
  if (i.kind === 'deactivate') {
    blocks.push({ kind: 'paragraph', text: `Alasan penonaktifan: ${i.reason ?? '-'}.` });
  }
  if (i.kind === 'issue') {
    blocks.push({
      kind: 'paragraph',
      text:
        'Password sekali pakai diserahkan secara terpisah dan tidak dicantumkan dalam berita acara ini. ' +
        'Pemegang user ID wajib menggantinya pada saat login pertama, menjaga kerahasiaan user ID dan ' +
        'password, dan menandatangani surat pernyataan menjaga kerahasiaan (NDA) sebelum akses dibuka.',
    });
  }
  blocks.push(
    {
      kind: 'paragraph',
      text: `Kepala ${i.institution.name} bertanggung jawab atas penggunaan user ID ini.`,
    },
    { kind: 'space' },
    {
      kind: 'fields',
      rows: [
        ['Yang menyerahkan', i.handedOverBy],
        ['Yang menerima', i.form.fullName ?? '-'],
      ],
    },
  );
  return renderPdf({ title: `Berita Acara Serah Terima ${i.number}`, blocks });
}
