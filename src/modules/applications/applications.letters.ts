import { tanggal } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { renderPdf, type Block } from '../documents/documents.pdf.ts';
import type { Institution } from '../institutions/institutions.repo.ts';
import type { Office } from '../offices/offices.repo.ts';
import type { Annex, Application } from './applications.repo.ts';

/** Letter numbers: `<n>/PERSETUJUAN/DITJEN-DUKCAPIL/<year>` and `<n>/PENOLAKAN/DITJEN-DUKCAPIL/<year>`. */
export function letterNumber(kind: 'approval' | 'rejection', n: number, year: number): string {
  return `${n}/${kind === 'approval' ? 'PERSETUJUAN' : 'PENOLAKAN'}/DITJEN-DUKCAPIL/${year}`;
}

const HEADER: Block[] = [
  { kind: 'heading', text: 'KEMENTERIAN DALAM NEGERI REPUBLIK INDONESIA' },
  { kind: 'heading', text: 'DIREKTORAT JENDERAL KEPENDUDUKAN DAN PENCATATAN SIPIL' },
  { kind: 'space' },
];

interface LetterInput {
  application: Application;
  institution: Institution;
  office: Office;
  number: string;
  now: Date;
}

/** The head of a decision letter: letterhead, number, date, subject, addressee, and its first paragraph. */
function opening(i: LetterInput, perihal: string, decision: string) {
  return [
    ...HEADER,
    {
      kind: 'fields' as const,
      rows: [
        ['Nomor', i.number],
        ['Tanggal', tanggal(wibDay(i.now))],
        ['Perihal', perihal],
        ['Kepada Yth.', `Kepala ${i.institution.name}`],
      ] as [string, string][],
    },
    {
      kind: 'paragraph' as const,
      text:
        `Menindaklanjuti permohonan ${i.institution.name} tanggal ${tanggal(wibDay(new Date(i.application.submittedAt)))} ` +
        `yang diteruskan oleh ${i.office.name}, ${decision}`,
    },
  ];
}

export function approvalLetter(i: LetterInput & { annex: Annex }): Promise<Uint8Array> {
  const a = i.annex;
  return renderPdf({
    title: `Surat Persetujuan ${i.number}`,
    blocks: [
      ...opening(
        i,
        'Persetujuan Pemanfaatan Data Kependudukan',
        'dengan ini Direktorat Jenderal Kependudukan dan Pencatatan Sipil menyetujui pemanfaatan data ' +
          'kependudukan dengan ketentuan sebagaimana tercantum dalam lampiran surat ini.',
      ),
      {
        kind: 'paragraph',
        text:
          'Persetujuan ini ditindaklanjuti dengan Perjanjian Kerja Sama (PKS) antara Dinas Kependudukan dan ' +
          'Pencatatan Sipil dan lembaga pengguna. Data yang diakses wajib digunakan sesuai tujuan, tidak disimpan ' +
          'dan tidak diberikan kepada pihak lain (zero sharing).',
      },
      { kind: 'space' },
      {
        kind: 'table',
        title: `LAMPIRAN SURAT NOMOR ${i.number}`,
        rows: [
          ['Pengguna', a.user],
          ['Tujuan Pemanfaatan', a.purpose],
          ['Elemen Data', a.elements.map((e) => e.label).join(', ')],
          ['Metode Akses', a.methods.map((m) => m.label).join(', ')],
          ['Data Balikan', a.returnData.join(', ')],
          ['Jangka Waktu', a.period],
        ],
      },
      { kind: 'paragraph', text: 'Direktur Jenderal Kependudukan dan Pencatatan Sipil' },
    ],
  });
}

export function rejectionLetter(i: LetterInput & { reasons: string[] }): Promise<Uint8Array> {
  return renderPdf({
    title: `Surat Penolakan ${i.number}`,
    blocks: [
      ...opening(
        i,
        'Penolakan Permohonan Pemanfaatan Data Kependudukan',
        'dengan menyesal kami sampaikan bahwa permohonan tersebut belum dapat disetujui dengan alasan ' +
          'sebagai berikut:',
      ),
      { kind: 'list', items: i.reasons },
      {
        kind: 'paragraph',
        text: 'Lembaga pengguna dapat mengajukan permohonan baru setelah memperbaiki hal-hal tersebut di atas.',
      },
      { kind: 'paragraph', text: 'Direktur Jenderal Kependudukan dan Pencatatan Sipil' },
    ],
  });
}
