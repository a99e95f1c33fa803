/**
 * Money as the app handles it: integers of a currency's minor unit (cents for USD, yen for JPY,
 * fils for KWD), typed and shown in the user's locale through Intl. Plain TS: no DOM, no Node.
 *
 * How many minor units a major unit has is ISO 4217's answer (src/shared/iso-currency.ts), or the
 * project's own `currency_base_unit` where the caller knows the project: Kantata's
 * `amount_in_cents` counts in those units. It is never the runtime's locale data, which shows some
 * currencies with fewer digits than they have (HUF, IDR and COP with 0 instead of 2, IQD with 0
 * instead of 3). Every function that turns minor units into text or back takes the optional
 * `baseUnit` (the project's `currency_base_unit`, for amounts in that project's currency).
 */
import { isoMinorUnits, minorUnitsFromBaseUnit } from './iso-currency';

/** amount_in_cents is an int32 on the server. */
export const MAX_MINOR_UNITS = 2_147_483_647;

/**
 * How many fraction digits amounts in `currency` have (JPY 0, USD 2, KWD 3): the project's
 * `baseUnit` (100 → 2) when given and a power of ten, else ISO 4217.
 */
export function currencyMinorDigits(currency: string, baseUnit?: number | null): number {
  return minorUnitsFromBaseUnit(baseUnit) ?? isoMinorUnits(currency);
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
export function parseAmount(text: string, currency: string, locale: string, baseUnit?: number | null): AmountParseResult {
  const minorDigits = currencyMinorDigits(currency, baseUnit);
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
export function minorToDecimalString(minor: number, currency: string, baseUnit?: number | null): string {
  const d = currencyMinorDigits(currency, baseUnit);
  if (d === 0) return String(minor);
  // Kantata may hold credits (negative amounts): the sign goes before the padded digits.
  const s = String(Math.abs(minor)).padStart(d + 1, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -d)}.${s.slice(-d)}`;
}

/** The exact digits of a decimal: `int` without leading zeros, `frac` without trailing zeros. */
interface DecimalDigits {
  negative: boolean;
  int: string;
  frac: string;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * Reads a decimal as the API or the app writes it: a string ("12.50", "-3", " 7 ") or a JSON
 * number (12.5, 1e21, 1.5e-7; its shortest round-trip text, so 12.5 is exactly 12.5). Works on
 * the digits, never through float arithmetic. Null for anything else.
 */
function decimalDigits(value: string | number): DecimalDigits | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const m = DECIMAL.exec(text);
  const intDigits = m?.[2] ?? '';
  const fracDigits = m?.[3] ?? '';
  if (!m || (intDigits === '' && fracDigits === '')) return null;
  // Move the decimal point by the exponent (1.5e-7, 1e+21).
  const all = intDigits + fracDigits;
  const point = intDigits.length + Number(m[4] ?? 0);
  let int: string;
  let frac: string;
  if (point <= 0) {
    int = '';
    frac = '0'.repeat(-point) + all;
  } else if (point >= all.length) {
    int = all + '0'.repeat(point - all.length);
    frac = '';
  } else {
    int = all.slice(0, point);
    frac = all.slice(point);
  }
  int = int.replace(/^0+/, '');
  frac = frac.replace(/0+$/, '');
  return { negative: m[1] === '-' && (int !== '' || frac !== ''), int, frac };
}

/**
 * The one written form of a decimal: no exponent, no leading or trailing zeros, no float
 * artefacts ("12.50" and 12.5 → "12.5", 1e21 → "1000000000000000000000", -0.5 → "-0.5",
 * "0.0" → "0"). Null when `value` is not a decimal.
 */
export function canonicalDecimal(value: string | number): string | null {
  const d = decimalDigits(value);
  if (!d) return null;
  return `${d.negative ? '-' : ''}${d.int || '0'}${d.frac ? `.${d.frac}` : ''}`;
}

/**
 * A foreign amount's `source_value` in the app's representation, a decimal string. Kantata's
 * schema sends a number (12.5), older answers and the fact sheet a string ("12.50"): a string is
 * kept as sent, a number becomes its exact decimal digits (12.5 → "12.5", 1e21 → "1000…0").
 */
export function decimalFromApi(value: string | number): string {
  if (typeof value === 'string') return value;
  return canonicalDecimal(value) ?? String(value);
}

/**
 * A decimal ("12.5", or the number 12.5 as Kantata sends foreign amounts) in `currency` units back
 * to minor units; null when it is not a non-negative decimal with at most the currency's digits.
 */
export function decimalStringToMinor(value: string | number, currency: string, baseUnit?: number | null): number | null {
  const m = decimalDigits(value);
  if (!m || m.negative) return null;
  const d = currencyMinorDigits(currency, baseUnit);
  if (m.frac.length > d) return null;
  const n = Number((m.int || '0') + m.frac.padEnd(d, '0'));
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

/**
 * "$1,234.50", "1.234,50 €", "¥1,200", "HUF 1,234.56" for display: always with exactly the
 * currency's (or the project's) digits, whatever Intl's locale data would round to.
 */
export function formatMoney(minor: number, currency: string, locale: string, baseUnit?: number | null): string {
  const code = currency.toUpperCase();
  const d = currencyMinorDigits(code, baseUnit);
  try {
    return formatter(
      locale,
      { style: 'currency', currency: code, minimumFractionDigits: d, maximumFractionDigits: d },
      `c:${code}:${d}`,
    ).format(toMajor(minor, d));
  } catch {
    return `${formatAmountForInput(minor, code, locale, baseUnit)} ${code}`;
  }
}

/** The amount as a user would type it back into a field: no symbol, no grouping ("1234,50" in de). */
export function formatAmountForInput(minor: number, currency: string, locale: string, baseUnit?: number | null): string {
  const d = currencyMinorDigits(currency, baseUnit);
  return formatter(locale, { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }, `i:${d}`).format(
    toMajor(minor, d),
  );
}

/** The largest amount a currency can hold, as a number in the user's locale ("21,474,836.47"). */
export function formatMaxAmount(currency: string, locale: string, baseUnit?: number | null): string {
  const d = currencyMinorDigits(currency, baseUnit);
  return formatter(locale, { minimumFractionDigits: d, maximumFractionDigits: d }, `m:${d}`).format(
    toMajor(MAX_MINOR_UNITS, d),
  );
}
