import ExcelJS from 'exceljs';
import { wibDay, wibTime } from '../../lib/time.ts';
import { OUTCOMES, type Outcome } from '../access/outcomes.ts';
import { bulanTahun, tanggal } from '../../lib/dates.ts';
import { renderPdf, type Block } from '../documents/documents.pdf.ts';
import type { Institution } from '../institutions/institutions.repo.ts';
import type { Office } from '../offices/offices.repo.ts';
import type { SemesterFigures } from './reports.figures.ts';
import type { SemesterReport } from './reports.repo.ts';

/**
 * The semester report in the set format: a formal Indonesian PDF (letter number, institution, period, the
 * figures, the narrative, the signature of record) and an XLSX of the same figures, one sheet per table.
 * Both carry the figures exactly as stored with the report — counts and account names only, no NIK and no
 * population data.
 */

export const METHOD_LABELS: Record<string, string> = {
  verification: 'Web Service Kesesuaian',
  portal: 'Web Portal',
  card_reader: 'Card Reader KTP-el',
};

export const monthLabel = bulanTahun;

export function semesterLabel(semester: string): string {
  const [year, s] = semester.split('-S');
  return s === '1' ? `Semester I (Januari–Juni) ${year}` : `Semester II (Juli–Desember) ${year}`;
}

export function outcomeLabel(outcome: string): string {
  return OUTCOMES[outcome as Outcome]?.message ?? outcome;
}

const CLASS_LABELS = {
  found: 'Ditemukan',
  not_found: 'Tidak ditemukan',
  record_status: 'Status data',
  refused: 'Ditolak',
} as const;

const n = (x: number) => x.toLocaleString('id-ID');

export interface ReportDocumentInput {
  report: SemesterReport;
  figures: SemesterFigures;
  institution: Institution;
  office: Office;
  /** Full names of the submitter and the signing head. */
  submittedByName: string | null;
  signedByName: string | null;
}

function when(at: string): string {
  const d = new Date(at);
  return `${tanggal(wibDay(d))} ${wibTime(d).slice(0, 5).replace(':', '.')} WIB`;
}

export function reportPdf(i: ReportDocumentInput): Promise<Uint8Array> {
  const f = i.figures;
  const r = i.report;
  const blocks: Block[] = [
    { kind: 'heading', text: `PEMERINTAH — ${i.institution.name.toUpperCase()}` },
    { kind: 'heading', text: 'LAPORAN SEMESTER PEMANFAATAN NIK, DATA KEPENDUDUKAN DAN KTP-EL' },
    { kind: 'space' },
    {
      kind: 'fields',
      rows: [
        ['Nomor', r.letterNumber ?? 'DRAF — belum diajukan'],
        ['Kepada Yth.', `Kepala ${i.office.name}`],
        ['Instansi', `${i.institution.name} (${i.institution.code})`],
        ['Periode', `${semesterLabel(r.semester)}: ${tanggal(f.from)} s.d. ${tanggal(f.to)}`],
        ['Data per', r.generatedAt ? when(r.generatedAt) : '-'],
      ],
    },
    {
      kind: 'paragraph',
      text:
        'Sesuai Perjanjian Kerja Sama tentang pemanfaatan Nomor Induk Kependudukan, data kependudukan dan ' +
        'KTP elektronik, bersama ini kami sampaikan laporan pemanfaatan selama periode tersebut. Angka dalam ' +
        'laporan ini dihitung dari catatan akses (audit) Gerbang.',
    },
    {
      kind: 'table',
      title: 'I. RINGKASAN',
      rows: [
        ['Jumlah permintaan', n(f.totals.attempts)],
        ['Hit NIK (dilayani)', n(f.totals.hits)],
        ['Ditolak', n(f.totals.refused)],
        ['NIK berbeda', n(f.totals.distinctNiks)],
      ],
    },
    {
      kind: 'table',
      title: 'II. PEMANFAATAN PER METODE AKSES',
      rows: f.byMethod.map((m) => [
        METHOD_LABELS[m.method] ?? m.method,
        `${n(m.hits)} hit; ${n(m.refused)} ditolak`,
      ]),
    },
    {
      kind: 'table',
      title: 'III. PEMANFAATAN PER BULAN',
      rows: f.byMonth.map((m) => [
        monthLabel(m.month),
        `${n(m.hits)} hit (web service ${n(m.verification)}, portal ${n(m.portal)}); ${n(m.refused)} ditolak`,
      ]),
    },
    {
      kind: 'table',
      title: 'IV. HASIL PERMINTAAN',
      rows: f.outcomes.length
        ? f.outcomes.map((o) => [`${CLASS_LABELS[o.class]}`, `${outcomeLabel(o.outcome)}: ${n(o.count)}`])
        : [['-', 'Tidak ada permintaan']],
    },
    {
      kind: 'table',
      title: 'V. PEMANFAATAN PER OPERATOR DAN KUOTA',
      rows: f.operators.length
        ? f.operators.map((o) => [
            `${o.fullName} (${o.username})`,
            `${n(o.hits)} hit, ${n(o.refused)} ditolak, ${n(o.activeDays)} hari aktif; tertinggi ${n(o.peakDay)}/hari ` +
              `dari kuota ${o.dailyQuota === null ? 'tanpa batas' : `${n(o.dailyQuota)}/hari`}; ` +
              `kuota habis ${n(o.daysQuotaExhausted)} hari`,
          ])
        : [['-', 'Tidak ada operator']],
    },
    {
      kind: 'table',
      title: 'VI. PERINGATAN PENYALAHGUNAAN DAN PENANGANANNYA',
      rows: [
        [
          'Jumlah peringatan',
          `${n(f.misuse.total)} (ditangani ${n(f.misuse.acknowledged)}, terbuka ${n(f.misuse.open)})`,
        ],
        ...f.misuse.byReason.map(
          (m) =>
            [
              m.reason,
              `${n(m.count)} (${m.severity}, tindakan ${m.action}; ditangani ${n(m.acknowledged)})`,
            ] as [string, string],
        ),
      ],
    },
    {
      kind: 'table',
      title: 'VII. TEMUAN KEPATUHAN',
      rows: f.compliance.length
        ? f.compliance.map((c) => [
            tanggal(wibDay(new Date(c.at))),
            `${c.fromState} → ${c.toState}: ${c.reason}`,
          ])
        : [['-', 'Tidak ada temuan selama periode']],
    },
    {
      kind: 'table',
      title: 'VIII. KEWAJIBAN LAIN',
      rows: f.extensions.map((e) => [
        e.title,
        e.status === 'not_applicable' ? e.note : e.rows.map((x) => `${x.label}: ${x.value}`).join('; '),
      ]),
    },
    { kind: 'heading', text: 'IX. URAIAN' },
    {
      kind: 'fields',
      rows: [
        ['Layanan didukung', r.narrative.servicesSupported || '-'],
        ['Kendala', r.narrative.problems || '-'],
        ['Rencana', r.narrative.plans || '-'],
      ],
    },
    { kind: 'space' },
    {
      kind: 'paragraph',
      text:
        r.status === 'submitted' && r.submittedAt
          ? i.signedByName
            ? `Diajukan dan ditandatangani secara elektronik oleh ${i.signedByName}, Kepala ${i.institution.name}, pada ${when(r.submittedAt)}.`
            : `Diajukan secara elektronik oleh ${i.submittedByName ?? 'petugas'} atas nama Kepala ${i.institution.name} pada ${when(r.submittedAt)}.`
          : 'DRAF: laporan ini belum diajukan dan belum ditandatangani.',
    },
  ];
  return renderPdf({ title: `Laporan Semester ${r.semester} ${i.institution.code}`, blocks });
}

