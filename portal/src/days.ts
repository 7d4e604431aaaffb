/**
 * WIB calendar days for the screens: the server's own day arithmetic (src/lib), so the portal and the API
 * agree on what "today" and "N days left" mean.
 */
import { addDays } from '../../src/lib/dates.ts';
import { wibDay } from '../../src/lib/time.ts';

export { addDays };

/** Today's WIB day, YYYY-MM-DD. */
export function wibToday(now = Date.now()): string {
  return wibDay(new Date(now));
}

/** Every day from `from` to `to`, inclusive (at most 400). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Whole days from today (WIB) to a YYYY-MM-DD date; negative once past. */
export function daysUntil(date: string, now = Date.now()): number {
  return Math.round(
    (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${wibToday(now)}T00:00:00Z`)) / 86_400_000,
  );
}
