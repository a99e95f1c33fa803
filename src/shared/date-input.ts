/**
 * Dates as a person types and reads them: in the order of their locale (25/12/2026 in en-GB and
 * fr, 25.12.2026 in de, 12/25/2026 in en-US) or in the order chosen in Settings → Date format.
 * The order and separators come from Intl.DateTimeFormat#formatToParts, never from a table of
 * locales, so every locale Chromium knows gets its own. The stored value is always ISO yyyy-mm-dd.
 */
import { isIsoDate } from './dates';

/** Settings → Date format: follow the language, or one fixed order. */
export const DATE_FORMAT_PREFERENCES = ['locale', 'dmy', 'mdy', 'ymd'] as const;
export type DateFormatPreference = (typeof DATE_FORMAT_PREFERENCES)[number];

type DatePart = 'day' | 'month' | 'year';

/** How dates are typed and shown: the three parts in order, with the text around them. */
export interface DatePattern {
  order: readonly [DatePart, DatePart, DatePart];
  /** literals[0] before the first part, literals[1] between first and second, … literals[3] after. */
  literals: readonly [string, string, string, string];
}

const FIXED: Record<Exclude<DateFormatPreference, 'locale'>, DatePattern> = {
  dmy: { order: ['day', 'month', 'year'], literals: ['', '/', '/', ''] },
  mdy: { order: ['month', 'day', 'year'], literals: ['', '/', '/', ''] },
  ymd: { order: ['year', 'month', 'day'], literals: ['', '-', '-', ''] },
};

const localePatterns = new Map<string, DatePattern>();

/** The locale's numeric date pattern (what `new Intl.DateTimeFormat(locale)` writes for a day). */
function localePattern(locale: string): DatePattern {
  const cached = localePatterns.get(locale);
  if (cached) return cached;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).formatToParts(
      Date.UTC(2026, 11, 25),
    );
  } catch {
    return FIXED.ymd;
  }
  const order: DatePart[] = [];
  const literals = ['', '', '', ''];
  for (const part of parts) {
    if (part.type === 'day' || part.type === 'month' || part.type === 'year') order.push(part.type);
    else literals[order.length] += part.value;
  }
  const complete = order.length === 3 && new Set(order).size === 3;
  // Right-to-left marks and similar invisible characters would only confuse typing.
  const clean = literals.map((l) => l.replace(/[\u200e\u200f\u061c]/g, '')) as [string, string, string, string];
  const pattern: DatePattern = complete ? { order: order as [DatePart, DatePart, DatePart], literals: clean } : FIXED.ymd;
  localePatterns.set(locale, pattern);
  return pattern;
}

/** The pattern in force for a locale and the Settings choice. */
export function datePattern(locale: string, preference: DateFormatPreference = 'locale'): DatePattern {
  return preference === 'locale' ? localePattern(locale) : FIXED[preference];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** "25/12/2026" (or the pattern's equivalent) for "2026-12-25"; anything not ISO comes back as is. */
export function formatDateInput(iso: string, pattern: DatePattern): string {
  if (!isIsoDate(iso)) return iso;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const value: Record<DatePart, string> = { year: pad(y, 4), month: pad(m, 2), day: pad(d, 2) };
  const [l0, l1, l2, l3] = pattern.literals;
  const [a, b, c] = pattern.order;
  return `${l0}${value[a]}${l1}${value[b]}${l2}${value[c]}${l3}`.trim();
}

export type DateInputParse = { ok: true; iso: string } | { ok: false; reason: 'empty' | 'invalid' };

/**
 * What a typed date means: the pattern's order with any non-digit separators ("25.12.2026",
 * "25/12/26", "25 12 2026"), a two-digit year in this century, the year left out meaning this
 * year, and an ISO date (2026-12-25) always. A day that does not exist (31/02) is invalid.
 */
export function parseDateInput(text: string, pattern: DatePattern, today: string): DateInputParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(trimmed)) {
    const [y, m, d] = trimmed.split('-').map(Number) as [number, number, number];
    return checked(y, m, d);
  }
  const groups = trimmed.match(/\d+/g) ?? [];
  // Letters (a month name, "tomorrow") are not something this field can read reliably.
  if (/[\p{L}]/u.test(trimmed) || groups.length < 2 || groups.length > 3) return { ok: false, reason: 'invalid' };
  const order = groups.length === 3 ? pattern.order : pattern.order.filter((p) => p !== 'year');
  const value: Partial<Record<DatePart, string>> = {};
  order.forEach((part, i) => (value[part] = groups[i]));
  let year = value.year === undefined ? Number(today.slice(0, 4)) : Number(value.year);
  if (value.year !== undefined) {
    if (value.year.length === 2) year = 2000 + year;
    else if (value.year.length !== 4) return { ok: false, reason: 'invalid' };
  }
  if ((value.day ?? '').length > 2 || (value.month ?? '').length > 2) return { ok: false, reason: 'invalid' };
  return checked(year, Number(value.month), Number(value.day));
}

function checked(y: number, m: number, d: number): DateInputParse {
  const iso = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
  return isIsoDate(iso) ? { ok: true, iso } : { ok: false, reason: 'invalid' };
}
