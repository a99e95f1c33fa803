import { describe, expect, it } from 'vitest';
import { mendDigitConfusions } from '../../../src/shared/receipt-reading/dates';
import { extractReceiptFields } from '../../../src/shared/receipt-reading/extract';
import { pageFromText } from '../../support/common/receipt-page';

const NOW = new Date('2026-06-15T12:00:00Z');
const read = (text: string) => {
  const fields = extractReceiptFields(pageFromText(text), { now: NOW });
  return {
    total: fields.total?.value ?? null,
    currency: fields.currency?.value ?? null,
    date: fields.date?.value ?? null,
    merchant: fields.merchant?.value ?? null,
  };
};

describe('total', () => {
  it('takes the TOTAL line, not subtotal, tax, cash or change', () => {
    const text = `SHOP
SUBTOTAL 8.49
GST 6% 0.51
TOTAL 9.00
CASH 20.00
CHANGE 11.00`;
    expect(read(text).total).toBe('9.00');
  });

  it('prefers the rounded total confirmed by the rounding adjustment', () => {
    const text = `Total Sales Inclusive GST 28.31
Rounding Adjustment -0.01
TOTAL: 28.30`;
    expect(read(text).total).toBe('28.30');
  });

  it('keeps a total that its rounding line confirms over a misread rounded total', () => {
    const text = `Total 9.00
Rounding Adjustment 0.00
Rounded Total (RM): 9.60`;
    expect(read(text).total).toBe('9.00');
  });

  it('uses cash minus change when the total line is unconfirmed (a misread digit)', () => {
    const text = `TOTAL RM 14.19
CASH RM 20.00
CHANGE RM 5.90`;
    expect(read(text).total).toBe('14.10');
  });

  it('keeps a total printed on several lines over a misread tender', () => {
    const text = `Total 5.00
Total After Rounding 5.00
Cash 10.02
CHANGE 5.00`;
    expect(read(text).total).toBe('5.00');
  });

  it('reads the amount on the line after a label that has none', () => {
    const text = `GRAND TOTAL
RM 42.90
CASH 50.00`;
    expect(read(text).total).toBe('42.90');
  });

  it('reads European decimal commas and thousands separators', () => {
    expect(read('Zwischensumme 1.100,00\nSUMME EUR 1.234,50\nGegeben 1.300,00').total).toBe('1234.50');
    expect(read('Sous-total 10,00\nTOTAL TTC 12,50 €').total).toBe('12.50');
    expect(read('Subtotal 1,180.00\nAmount due $1,234.56').total).toBe('1234.56');
  });

  it('ignores quantity totals and tax totals', () => {
    const text = `Total Qty: 3 51.42
TOTAL 54.50
TAX TOTAL: 3.08`;
    expect(read(text).total).toBe('54.50');
  });

  it('mends O for 0 inside amounts', () => {
    expect(read('TOTAL 12.5O').total).toBe('12.50');
  });

  it('falls back to the cash paid when no total is labelled', () => {
    expect(read('NOODLES 7.00 21.00\nSUB TOTAL 21.00\nCash 22.25').total).toBe('22.25');
  });

  it('is null when the receipt shows no amount', () => {
    expect(read('THANK YOU\nPLEASE COME AGAIN').total).toBeNull();
  });
});

describe('currency', () => {
  it.each([
    ['TOTAL RM 9.00', 'MYR'],
    ['TOTAL € 9,00', 'EUR'],
    ['TOTAL £9.00', 'GBP'],
    ['TOTAL CHF 9.00', 'CHF'],
    ['Total 9.00 SFr.', 'CHF'],
    ['TOTAL S$ 9.00', 'SGD'],
    ['ATT BETALA 129,00 kr', 'SEK'],
    ['Norge AS\nMVA 25%\nTOTALT kr 129,00', 'NOK'],
    ['Amount due $12.00', 'USD'],
    ['TOTAL ¥1200', 'JPY'],
    ['Summe 12,00 EUR', 'EUR'],
  ])('%s → %s', (text, code) => {
    expect(read(text).currency).toBe(code);
  });

  it('takes the country from the receipt when no sign was read', () => {
    expect(read('KEDAI ABC SDN BHD\nTOTAL 9.00').currency).toBe('MYR');
  });

  it('is null without any evidence', () => {
    expect(read('TOTAL 9.00').currency).toBeNull();
  });
});

