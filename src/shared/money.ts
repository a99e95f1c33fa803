/**
 * Money as the app handles it: integers of a currency's minor unit (cents for USD, yen for JPY,
 * fils for KWD), typed and shown in the user's locale through Intl. Plain TS: no DOM, no Node.
 */

/** amount_in_cents is an int32 on the server. */
export const MAX_MINOR_UNITS = 2_147_483_647;

const minorDigitsCache = new Map<string, number>();

/** How many fraction digits the currency has (JPY 0, USD 2, KWD 3), as Intl knows it. */
export function currencyMinorDigits(currency: string): number {
  const code = currency.toUpperCase();
  const cached = minorDigitsCache.get(code);
  if (cached !== undefined) return cached;
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown code: two digits is the common case and the validator reports the code itself.
  }
  minorDigitsCache.set(code, digits);
  return digits;
}

let supportedCurrencies: Set<string> | null | undefined;

/** True for an ISO 4217 code this runtime knows (or any 3-letter code where Intl cannot list them). */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  if (supportedCurrencies === undefined) {
    const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
    supportedCurrencies = typeof intl.supportedValuesOf === 'function' ? new Set(intl.supportedValuesOf('currency')) : null;
  }
  return supportedCurrencies === null || supportedCurrencies.has(code);
}

interface Separators {
  decimal: string;
  group: string;
}
const separatorCache = new Map<string, Separators>();

function separatorsOf(locale: string): Separators {
  const cached = separatorCache.get(locale);
  if (cached) return cached;
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  const found = {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  };
  separatorCache.set(locale, found);
  return found;
}

export type AmountParseError =
  | 'empty'
  | 'not-a-number'
  | 'negative'
  | 'too-many-decimals'
  | 'too-large';

export type AmountParseResult =
  | { ok: true; minor: number }
  | { ok: false; error: AmountParseError; minorDigits: number };

const SPACES = /[\s\u00a0\u202f\u2009']/g;

/**
 * Parse what a user typed ("1.234,5" in de-DE, "1,234.50" in en-US, "12.5" anywhere) into minor
 * units of `currency`. Exact: works on the digit string, never through a binary float.
 * A lone '.' or ',' that cannot be a thousands separator (not followed by exactly 3 digits) is read
 * as the decimal point, so "12.50" means 12.50 even in a locale whose decimal sign is ','.
 */
export function parseAmount(text: string, currency: string, locale: string): AmountParseResult {
  const minorDigits = currencyMinorDigits(currency);
  const fail = (error: AmountParseError): AmountParseResult => ({ ok: false, error, minorDigits });
  // Keep digits, signs and separators; drop spaces, apostrophes (de-CH grouping) and currency symbols.
  let s = text.replace(SPACES, '').replace(/[^\d.,\-+−]/g, '');
  if (s === '') return text.trim() === '' ? fail('empty') : fail('not-a-number');
  if (/^[-−]/.test(s)) return fail('negative');
  s = s.replace(/^\+/, '');
  if (/[-+−]/.test(s)) return fail('not-a-number');

  const { decimal, group } = separatorsOf(locale);
  let intPart: string;
  let fracPart = '';
  if (s.includes(decimal)) {
    const at = s.lastIndexOf(decimal);
    intPart = s.slice(0, at).split(group).join('');
    fracPart = s.slice(at + 1);
  } else {
    const seps = new Set(s.replace(/\d/g, ''));
    if (seps.size > 1) return fail('not-a-number');
    const sep = [...seps][0];
    if (sep === undefined) {
      intPart = s;
    } else {
      const pieces = s.split(sep);
      const grouped = pieces[0] !== '' && pieces.slice(1).every((p) => p.length === 3);
      if (pieces.length > 2) {
        if (!grouped) return fail('not-a-number');
        intPart = pieces.join('');
      } else if (grouped && sep === group) {
        intPart = pieces.join('');
      } else {
        intPart = pieces[0] ?? '';
        fracPart = pieces[1] ?? '';
      }
    }
  }
  if (intPart === '' && fracPart === '') return fail('not-a-number');
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart)) return fail('not-a-number');
  fracPart = fracPart.replace(/0+$/, '');
  if (fracPart.length > minorDigits) return fail('too-many-decimals');
  const digits = (intPart + fracPart.padEnd(minorDigits, '0')).replace(/^0+/, '');
  if (digits.length > 15) return fail('too-large');
  const minor = digits === '' ? 0 : Number(digits);
  if (minor > MAX_MINOR_UNITS) return fail('too-large');
  return { ok: true, minor };
}

/** Minor units to the decimal string the API wants for foreign amounts ("12.50", "1200", "1.250"). */
export function minorToDecimalString(minor: number, currency: string): string {
  const d = currencyMinorDigits(currency);
  if (d === 0) return String(minor);
  const s = String(minor).padStart(d + 1, '0');
  return `${s.slice(0, -d)}.${s.slice(-d)}`;
}

/** A decimal string ("12.5") in `currency` units back to minor units; null when it is not one. */
export function decimalStringToMinor(value: string, currency: string): number | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return null;
  const d = currencyMinorDigits(currency);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > d) return null;
  const n = Number((m[1] ?? '0') + frac.padEnd(d, '0'));
  return Number.isSafeInteger(n) ? n : null;
}

const formatterCache = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, options: Intl.NumberFormatOptions, key: string): Intl.NumberFormat {
  const k = `${locale}|${key}`;
  let f = formatterCache.get(k);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    formatterCache.set(k, f);
  }
  return f;
}

function toMajor(minor: number, digits: number): number {
  return minor / 10 ** digits;
}

/** "$1,234.50", "1.234,50 €", "¥1,200" for display. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const code = currency.toUpperCase();
  const d = currencyMinorDigits(code);
  try {
    return formatter(locale, { style: 'currency', currency: code }, `c:${code}`).format(toMajor(minor, d));
  } catch {
    return `${formatAmountForInput(minor, code, locale)} ${code}`;
  }
}

/** The amount as a user would type it back into a field: no symbol, no grouping ("1234,50" in de). */
export function formatAmountForInput(minor: number, currency: string, locale: string): string {
  const d = currencyMinorDigits(currency);
  return formatter(locale, { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }, `i:${d}`).format(
    toMajor(minor, d),
  );
}

/** The largest amount a currency can hold, as a number in the user's locale ("21,474,836.47"). */
export function formatMaxAmount(currency: string, locale: string): string {
  const d = currencyMinorDigits(currency);
  return formatter(locale, { minimumFractionDigits: d, maximumFractionDigits: d }, `m:${d}`).format(
    toMajor(MAX_MINOR_UNITS, d),
  );
}