export async function reportXlsx(i: ReportDocumentInput): Promise<Uint8Array> {
  const f = i.figures;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gerbang';
  const sheet = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(header).font = { bold: true };
    for (const row of rows) ws.addRow(row);
    ws.columns.forEach((c) => (c.width = 22));
    return ws;
  };
  sheet(
    'Ringkasan',
    ['Butir', 'Nilai'],
    [
      ['Nomor', i.report.letterNumber ?? 'DRAF'],
      ['Instansi', i.institution.name],
      ['Kode instansi', i.institution.code],
      ['Semester', i.report.semester],
      ['Dari', f.from],
      ['Sampai', f.to],
      ['Jumlah permintaan', f.totals.attempts],
      ['Hit NIK', f.totals.hits],
      ['Ditolak', f.totals.refused],
      ['NIK berbeda', f.totals.distinctNiks],
    ],
  );
  sheet(
    'Metode',
    ['Metode', 'Kode', 'Hit', 'Ditolak'],
    f.byMethod.map((m) => [METHOD_LABELS[m.method] ?? m.method, m.method, m.hits, m.refused]),
  );
  sheet(
    'Bulan',
    ['Bulan', 'Hit', 'Web service', 'Portal', 'Ditolak'],
    f.byMonth.map((m) => [m.month, m.hits, m.verification, m.portal, m.refused]),
  );
  sheet(
    'Hasil',
    ['Hasil', 'Kode', 'Golongan', 'Jumlah'],
    f.outcomes.map((o) => [outcomeLabel(o.outcome), o.outcome, o.class, o.count]),
  );
  sheet(
    'Operator',
    [
      'User ID',
      'Nama',
      'Hit',
      'Ditolak',
      'Hari aktif',
      'Tertinggi per hari',
      'Kuota per hari',
      'Hari kuota habis',
    ],
    f.operators.map((o) => [
      o.username,
      o.fullName,
      o.hits,
      o.refused,
      o.activeDays,
      o.peakDay,
      o.dailyQuota,
      o.daysQuotaExhausted,
    ]),
  );
  sheet(
    'Penyalahgunaan',
    ['Alasan', 'Tingkat', 'Tindakan', 'Jumlah', 'Ditangani'],
    f.misuse.byReason.map((m) => [m.reason, m.severity, m.action, m.count, m.acknowledged]),
  );
  sheet(
    'Kepatuhan',
    ['Waktu', 'Dari', 'Ke', 'Alasan'],
    f.compliance.map((c) => [c.at, c.fromState, c.toState, c.reason]),
  );
  sheet(
    'Kewajiban lain',
    ['Kewajiban', 'Status', 'Keterangan'],
    f.extensions.map((e) => [e.title, e.status, e.note]),
  );
  sheet(
    'Uraian',
    ['Bagian', 'Isi'],
    [
      ['Layanan didukung', i.report.narrative.servicesSupported ?? ''],
      ['Kendala', i.report.narrative.problems ?? ''],
      ['Rencana', i.report.narrative.plans ?? ''],
    ],
  );
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
