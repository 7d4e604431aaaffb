import ExcelJS from 'exceljs';
import { wibDay } from '../../lib/time.ts';
import { tanggal } from '../../lib/dates.ts';
import { renderPdf, type Block } from '../documents/documents.pdf.ts';
import type { Institution } from '../institutions/institutions.repo.ts';
import type { Office } from '../offices/offices.repo.ts';
import { semesterLabel } from '../reports/reports.documents.ts';
import type { Evaluation } from './evaluations.repo.ts';

/** The evaluation as the office's formal record (PDF, Indonesian, letter number) and as a workbook. */
export interface EvaluationDocumentInput {
  evaluation: Evaluation;
  institution: Institution;
  office: Office;
  evaluatorName: string | null;
}

const RESULT = { baik: 'BAIK', cukup: 'CUKUP', kurang: 'KURANG' } as const;
const mark = (met: boolean | null) =>
  met === null ? 'Tidak berlaku' : met ? 'Terpenuhi' : 'Belum terpenuhi';

export function evaluationPdf(i: EvaluationDocumentInput): Promise<Uint8Array> {
  const e = i.evaluation;
  return renderPdf({
    title: `Evaluasi ${e.letterNumber}`,
    blocks: [
      { kind: 'heading', text: i.office.name.toUpperCase() },
      { kind: 'heading', text: 'BERITA ACARA EVALUASI PEMANFAATAN DATA KEPENDUDUKAN' },
      { kind: 'space' },
      {
        kind: 'fields',
        rows: [
          ['Nomor', e.letterNumber],
          ['Tanggal', tanggal(wibDay(new Date(e.evaluatedAt)))],
          ['Instansi', `${i.institution.name} (${i.institution.code})`],
          [
            'Jenis',
            e.kind === 'semester' && e.semester
              ? `Evaluasi ${semesterLabel(e.semester)}`
              : 'Evaluasi sewaktu-waktu',
          ],
          ['Hasil', RESULT[e.result]],
        ],
      },
      {
        kind: 'table',
        title: 'I. DAFTAR PERIKSA',
        rows: e.checklist.map((c) => [c.label, `${mark(c.met)}. ${c.detail}`]),
      },
      { kind: 'heading', text: 'II. TEMUAN' },
      { kind: 'paragraph', text: e.findings },
      { kind: 'heading', text: 'III. REKOMENDASI DAN BATAS TINDAK LANJUT' },
      e.recommendations.length
        ? {
            kind: 'list',
            items: e.recommendations.map(
              (r) =>
                `${r.text} (batas ${tanggal(r.dueOn)}${r.doneAt ? `; ditindaklanjuti ${tanggal(wibDay(new Date(r.doneAt)))}` : ''})`,
            ),
          }
        : { kind: 'paragraph', text: 'Tidak ada rekomendasi.' },
      { kind: 'space' },
      { kind: 'paragraph', text: `Evaluator: ${i.evaluatorName ?? 'Petugas'}, ${i.office.name}` },
    ],
  });
}

export async function evaluationXlsx(i: EvaluationDocumentInput): Promise<Uint8Array> {
  const e = i.evaluation;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gerbang';
  const sheet = (name: string, header: string[], rows: (string | number | boolean | null)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c) => (c.width = 26));
  };
  sheet(
    'Evaluasi',
    ['Butir', 'Nilai'],
    [
      ['Nomor', e.letterNumber],
      ['Instansi', i.institution.name],
      ['Kode instansi', i.institution.code],
      ['Jenis', e.kind],
      ['Semester', e.semester],
      ['Hasil', e.result],
      ['Temuan', e.findings],
    ],
  );
  sheet(
    'Daftar periksa',
    ['Kode', 'Butir', 'Terpenuhi', 'Keterangan'],
    e.checklist.map((c) => [c.key, c.label, c.met, c.detail]),
  );
  sheet(
    'Rekomendasi',
    ['Rekomendasi', 'Batas', 'Ditindaklanjuti', 'Catatan'],
    e.recommendations.map((r) => [r.text, r.dueOn, r.doneAt, r.doneNote]),
  );
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** One office's line of a roll-up: its own institutions' counts and the totals with every office below it. */
export interface RollupDocumentRow {
  officeName: string;
  level: string;
  institutions: number;
  reportsSubmitted: number;
  evaluated: number;
  baik: number;
  cukup: number;
  kurang: number;
  openRecommendations: number;
  overdueRecommendations: number;
  total: Omit<RollupDocumentRow, 'officeName' | 'level' | 'total'>;
}

const ROLLUP_COLUMNS = [
  ['institutions', 'Instansi'],
  ['reportsSubmitted', 'Laporan semester diterima'],
  ['evaluated', 'Dievaluasi'],
  ['baik', 'Hasil baik'],
  ['cukup', 'Hasil cukup'],
  ['kurang', 'Hasil kurang'],
  ['openRecommendations', 'Rekomendasi terbuka'],
  ['overdueRecommendations', 'Rekomendasi lewat batas'],
] as const;

const LEVEL = { central: 'Pusat', province: 'Provinsi', regency: 'Kabupaten', city: 'Kota' } as const;
const levelLabel = (level: string) => LEVEL[level as keyof typeof LEVEL] ?? level;

/**
 * The roll-up of a semester as the office's report upward (to its province, or to the central office): per
 * office in the reader's scope, its own institutions and, where offices lie below it, the totals with them.
 */
export function rollupPdf(i: {
  semester: string;
  readerOffice: string;
  today: string;
  rows: RollupDocumentRow[];
}): Promise<Uint8Array> {
  return renderPdf({
    title: `Rekapitulasi evaluasi ${i.semester}`,
    blocks: [
      { kind: 'heading', text: i.readerOffice.toUpperCase() },
      { kind: 'heading', text: 'REKAPITULASI EVALUASI PEMANFAATAN DATA KEPENDUDUKAN' },
      { kind: 'space' },
      {
        kind: 'fields',
        rows: [
          ['Periode', semesterLabel(i.semester)],
          ['Tanggal', tanggal(i.today)],
          ['Jumlah kantor', String(i.rows.length)],
        ],
      },
      ...i.rows.map((r): Block => ({
        kind: 'table',
        title: `${r.officeName} (${levelLabel(r.level)})`,
        rows: ROLLUP_COLUMNS.map(([k, label]): [string, string] => [
          label,
          r.total[k] === r[k] ? String(r[k]) : `${r[k]} (bersama kantor di bawahnya: ${r.total[k]})`,
        ]),
      })),
    ],
  });
}

export async function rollupXlsx(i: { semester: string; rows: RollupDocumentRow[] }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gerbang';
  const ws = wb.addWorksheet(`Rekap ${i.semester}`);
  ws.addRow([
    'Kantor',
    'Tingkat',
    ...ROLLUP_COLUMNS.map(([, label]) => label),
    ...ROLLUP_COLUMNS.map(([, label]) => `${label} (total)`),
  ]).font = { bold: true };
  for (const r of i.rows)
    ws.addRow([
      r.officeName,
      levelLabel(r.level),
      ...ROLLUP_COLUMNS.map(([k]) => r[k]),
      ...ROLLUP_COLUMNS.map(([k]) => r.total[k]),
    ]);
  ws.columns.forEach((c) => (c.width = 22));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
