/**
 * The fields a receipt gives an expense, from a recognised page: total, currency, date and
 * merchant, each with the box it was read from (for the viewer's highlight). Plain TS, run by the
 * app's reading worker and by the Node CLI alike.
 */
import { findCurrency } from './currency';
import { findDate, type DateOrder } from './dates';
import { findMerchant } from './merchant';
import type { Box, RecognisedPage } from './page';
import { findTotal } from './total';

export interface ReadField<T> {
  value: T;
  /** Where on the receipt (original image pixels) it was read; null when only inferred. */
  box: Box | null;
}

export interface ReceiptFields {
  /** Plain decimal string, "9.00". */
  total: ReadField<string> | null;
  /** ISO 4217 code. */
  currency: ReadField<string> | null;
  /** YYYY-MM-DD. */
  date: ReadField<string> | null;
  merchant: ReadField<string> | null;
}

export interface ExtractOptions {
  now?: Date;
  /** How to read an ambiguous numeric date when the receipt offers no evidence. */
  preferredDateOrder?: DateOrder;
}

/** Month-first is the home convention of the US dollar only among the currencies we read. */
const MONTH_FIRST_CURRENCIES = new Set(['USD']);

export function extractReceiptFields(page: RecognisedPage, options: ExtractOptions = {}): ReceiptFields {
  const now = options.now ?? new Date();
  const total = findTotal(page);
  const currency = findCurrency(page);
  const preferredDateOrder =
    options.preferredDateOrder ?? (currency && MONTH_FIRST_CURRENCIES.has(currency.code) ? 'month-first' : 'day-first');
  const date = findDate(page, { now, preferredOrder: preferredDateOrder });
  const merchant = findMerchant(page);
  return {
    total: total && total.cents > 0 ? { value: total.decimal, box: total.box } : null,
    currency: currency && { value: currency.code, box: currency.box },
    date: date && { value: date.iso, box: date.box },
    merchant: merchant && { value: merchant.name, box: merchant.box },
  };
}
