/**
 * Time in WIB (Asia/Jakarta, UTC+7, no daylight saving): the civil day of quotas and agreements and the
 * clock of allowed hours. A fixed offset is exact for WIB, so no time-zone database is needed.
 */
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/**
 * `at` moved so that its UTC fields read the WIB wall clock: for a writer that keeps no time zone (a
 * spreadsheet's date cell), and for the two readings below.
 */
export function wibWallClock(at: Date): Date {
  return new Date(at.getTime() + WIB_OFFSET_MS);
}

/** The civil day in WIB, 'YYYY-MM-DD'. */
export function wibDay(at: Date): string {
  return wibWallClock(at).toISOString().slice(0, 10);
}

/** The instant a WIB civil day ('YYYY-MM-DD') begins. */
export function wibDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - WIB_OFFSET_MS);
}

/** The time of day in WIB, 'HH:MM:SS'. */
export function wibTime(at: Date): string {
  return wibWallClock(at).toISOString().slice(11, 19);
}

/**
 * Whether `time` (HH:MM[:SS]) lies in [start, end); a window whose end is before its start spans midnight
 * (e.g. 22:00–06:00).
 */
export function withinHours(time: string, start: string, end: string): boolean {
  const t = time.padEnd(8, ':00').slice(0, 8);
  const s = start.padEnd(8, ':00').slice(0, 8);
  const e = end.padEnd(8, ':00').slice(0, 8);
  return s <= e ? t >= s && t < e : t >= s || t < e;
}
