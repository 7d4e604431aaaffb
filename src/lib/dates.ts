/** Calendar arithmetic on 'YYYY-MM-DD' days (no time zone: the days are already WIB civil days). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** `day` plus `n` months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** The day of the week of a 'YYYY-MM-DD' day: 0 Sunday … 6 Saturday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Saturday or Sunday. */
export function isWeekend(day: string): boolean {
  const d = weekdayOf(day);
  return d === 0 || d === 6;
}

/** The months in Indonesian, for the formal documents (letters, reports, statements). */
const BULAN = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** '2026-11-23' → '23 November 2026' (the date in an Indonesian document). */
export function tanggal(day: string): string {
  const [y, m, d] = day.split('-');
  return `${Number(d)} ${BULAN[Number(m) - 1]} ${y}`;
}

/** '2026-03' → 'Maret 2026'. */
export function bulanTahun(month: string): string {
  const [y, m] = month.split('-');
  return `${BULAN[Number(m) - 1]} ${y}`;
}