describe('date', () => {
  it.each([
    ['Date: 25/12/2025 8:13:39', '2025-12-25'],
    ['Date: 2026-03-23', '2026-03-23'],
    ['28-04-26 10:15', '2026-04-28'],
    ['19.10.2025', '2025-10-19'],
    ['Date: 25 Mar 2026 9:27PM', '2026-03-25'],
    ['March 5, 2026', '2026-03-05'],
    ['Datum: 3. Mai 2026', '2026-05-03'],
    ['Le 14 juil. 2025', '2025-07-14'],
  ])('%s → %s', (text, iso) => {
    expect(read(text).date).toBe(iso);
  });

  it('reads an ambiguous date day-first by default', () => {
    expect(read('TOTAL RM 9.00\nDate: 05/02/2026').date).toBe('2026-02-05');
  });

  it('reads an ambiguous date month-first on a dollar receipt', () => {
    expect(read('Amount due $12.00\nDate: 05/02/2026').date).toBe('2026-05-02');
  });

  it('follows the order another date on the receipt proves', () => {
    expect(read('Order 12/25/2025\nDate: 01/02/2026').date).toBe('2026-01-02');
  });

  it('does not take a time written with dots for a date', () => {
    expect(read('Date: 05/02/2026\nTime. 11.14.00').date).toBe('2026-02-05');
  });

  it('prefers the reading that is not in the future', () => {
    // Day-first would be 3 July 2026, weeks ahead of "now": month-first (7 March 2026) wins.
    expect(read('Date: 03/07/2026').date).toBe('2026-03-07');
  });

  it('skips due and expiry dates', () => {
    expect(read('Due date: 30/06/2026\nDate: 01/06/2026').date).toBe('2026-06-01');
  });

  it('reads two-digit years in this century unless that is in the future', () => {
    expect(read('Date: 29-01-18').date).toBe('2018-01-29');
  });

  it('is null without a date', () => {
    expect(read('TOTAL 9.00').date).toBeNull();
  });

  it.each([
    ['Date: I7/O3/2O17', '2017-03-17'],
    ['Date: 0S-02-18', '2018-02-05'],
    ['Date: 2B.O4.2O26 10:15', '2026-04-28'],
    ['Date: Z5/l2/2025', '2025-12-25'],
  ])('mends letters read for digits inside a date: %s → %s', (text, iso) => {
    expect(read(text).date).toBe(iso);
  });

  it('keeps words and month names next to a date as they are', () => {
    expect(mendDigitConfusions('BILL 2018-DEC-05 SOLD')).toBe('BILL 2018-DEC-05 SOLD');
    expect(mendDigitConfusions('SDN BHD 12-DIS-2018')).toBe('SDN BHD 12-DIS-2018');
    expect(read('Date: 05-DEC-2025').date).toBe('2025-12-05');
    expect(read('Tarikh: 12-DIS-2025').date).toBe('2025-12-12');
  });

  it('reads a slashed zero misread as 8 where the 8 makes the date impossible', () => {
    expect(read('CASH1 #10-02 17/83/2817 21:35').date).toBe('2017-03-17');
    // Only the impossible group is mended: the 8 in a real 18 stays.
    expect(read('18/83/2018 21:35').date).toBe('2018-03-18');
  });

  it('keeps a possible date with an 8 as it is', () => {
    expect(read('Date: 18/08/2025').date).toBe('2025-08-18');
  });

  it('prefers a clean date to one that needed mending', () => {
    expect(read('Ref 12/88/2025\nDate: 14/05/2026').date).toBe('2026-05-14');
    expect(read('Date: 12/88/2025\nPrinted 14/05/2026 10:00').date).toBe('2026-05-14');
  });
});

describe('merchant', () => {
  it('takes the line with a legal form and drops the registration number', () => {
    const text = `tan woon yann
BOOK TA .K (TAMAN DAYA) SDN BHD (742014-W)
NO.53 55,57 & 59, JALAN SAGU 18,
TAX INVOICE`;
    expect(read(text).merchant).toBe('BOOK TA .K (TAMAN DAYA) SDN BHD');
  });

  it('joins a bare legal form to the name above it', () => {
    expect(read('GARDENIA BAKERIES (KL)\nSDN BHD\nLOT 3, JALAN 1').merchant).toBe('GARDENIA BAKERIES (KL) SDN BHD');
  });

  it('passes over titles, addresses and phone numbers to the first name line', () => {
    const text = `TAX INVOICE
THREE STOOGES
109, SS21/14,
TEL: 03-7731 8169`;
    expect(read(text).merchant).toBe('THREE STOOGES');
  });

  it('prefers a clearly larger name just below a small header', () => {
    const text = `Welcome to
Branch 12 Kepong
# ZEN AND COFFEE
No 53, Jalan 3/62A`;
    expect(read(text).merchant).toBe('ZEN AND COFFEE');
  });

  it('does not take the owner named after "owned by" for the shop', () => {
    const text = `SANYU STATIONERY SHOP
NO. 31G&33G, JALAN SETIA INDAH
Owned By :
SANYU SUPPLY SDN BHD (1135772-K)`;
    expect(read(text).merchant).toBe('SANYU STATIONERY SHOP');
  });

  it('takes a business word line (Syarikat, Enterprise) over a taller place name', () => {
    const text = `SYARIKAT PERNIAGAAN GIN KEE
# SETAPAK
53200, KUALA LUMPUR.`;
    expect(read(text).merchant).toBe('SYARIKAT PERNIAGAAN GIN KEE');
  });

  it('reads German and French receipts', () => {
    expect(read('Bäckerei Müller GmbH\nHauptstraße 5\n10115 Berlin').merchant).toBe('Bäckerei Müller GmbH');
    expect(read('CHEZ PAUL SARL\n12 rue de la Paix\n75002 Paris').merchant).toBe('CHEZ PAUL SARL');
  });

  it('is null when the top holds only noise', () => {
    expect(read('~~ ~\n12345\n|| .').merchant).toBeNull();
  });
});

describe('boxes', () => {
  it('points each field at the words it was read from', () => {
    const fields = extractReceiptFields(pageFromText('ACME LTD\nDate: 01/06/2026\nTOTAL RM 9.00'), { now: NOW });
    expect(fields.total?.box).toEqual({ x0: 90, y0: 40, x1: 130, y1: 56 });
    expect(fields.date?.box).toEqual({ x0: 60, y0: 20, x1: 160, y1: 36 });
    expect(fields.merchant?.box).toEqual({ x0: 0, y0: 0, x1: 80, y1: 16 });
    expect(fields.currency?.box).toEqual({ x0: 60, y0: 40, x1: 80, y1: 56 });
  });
});
