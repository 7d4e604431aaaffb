/**
 * The portal's one way to show dates and times: Indonesian forms ("10 April 1992", "10 April 2026 14.05 WIB")
 * in Bahasa Indonesia, their English counterparts ("10 April 1992", "10 April 2026 14:05 WIB") in English.
 * Everything is shown in WIB (Asia/Jakarta), the registry's civil time, whatever the browser's own zone. Intl
 * does the wording; only the " WIB" suffix and the joining of date and time are ours (Intl writes
 * "pukul"/"at" between them and no zone abbreviation for Asia/Jakarta).
 */
const ZONE = 'Asia/Jakarta';

/** The Intl locale of a UI language ('id' or 'en'). */
export const localeOf = (lang: string): string => (lang === 'en' ? 'en-GB' : 'id-ID');

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: string, kind: 'date' | 'time' | 'short' | 'month', opts: Intl.DateTimeFormatOptions) {
  const key = `${lang}|${kind}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(localeOf(lang), { timeZone: ZONE, ...opts })));
  return f;
}

/** A calendar day 'YYYY-MM-DD' is a WIB day; anything longer is an instant. */
function instant(iso: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00+07:00` : iso);
}

/** '1992-04-10' (or an instant) → "10 April 1992". Unreadable input is shown as it came. */
export function formatDate(iso: string, lang: string): string {
  const d = instant(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt(lang, 'date', { dateStyle: 'long' }).format(d);
}

/** An instant → "10 April 2026 14.05 WIB" (id) / "10 April 2026 14:05 WIB" (en). */
export function formatDateTime(iso: string, lang: string): string {
  const d = instant(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = fmt(lang, 'time', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `${formatDate(iso, lang)} ${time} WIB`;
}

/** A chart axis day: '2026-11-03' → "3 Nov" (never "11-03", which reads as 11 March). */
export function formatDayShort(day: string, lang: string): string {
  const d = instant(day);
  return Number.isNaN(d.getTime()) ? day : fmt(lang, 'short', { day: 'numeric', month: 'short' }).format(d);
}

/** A data element's value for the screen: dates in the long form, anything else as it is. */
export function formatElementValue(kind: string | undefined, value: string, lang: string): string {
  return kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, lang) : value;
}

/** Integer rupiah → "Rp1.000" (id) / "Rp1,000" (en): never a fraction. */
export function formatRupiah(n: number, lang: string): string {
  return `Rp${new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 0 }).format(n)}`;
}

/** 'YYYY-MM' → "Maret 2026" (id) / "March 2026" (en). */
export function formatMonth(month: string, lang: string): string {
  const d = instant(`${month}-01`);
  return Number.isNaN(d.getTime()) ? month : fmt(lang, 'month', { month: 'long', year: 'numeric' }).format(d);
}
