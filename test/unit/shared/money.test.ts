import { describe, expect, it } from 'vitest';
import {
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

describe('currency minor digits from Intl', () => {
  it('knows JPY 0, USD 2, KWD 3', () => {
    expect(currencyMinorDigits('JPY')).toBe(0);
    expect(currencyMinorDigits('USD')).toBe(2);
    expect(currencyMinorDigits('KWD')).toBe(3);
    expect(currencyMinorDigits('eur')).toBe(2);
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
  it('formats input values that parse back to the same amount', () => {
    for (const [minor, cur, loc] of [
      [123456, 'USD', 'en-US'],
      [123456, 'EUR', 'de-DE'],
      [1200, 'JPY', 'ja-JP'],
      [1250, 'KWD', 'en-US'],
      [5, 'USD', 'fr-FR'],
    ] as const) {
      const text = formatAmountForInput(minor, cur, loc);
      expect(parseAmount(text, cur, loc), `${text} ${cur} ${loc}`).toEqual(ok(minor));
    }
    expect(formatAmountForInput(123456, 'EUR', 'de-DE')).toBe('1234,56');
  });
  it('writes and reads decimal strings for foreign amounts', () => {
    expect(minorToDecimalString(1250, 'USD')).toBe('12.50');
    expect(minorToDecimalString(5, 'USD')).toBe('0.05');
    expect(minorToDecimalString(1200, 'JPY')).toBe('1200');
    expect(minorToDecimalString(1250, 'KWD')).toBe('1.250');
    expect(decimalStringToMinor('12.5', 'USD')).toBe(1250);
    expect(decimalStringToMinor('12.555', 'USD')).toBeNull();
    expect(decimalStringToMinor('x', 'USD')).toBeNull();
  });
  it('states the int32 maximum in the currency and locale', () => {
    expect(formatMaxAmount('USD', 'en-US')).toBe('21,474,836.47');
    expect(formatMaxAmount('JPY', 'en-US')).toBe('2,147,483,647');
  });
});
