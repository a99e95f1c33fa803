/**
 * Calendar dates as the API speaks them (YYYY-MM-DD, no time zone) and how the app shows them.
 * A date is a local calendar day: "today" is the user's wall-clock day, never a UTC shift of it.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30 and 2026-13-01). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The user's local calendar day as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "2026-11" for "2026-11-21": the key expenses are grouped by. */
export function monthKeyOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = map.get(locale);
  if (!f) {
    // UTC on both sides: the date has no zone, so formatting must not move it across midnight.
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    map.set(locale, f);
  }
  return f;
}

/** "November 2026" for "2026-11". */
export function formatMonth(monthKey: string, locale: string): string {
  const [y, m] = monthKey.split('-').map(Number);
  return cached(monthFormats, locale, { month: 'long', year: 'numeric' }).format(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1));
}

/** "Nov 21, 2026" (or the locale's equivalent) for "2026-11-21". */
export function formatDay(isoDate: string, locale: string): string {
  if (!isIsoDate(isoDate)) return isoDate;
  const [y, m, d] = isoDate.split('-').map(Number);
  return cached(dayFormats, locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(
    Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1),
  );
}
