/**
 * ISO 4217 minor units: how many decimal places a currency's amounts have. This is the standard
 * Kantata's `currency_base_unit` follows (100 for USD, 1 for JPY, 1000 for KWD). It is not the
 * same as the digits a runtime's locale data shows for display: ICU shows HUF, IDR and COP with 0
 * decimals and IQD with 0, while ISO 4217 gives them 2, 2, 2 and 3. Amounts in cents follow ISO.
 *
 * Only the exceptions to the common case (2) are listed.
 */
const MINOR_UNITS_EXCEPTIONS: Readonly<Record<string, number>> = {
  // 0 decimals
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // 3 decimals
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // 4 decimals
  CLF: 4, UYW: 4,
};

/** Decimal places of `currency` per ISO 4217 (2 for any code not listed as an exception). */
export function isoMinorUnits(currency: string): number {
  return MINOR_UNITS_EXCEPTIONS[currency.toUpperCase()] ?? 2;
}

/** Kantata's `currency_base_unit` for `currency`: minor units per major unit (10 ** ISO digits). */
export function isoBaseUnit(currency: string): number {
  return 10 ** isoMinorUnits(currency);
}

/** The most decimal places a base unit may give (Intl formats at most 20 fraction digits everywhere). */
const MAX_MINOR_UNITS_DIGITS = 20;

/**
 * Decimal places from a `currency_base_unit` (100 → 2); null when it is not a power of ten from
 * 10^0 to 10^20 (a missing or malformed value from the server included).
 */
export function minorUnitsFromBaseUnit(baseUnit: number | null | undefined): number | null {
  if (typeof baseUnit !== 'number' || !Number.isInteger(baseUnit) || baseUnit < 1) return null;
  const digits = Math.round(Math.log10(baseUnit));
  return digits <= MAX_MINOR_UNITS_DIGITS && 10 ** digits === baseUnit ? digits : null;
}
