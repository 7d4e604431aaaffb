/**
 * The one table of reasons a return-data row is rejected for, in Indonesian, in the institution's terms (the
 * validator, return-data.validate.ts, of every channel; the enumeration rule of return-data.stage.ts and .repo.ts).
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
