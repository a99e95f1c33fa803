import { describe, expect, it } from 'vitest';
import {
  canonicalDecimal,
  currencyMinorDigits,
  decimalStringToMinor,
  formatAmountForInput,
  formatMaxAmount,
  formatMoney,
  isCurrencyCode,
  minorToDecimalString,
  parseAmount,
} from '@shared/money';

const ok = (minor: number) => ({ ok: true, minor });

describe('currency minor digits from ISO 4217 and the project', () => {
  it('knows JPY 0, USD 2, KWD 3', () => {
    expect(currencyMinorDigits('JPY')).toBe(0);
    expect(currencyMinorDigits('USD')).toBe(2);
    expect(currencyMinorDigits('KWD')).toBe(3);
    expect(currencyMinorDigits('eur')).toBe(2);
  });
  it('follows ISO 4217, not the display digits of the locale data (HUF, IDR, COP 2; IQD 3)', () => {
    for (const code of ['HUF', 'IDR', 'COP', 'huf']) expect(currencyMinorDigits(code), code).toBe(2);
    for (const code of ['IQD', 'KWD', 'BHD', 'TND']) expect(currencyMinorDigits(code), code).toBe(3);
    for (const code of ['JPY', 'CLP', 'KRW', 'ISK']) expect(currencyMinorDigits(code), code).toBe(0);
    expect(currencyMinorDigits('CLF')).toBe(4);
  });
  it("takes the project's currency_base_unit over ISO when it is a power of ten", () => {
    expect(currencyMinorDigits('HUF', 1)).toBe(0);
    expect(currencyMinorDigits('JPY', 100)).toBe(2);
    expect(currencyMinorDigits('USD', 1000)).toBe(3);
    // Missing or malformed base units fall back to ISO.
    expect(currencyMinorDigits('IQD', null)).toBe(3);
    expect(currencyMinorDigits('IQD', undefined)).toBe(3);
    expect(currencyMinorDigits('HUF', 0)).toBe(2);
    expect(currencyMinorDigits('HUF', 50)).toBe(2);
    expect(currencyMinorDigits('HUF', 2.5)).toBe(2);
    expect(currencyMinorDigits('HUF', -100)).toBe(2);
    expect(currencyMinorDigits('HUF', '100' as unknown as number)).toBe(2);
    expect(currencyMinorDigits('HUF', 1e30)).toBe(2);
  });
  it('accepts ISO 4217 codes Intl lists and rejects others', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('CHF')).toBe(true);
    expect(isCurrencyCode('ZZZ')).toBe(false);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('EURO')).toBe(false);
  });
});

