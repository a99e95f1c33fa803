/**
 * Today's date the way Intl writes a numeric date in a locale ("12/04/2026" in en-US,
 * "04.12.2026" in de): what a date message's example must read. Straight from Intl, so a test
 * compares the app's parse/format module with the platform, not with itself.
 */
export function todayInLocale(locale: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(now);
}
