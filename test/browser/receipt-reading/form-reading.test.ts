/**
 * Receipt reading in the real expenses view, in Chromium: the reading worker with tesseract.js,
 * its WebAssembly core and the packaged English traineddata, on real IndexedDB. A receipt dropped
 * on the form fills only the empty fields, marks each as read from the receipt with Undo, suggests
 * the vendor and the category from history, never overwrites what the user typed (before or while
 * reading runs), and closing the form cancels the reading.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import ExpensesView from '@renderer/views/ExpensesView.vue';
import { disposeReader, readerStatus } from '@renderer/receipt-reading/reader';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedReferenceData, syntheticExpense } from '../../support/browser/seed';
import { receiptPhoto } from '../../support/browser/receipt-image';
import { textPdf } from '../../support/common/text-pdf';
import { dragAndDrop, transferOf } from '../receipts/files';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
  disposeReader();
});

const HOTEL = [
  'HILTON BERLIN GMBH',
  'Mohrenstrasse 30, 10117 Berlin',
  'Datum: 14.03.2026 12:31',
  'Zimmer 1 Nacht          180,00',
  'Fruehstueck              24,50',
  'Zwischensumme           204,50',
  'SUMME EUR               204,50',
  'MwSt 7% enthalten        13,38',
];

const q = <T extends HTMLElement = HTMLElement>(selector: string): T => {
  const el = m!.host.querySelector<T>(selector);
  if (!el) throw new Error(`No element ${selector}`);
  return el;
};
const field = <T extends HTMLElement = HTMLInputElement>(name: string) => q<T>(`[data-testid="expense-form"] [name="${name}"]`);
const readFields = (): string[] =>
  [...m!.host.querySelectorAll<HTMLElement>('[data-testid="read-field"]')].map((el) => el.dataset.field ?? '');
const readingStatus = (): string | undefined => m!.host.querySelector<HTMLElement>('[data-testid="receipt-reading"]')?.dataset.status;

async function openNewForm(): Promise<void> {
  await until(() => m!.host.querySelector('[data-testid="new-expense"]'), 'toolbar');
  await until(() => !q<HTMLButtonElement>('[data-testid="new-expense"]').disabled, 'ready');
  await userEvent.click(q('[data-testid="new-expense"]'));
  await until(() => m!.host.querySelector('[data-testid="expense-form"]'), 'form');
}

async function drop(file: File): Promise<void> {
  dragAndDrop(q('[data-testid="expense-form"] [data-testid="receipt-field"]'), transferOf([file]));
}

describe('reading a receipt in the expense form', () => {
  it('fills the empty fields, marks them as read from the receipt, and Undo puts each back', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    // History: the user filed their last Hilton stay under Lodging (c3).
    await m.db.expenses.put({ ...syntheticExpense(1), id: 'past', vendorId: 'v2', categoryId: 'c3', category: 'Lodging', date: '2026-01-10' });
    await openNewForm();
    await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w2');
    const today = field('date').value;

    await drop(await receiptPhoto(HOTEL, 'hilton.png'));
    await until(() => readingStatus() === 'done', 'reading done', 30_000);

    expect(field('amount').value).toBe('204.50');
    expect(field('date').value).toBe('03/14/2026');
    expect(field<HTMLTextAreaElement>('notes').value).toBe('HILTON BERLIN GMBH');
    expect(field<HTMLSelectElement>('vendorId').value).toBe('v2');
    expect(field<HTMLSelectElement>('categoryId').value).toBe('c3');
    expect(readFields().sort()).toEqual(['amount', 'categoryId', 'date', 'notes', 'vendorId']);
    expect(field('amount').classList.contains('read-from-receipt')).toBe(true);

    // Undo one field: it goes back to what it held (the date to today), the others stay.
    await userEvent.click(q('[data-testid="read-field"][data-field="date"] [data-testid="read-field-undo"]'));
    expect(field('date').value).toBe(today);
    expect(field('amount').value).toBe('204.50');
    expect(readFields()).not.toContain('date');

    // The viewer outlines where the total was found.
    await userEvent.click(q('[data-testid="read-field"][data-field="amount"] [data-testid="read-field-show"]'));
    const spot = await until(() => document.querySelector<HTMLElement>('[data-testid="receipt-highlight"]'), 'highlight');
    // The highlight can be in the page before the photo is decoded and laid out (a 0×0 box then).
    const image = await until(() => {
      const rect = document.querySelector<HTMLElement>('[data-testid="receipt-image"]')?.getBoundingClientRect();
      return rect && rect.width > 0 && rect.height > 0 && spot.getBoundingClientRect().width > 0 ? rect : null;
    }, 'the photo laid out');
    const box = spot.getBoundingClientRect();
    // "204,50" on the SUMME line: the right part of the receipt, seventh of ten line slots.
    expect((box.left - image.left) / image.width).toBeGreaterThan(0.5);
    expect((box.top - image.top) / image.height).toBeGreaterThan(0.6);
    expect((box.bottom - image.top) / image.height).toBeLessThan(0.85);
    await userEvent.keyboard('{Escape}');

    // Undo all: every filled field is empty again.
    await userEvent.click(q('[data-testid="read-undo-all"]'));
    expect(field('amount').value).toBe('');
    expect(field<HTMLTextAreaElement>('notes').value).toBe('');
    expect(field<HTMLSelectElement>('vendorId').value).toBe('');
    expect(readFields()).toEqual([]);
  });

  it('never overwrites what the user typed, before or while the receipt is read', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await openNewForm();
    await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w2');
    await userEvent.fill(field<HTMLTextAreaElement>('notes'), 'Client dinner');

    await drop(await receiptPhoto(HOTEL, 'hilton.png'));
    await until(() => readingStatus() === 'reading', 'reading started');
    // Typing goes on while the receipt is read.
    await userEvent.fill(field('amount'), '99.00');
    await userEvent.fill(field('date'), '11/20/2026');
    await until(() => readingStatus() === 'done', 'reading done', 30_000);

    expect(field('amount').value).toBe('99.00');
    expect(field('date').value).toBe('11/20/2026');
    expect(field<HTMLTextAreaElement>('notes').value).toBe('Client dinner');
    expect(readFields()).toEqual(['vendorId']);
    expect(field<HTMLSelectElement>('vendorId').value).toBe('v2');
  });

  it('a receipt in another currency than the project fills the amount paid and its currency', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await openNewForm();
    await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w1');
    await drop(await receiptPhoto(HOTEL, 'hilton.png'));
    await until(() => readingStatus() === 'done', 'reading done', 30_000);
    expect(field('foreignValue').value).toBe('204.50');
    expect(field('foreignCurrency').value).toBe('EUR');
    expect(m.host.querySelector('[name="amount"]')).toBeNull();
    // Undoing the amount paid also turns "paid in another currency" back off.
    await userEvent.click(q('[data-testid="read-field"][data-field="foreignValue"] [data-testid="read-field-undo"]'));
    expect(m.host.querySelector('[name="foreignValue"]')).toBeNull();
  });

  it('reads a PDF receipt from its text layer', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await openNewForm();
    await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w2');
    const pdf = textPdf(['CAFE LUMIERE SARL', '12 rue de la Paix, 75002 Paris', 'Date: 14/07/2026', 'Sous-total 10,00', 'TOTAL TTC 12,50 EUR']);
    await drop(new File([pdf as BlobPart], 'cafe.pdf', { type: 'application/pdf' }));
    await until(() => readingStatus() === 'done', 'reading done', 30_000);
    expect(field('amount').value).toBe('12.50');
    expect(field('date').value).toBe('07/14/2026');
    expect(field<HTMLTextAreaElement>('notes').value).toBe('CAFE LUMIERE SARL');
  });

  it('closing the form cancels the reading and ends the worker', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await openNewForm();
    await drop(await receiptPhoto(HOTEL, 'hilton.png'));
    await until(() => readerStatus().running, 'a read running in the worker');
    await userEvent.click(q('[data-testid="form-cancel"]'));
    // The dropped receipt is unsaved input: closing asks first, and the user discards it.
    await userEvent.click(await until(() => document.querySelector<HTMLButtonElement>('[data-testid="confirm-ok"]'), 'discard question'));
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'form closed');
    expect(readerStatus()).toEqual({ worker: false, running: false, queued: 0, engine: null });
    expect(await m.db.expenses.count()).toBe(0);
  });
});