describe('parseAmount in the user locale', () => {
  it('reads en-US amounts with grouping and decimals', () => {
    expect(parseAmount('1,234.56', 'USD', 'en-US')).toEqual(ok(123456));
    expect(parseAmount('$ 12.5', 'USD', 'en-US')).toEqual(ok(1250));
    expect(parseAmount('12', 'USD', 'en-US')).toEqual(ok(1200));
    expect(parseAmount('.5', 'USD', 'en-US')).toEqual(ok(50));
    expect(parseAmount('1,234', 'USD', 'en-US')).toEqual(ok(123400));
  });
  it('reads de-DE amounts, and a lone dot with two decimals as the decimal point', () => {
    expect(parseAmount('1.234,56', 'EUR', 'de-DE')).toEqual(ok(123456));
    expect(parseAmount('12,50 €', 'EUR', 'de-DE')).toEqual(ok(1250));
    expect(parseAmount('12.50', 'EUR', 'de-DE')).toEqual(ok(1250));
    expect(parseAmount('1.234', 'EUR', 'de-DE')).toEqual(ok(123400));
  });
  it('reads fr-FR amounts with narrow no-break space grouping', () => {
    expect(parseAmount('1\u202f234,5', 'EUR', 'fr-FR')).toEqual(ok(123450));
    expect(parseAmount('1 234,50', 'EUR', 'fr-FR')).toEqual(ok(123450));
  });
  it('respects minor digits: JPY none, KWD three', () => {
    expect(parseAmount('1,200', 'JPY', 'ja-JP')).toEqual(ok(1200));
    expect(parseAmount('1200.5', 'JPY', 'en-US')).toMatchObject({ ok: false, error: 'too-many-decimals', minorDigits: 0 });
    expect(parseAmount('1.250', 'KWD', 'en-US')).toEqual(ok(1250));
    expect(parseAmount('1.2345', 'KWD', 'en-US')).toMatchObject({ ok: false, error: 'too-many-decimals' });
    expect(parseAmount('12.345', 'USD', 'en-US')).toMatchObject({ ok: false, error: 'too-many-decimals' });
    expect(parseAmount('12.500', 'USD', 'en-US')).toEqual(ok(1250));
  });
  it('reads HUF, IDR and COP with two decimals and IQD with three, in any locale', () => {
    expect(parseAmount('1234,56', 'HUF', 'hu-HU')).toEqual(ok(123456));
    expect(parseAmount('1234.56', 'HUF', 'hu-HU')).toEqual(ok(123456));
    expect(parseAmount('1234.56', 'HUF', 'en-US')).toEqual(ok(123456));
    expect(parseAmount('1 234,5', 'HUF', 'hu-HU')).toEqual(ok(123450));
    expect(parseAmount('1234', 'HUF', 'en-US')).toEqual(ok(123400));
    expect(parseAmount('12.345', 'HUF', 'en-US')).toMatchObject({ ok: false, error: 'too-many-decimals', minorDigits: 2 });
    expect(parseAmount('15000,25', 'IDR', 'id-ID')).toEqual(ok(1500025));
    expect(parseAmount('4500,5', 'COP', 'es-CO')).toEqual(ok(450050));
    expect(parseAmount('1.250', 'IQD', 'en-US')).toEqual(ok(1250));
    expect(parseAmount('2', 'IQD', 'en-US')).toEqual(ok(2000));
    expect(parseAmount('1200', 'CLP', 'es-CL')).toEqual(ok(1200));
    expect(parseAmount('1200,5', 'CLP', 'es-CL')).toMatchObject({ ok: false, error: 'too-many-decimals', minorDigits: 0 });
  });
  it("reads with the project's base unit when given", () => {
    expect(parseAmount('1234', 'HUF', 'en-US', 1)).toEqual(ok(1234));
    expect(parseAmount('1234.5', 'HUF', 'en-US', 1)).toMatchObject({ ok: false, error: 'too-many-decimals', minorDigits: 0 });
    expect(parseAmount('1234.5', 'HUF', 'en-US', 100)).toEqual(ok(123450));
    expect(parseAmount('12.5', 'JPY', 'en-US', 100)).toEqual(ok(1250));
    expect(parseAmount('21474836.48', 'HUF', 'en-US', 100)).toMatchObject({ ok: false, error: 'too-large' });
    expect(parseAmount('21474836.48', 'HUF', 'en-US', 1)).toMatchObject({ ok: false, error: 'too-many-decimals' });
  });
  it('rejects empty, negative, garbage and int32 overflow', () => {
    expect(parseAmount('  ', 'USD', 'en-US')).toMatchObject({ ok: false, error: 'empty' });
    expect(parseAmount('-5', 'USD', 'en-US')).toMatchObject({ ok: false, error: 'negative' });
    expect(parseAmount('abc', 'USD', 'en-US')).toMatchObject({ ok: false, error: 'not-a-number' });
    expect(parseAmount('1.2.3', 'USD', 'en-US')).toMatchObject({ ok: false, error: 'not-a-number' });
    expect(parseAmount('1,2.3,4', 'USD', 'en-US')).toMatchObject({ ok: false, error: 'not-a-number' });
    expect(parseAmount('21474836.47', 'USD', 'en-US')).toEqual(ok(2147483647));
    expect(parseAmount('21474836.48', 'USD', 'en-US')).toMatchObject({ ok: false, error: 'too-large' });
    expect(parseAmount('99999999999999999999', 'USD', 'en-US')).toMatchObject({ ok: false, error: 'too-large' });
  });
});

