/**
 * Money amounts in recognised receipt text: "9.00", "1,234.50", "1.234,50", "12,50", "RM 9.00",
 * "-0.02", "€3,20", "12€50". An amount needs exactly two decimals (the way receipts print money); whole
 * numbers on a receipt are quantities, codes and phone numbers far more often than prices.
 * OCR reads a zero as O or a one as l inside digits; those are mended before matching.
 */
import type { Box, PageLine } from './page';
import { boxOfSpan } from './spans';

export interface FoundAmount {
  /** Plain decimal string, "1234.50"; negative with a leading "-". */
  decimal: string;
  /** In hundredths, for comparing and adding. */
  cents: number;
  lineIndex: number;
  /** Offset of the amount in the line's text (after mending, same length as the original). */
  start: number;
  end: number;
  box: Box;
}

const AMOUNT = /(?<![\d.,])(-\s?)?(\d{1,3}(?:([.,'\s])\d{3})(?:\3\d{3})*|\d+)\s?([.,])\s?(\d{2})(?![\d]|[.,]\d)/g;

/**
 * O→0 and l/I/|→1 where they sit between or next to digits, and S→5 where it leads an amount
 * ("S.90"); keeps the text's length so offsets still point into the original line.
 */
export function mendDigits(text: string): string {
  return text
    .replace(/(?<=\d|\d[.,])[Oo]|[Oo](?=\d)/g, '0')
    .replace(/(?<=\d)[lI|](?=\d)/g, '1')
    .replace(/(?<=^|\s|RM)S(?=[.,]\d{2}\b)/g, '5')
    // French tickets print the euro sign as the decimal separator: "12€50" is 12,50 €.
    .replace(/(?<=\d)€(?=\d{2}(?!\d))/g, ',');
}

export function amountsInLine(line: PageLine, lineIndex: number): FoundAmount[] {
  const text = mendDigits(line.text);
  const found: FoundAmount[] = [];
  for (const match of text.matchAll(AMOUNT)) {
    const [, minus, whole, group, separator, fraction] = match;
    if (group !== undefined && group === separator) continue;
    // "12.345,67" style needs a different group and decimal separator; "12,34" is a decimal comma.
    const digits = (whole ?? '').replace(/[.,'\s]/g, '');
    if (digits.length > 9) continue;
    const negative = minus !== undefined;
    const cents = (Number(digits) * 100 + Number(fraction)) * (negative ? -1 : 1);
    const start = match.index;
    const end = start + match[0].length;
    found.push({
      decimal: `${negative ? '-' : ''}${Number(digits)}.${fraction}`,
      cents,
      lineIndex,
      start,
      end,
      box: boxOfSpan(line, start, end),
    });
  }
  return found;
}

export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
