import { escapeLiteral } from 'pg';
/**
 * The one table of reasons a return-data row is rejected for, in Indonesian, in the institution's terms. The
 * row-by-row validator (return-data.validate.ts: the web service and the form) and the set-based one in the
 * database (return-data.stage.ts: uploads) both take their texts from here; the SQL side turns a reason with
 * a part that varies per row into a concatenation with `sqlReason`.
 */
export const REASONS = {
  required: 'Wajib diisi',
  idAsNumber: (what: string) =>
    `${what} tersimpan sebagai angka (Excel hanya menyimpan 15 digit); format kolom sebagai Teks lalu isi ulang`,
  idScientific: (what: string, value: string) =>
    `${what} rusak oleh Excel menjadi notasi ilmiah (${value}); format kolom sebagai Teks lalu isi ulang`,
  id16: (what: string) => `${what} harus 16 digit angka`,
  dateInvalid: 'Tanggal tidak valid',
  dateUnknown: 'Tanggal tidak dikenali; gunakan TTTT-BB-HH, HH-BB-TTTT atau HH/BB/TTTT',
  integer: 'Harus bilangan bulat',
  number: 'Harus angka',
  min: (min: number) => `Paling kecil ${min}`,
  max: (max: number) => `Paling besar ${max}`,
  maxLength: (max: number) => `Paling panjang ${max} karakter`,
  boolean: 'Isi YA atau TIDAK',
  code: (values: readonly string[]) => `Kode tidak dikenal; pilihan: ${values.join(', ')}`,
  periodSemester: 'Periode harus TTTT-S1 atau TTTT-S2',
  periodMonthly: 'Periode harus TTTT-BB (mis. 2026-03)',
  periodFuture: 'Periode belum berjalan',
  /** The one reason for a NIK the institution did not access (found) under the agreement; it never says more. */
  notAccessed: 'NIK tidak termasuk NIK yang diakses (ditemukan) oleh instansi berdasarkan PKS ini',
  tooManyCells: (cells: number, width: number) => `Baris berisi ${cells} kolom, judul hanya ${width} kolom`,
  unknownColumn: 'Kolom tidak ada dalam skema data balikan PKS ini',
} as const;

/** A SQL string literal: node-postgres's own escaping (an E'' literal when the text holds a backslash). */
export const sqlLiteral = escapeLiteral;

/**
 * A reason with parts that vary per row, as a SQL expression: `reason` is called with placeholders, and each
 * placeholder is replaced by the SQL expression given for it (`sqlReason(REASONS.idScientific, lit('NIK'),
 * 'left(v, 20)')`). Constant arguments are passed as literals with `sqlLiteral` or, simpler, as JS values.
 */
export function sqlReason<A extends unknown[]>(reason: (...args: A) => string, ...exprs: string[]): string {
  // Placeholders of private-use characters, which no reason text holds.
  const marks = exprs.map((_, i) => `\ue000${i}\ue001`);
  const text = reason(...(marks as unknown as A));
  const parts = text.split(/\ue000(\d+)\ue001/);
  const out: string[] = [];
  parts.forEach((p, i) => {
    if (i % 2 === 0) {
      if (p !== '') out.push(sqlLiteral(p));
    } else out.push(`(${exprs[Number(p)]!})`);
  });
  return out.length === 0 ? "''" : out.join(' || ');
}
