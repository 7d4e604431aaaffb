import { bulanTahun } from '../../lib/dates.ts';
import ExcelJS from 'exceljs';
import { renderPdf, type Block } from '../documents/documents.pdf.ts';
import type { Statement } from './fees.statements.ts';

/** "Rp1.234.567": integer rupiah with Indonesian digit grouping (no float, no locale data needed). */
export function formatRupiah(n: number): string {
  const sign = n < 0 ? '-' : '';
  return `${sign}Rp${String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}

/** The monthly statement as a formal Indonesian PDF: the reconciliation, the deposits, the charges per day. */
export function statementPdf(s: Statement): Promise<Uint8Array> {
  const blocks: Block[] = [
    { kind: 'heading', text: 'REKENING KORAN DEPOSIT PNBP LAYANAN DUKCAPIL' },
    {
      kind: 'fields',
      rows: [
        ['Instansi', s.institutionName],
        ['Periode', bulanTahun(s.month)],
        ['Dasar hukum', 'PP 10/2023 (tarif per akses NIK)'],
      ],
    },
    { kind: 'space' },
    {
      kind: 'table',
      title: 'Rekonsiliasi',
      rows: [
        ['Saldo awal', formatRupiah(s.openingRupiah)],
        ['Deposit', formatRupiah(s.depositsRupiah)],
        [`Biaya akses (${s.accesses} akses)`, formatRupiah(s.chargesRupiah)],
        ['Saldo akhir', formatRupiah(s.closingRupiah)],
      ],
    },
    {
      kind: 'table',
      title: 'Deposit',
      rows:
        s.deposits.length > 0
          ? s.deposits.map((d) => [`${d.paidOn} ${d.paymentReference}`, formatRupiah(d.rupiah)])
          : [['Tidak ada deposit', formatRupiah(0)]],
    },
    {
      kind: 'table',
      title: 'Biaya akses per hari',
      rows:
        s.days.length > 0
          ? s.days.map((d) => [`${d.day} (${d.accesses} akses)`, formatRupiah(d.rupiah)])
          : [['Tidak ada akses berbayar', formatRupiah(0)]],
    },
    {
      kind: 'paragraph',
      text: 'Saldo akhir = saldo awal + deposit - biaya akses. Biaya dihitung dari baris audit akses yang dikenai tarif.',
    },
  ];
  return renderPdf({ title: `Rekening koran ${s.institutionName} ${bulanTahun(s.month)}`, blocks });
}

/** The monthly statement as an XLSX workbook: a summary sheet and the deposits and daily charges. */
export async function statementXlsx(s: Statement): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gerbang';
  const summary = wb.addWorksheet('Ringkasan');
  summary.columns = [
    { header: 'Pos', key: 'k', width: 32 },
    { header: 'Rupiah', key: 'v', width: 18 },
  ];
  summary.addRows([
    { k: 'Instansi', v: s.institutionName },
    { k: 'Periode', v: s.month },
    { k: 'Saldo awal', v: s.openingRupiah },
    { k: 'Deposit', v: s.depositsRupiah },
    { k: 'Jumlah akses berbayar', v: s.accesses },
    { k: 'Biaya akses', v: s.chargesRupiah },
    { k: 'Saldo akhir', v: s.closingRupiah },
  ]);
  const deposits = wb.addWorksheet('Deposit');
  deposits.columns = [
    { header: 'Tanggal bayar', key: 'paidOn', width: 14 },
    { header: 'Kode billing', key: 'paymentReference', width: 24 },
    { header: 'Rupiah', key: 'rupiah', width: 16 },
  ];
  deposits.addRows(s.deposits.map((d) => ({ ...d })));
  const days = wb.addWorksheet('Biaya per hari');
  days.columns = [
    { header: 'Tanggal', key: 'day', width: 14 },
    { header: 'Akses', key: 'accesses', width: 10 },
    { header: 'Rupiah', key: 'rupiah', width: 16 },
  ];
  days.addRows(s.days);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