describe('formatting with Intl', () => {
  it('formats money per locale and currency', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney(1200, 'JPY', 'en-US')).toBe('¥1,200');
    expect(formatMoney(1250, 'KWD', 'en-US')).toBe('KWD\u00a01.250');
  });
  it('shows exactly the ISO digits where the locale data would round (HUF, IDR, COP, IQD, CLP)', () => {
    expect(formatMoney(123456, 'HUF', 'en-US')).toBe('HUF\u00a01,234.56');
    expect(formatMoney(123400, 'HUF', 'en-US')).toBe('HUF\u00a01,234.00');
    expect(formatMoney(123456, 'HUF', 'hu-HU')).toMatch(/^1[\s\u00a0.]?234,56\s?Ft$/);
    expect(formatMoney(1500025, 'IDR', 'en-US')).toBe('IDR\u00a015,000.25');
    expect(formatMoney(450050, 'COP', 'en-US')).toBe('COP\u00a04,500.50');
    expect(formatMoney(1250, 'IQD', 'en-US')).toBe('IQD\u00a01.250');
    expect(formatMoney(1200, 'CLP', 'en-US')).toBe('CLP\u00a01,200');
    expect(formatMoney(15, 'CLF', 'en-US')).toBe('CLF\u00a00.0015');
  });
  it("formats with the project's base unit when given", () => {
    expect(formatMoney(1234, 'HUF', 'en-US', 1)).toBe('HUF\u00a01,234');
    expect(formatMoney(1250, 'JPY', 'en-US', 100)).toBe('¥12.50');
    expect(formatMoney(123456, 'HUF', 'en-US', 100)).toBe('HUF\u00a01,234.56');
    expect(formatMoney(123456, 'USD', 'en-US', null)).toBe('$1,234.56');
    expect(formatAmountForInput(1234, 'HUF', 'en-US', 1)).toBe('1234');
    expect(formatAmountForInput(1250, 'JPY', 'en-US', 100)).toBe('12.50');
    expect(formatMaxAmount('HUF', 'en-US', 1)).toBe('2,147,483,647');
    expect(minorToDecimalString(1250, 'JPY', 100)).toBe('12.50');
    expect(decimalStringToMinor('12.5', 'JPY', 100)).toBe(1250);
    expect(decimalStringToMinor('12.5', 'HUF', 1)).toBeNull();
  });
  it('keeps an unknown code readable', () => {
    expect(formatMoney(1250, 'QQQ', 'en-US')).toMatch(/12\.50/);
  });
  it('formats input values that parse back to the same amount', () => {
    for (const [minor, cur, loc] of [
      [123456, 'USD', 'en-US'],
      [123456, 'EUR', 'de-DE'],
      [1200, 'JPY', 'ja-JP'],
      [1250, 'KWD', 'en-US'],
      [5, 'USD', 'fr-FR'],
      [123456, 'HUF', 'hu-HU'],
      [123456, 'HUF', 'en-US'],
      [1500025, 'IDR', 'id-ID'],
      [1250, 'IQD', 'en-US'],
    ] as const) {
      const text = formatAmountForInput(minor, cur, loc);
      expect(parseAmount(text, cur, loc), `${text} ${cur} ${loc}`).toEqual(ok(minor));
    }
    expect(formatAmountForInput(123456, 'EUR', 'de-DE')).toBe('1234,56');
    expect(formatAmountForInput(123456, 'HUF', 'hu-HU')).toBe('1234,56');
    expect(formatAmountForInput(123456, 'HUF', 'en-US')).toBe('1234.56');
  });
  it('writes and reads decimal strings for foreign amounts', () => {
    expect(minorToDecimalString(1250, 'USD')).toBe('12.50');
    expect(minorToDecimalString(5, 'USD')).toBe('0.05');
    expect(minorToDecimalString(-5, 'USD')).toBe('-0.05');
    expect(minorToDecimalString(-1250, 'USD')).toBe('-12.50');
    expect(minorToDecimalString(-1200, 'JPY')).toBe('-1200');
    expect(minorToDecimalString(1200, 'JPY')).toBe('1200');
    expect(minorToDecimalString(1250, 'KWD')).toBe('1.250');
    expect(decimalStringToMinor('12.5', 'USD')).toBe(1250);
    expect(decimalStringToMinor('12.555', 'USD')).toBeNull();
    expect(decimalStringToMinor('x', 'USD')).toBeNull();
    expect(minorToDecimalString(123456, 'HUF')).toBe('1234.56');
    expect(minorToDecimalString(1250, 'IQD')).toBe('1.250');
    expect(decimalStringToMinor('1234.56', 'HUF')).toBe(123456);
    expect(decimalStringToMinor('1.25', 'IQD')).toBe(1250);
    expect(decimalStringToMinor('-5', 'USD')).toBeNull();
    expect(decimalStringToMinor('', 'USD')).toBeNull();
    expect(decimalStringToMinor('.', 'USD')).toBeNull();
  });
  it('reads foreign amounts Kantata sends as numbers exactly', () => {
    expect(decimalStringToMinor(12.5, 'USD')).toBe(1250);
    expect(decimalStringToMinor(0.1, 'USD')).toBe(10);
    expect(decimalStringToMinor(1.005, 'USD')).toBeNull();
    expect(decimalStringToMinor(4.35, 'USD')).toBe(435);
    expect(decimalStringToMinor(1234.56, 'HUF')).toBe(123456);
    expect(decimalStringToMinor(3500, 'JPY')).toBe(3500);
    expect(decimalStringToMinor(1e21, 'USD')).toBeNull();
  });
  it('writes one canonical form of a decimal, exactly', () => {
    expect(canonicalDecimal('12.50')).toBe('12.5');
    expect(canonicalDecimal(12.5)).toBe('12.5');
    expect(canonicalDecimal('012.500')).toBe('12.5');
    expect(canonicalDecimal(' 7 ')).toBe('7');
    expect(canonicalDecimal(100)).toBe('100');
    expect(canonicalDecimal('100.00')).toBe('100');
    expect(canonicalDecimal(0)).toBe('0');
    expect(canonicalDecimal(-0)).toBe('0');
    expect(canonicalDecimal('-0.00')).toBe('0');
    expect(canonicalDecimal(-12.5)).toBe('-12.5');
    expect(canonicalDecimal('-3')).toBe('-3');
    expect(canonicalDecimal(0.1)).toBe('0.1');
    expect(canonicalDecimal(4.35)).toBe('4.35');
    expect(canonicalDecimal(1e21)).toBe('1000000000000000000000');
    expect(canonicalDecimal(1.5e-7)).toBe('0.00000015');
    expect(canonicalDecimal(-2.5e22)).toBe('-25000000000000000000000');
    expect(canonicalDecimal(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
    expect(canonicalDecimal('12345678901234567890.123456789')).toBe('12345678901234567890.123456789');
    expect(canonicalDecimal('.5')).toBe('0.5');
    for (const bad of ['', '.', 'x', '1.2.3', '1,5', '--1', 'Infinity', NaN, Infinity]) expect(canonicalDecimal(bad), String(bad)).toBeNull();
  });
  it('states the int32 maximum in the currency and locale', () => {
    expect(formatMaxAmount('USD', 'en-US')).toBe('21,474,836.47');
    expect(formatMaxAmount('JPY', 'en-US')).toBe('2,147,483,647');
    expect(formatMaxAmount('HUF', 'en-US')).toBe('21,474,836.47');
    expect(formatMaxAmount('IQD', 'en-US')).toBe('2,147,483.647');
  });
});
