/**
 * Receipt reading in the quick-add window, in Chromium with the packaged tesseract.js worker and
 * real IndexedDB: a receipt dropped on the tray icon or pasted fills the empty fields the way the
 * main form does (the same rules: never what the user typed), each with Undo, and the entry saves
 * with what was read. The category is suggested from the user's history with the merchant or
 * vendor, read from the database; the language data is the setting's, as of each receipt.
 * `window.courier` is a recording fake: main is the Electron boundary here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { DEFAULT_SETTINGS, type AppSettings, type SettingsState } from '@shared/settings';
import { newLocalExpense } from '@shared/model/expense';
import QuickAddView from '@renderer/views/QuickAddView.vue';
import { QUICK_ADD_MEMORY_KEY } from '@renderer/quick-add/draft';
import { disposeReader, readerStatus } from '@renderer/receipt-reading/reader';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedExpenses, seedReferenceData, taxiFields } from '../../support/browser/seed';
import { receiptPhoto } from '../../support/browser/receipt-image';

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

let m: Mounted | null = null;
let settings: AppSettings = DEFAULT_SETTINGS;
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const emit = (event: string, payload: unknown): void => listeners.get(event)?.forEach((listener) => listener(payload));

beforeEach(() => {
  localStorage.removeItem(QUICK_ADD_MEMORY_KEY);
  listeners.clear();
  settings = DEFAULT_SETTINGS;
  const state = (): SettingsState => ({
    settings,
    shortcut: { ok: true, accelerator: DEFAULT_SETTINGS.quickAddShortcut },
    startAtLoginSupported: true,
  });
  window.courier = {
    quickAddClose: async () => null,
    quickAddSaved: async () => null,
    quickAddOpenMain: async () => null,
    settingsGet: async () => state(),
    on: (event: string, listener: (payload: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
  } as unknown as NonNullable<Window['courier']>;
});
afterEach(async () => {
  await m?.cleanup();
  m = null;
  delete window.courier;
  disposeReader();
});

const $ = <T extends HTMLElement = HTMLInputElement>(name: string): T => {
  const el = m!.host.querySelector<T>(`[data-testid="quick-add"] [name="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
};
const readingStatus = (): string | undefined => m!.host.querySelector<HTMLElement>('[data-testid="receipt-reading"]')?.dataset.status;
const readFields = (): string[] => [...m!.host.querySelectorAll<HTMLElement>('[data-testid="read-field"]')].map((el) => el.dataset.field ?? '').sort();

async function mountQuickAdd(): Promise<Mounted> {
  const mounted = await mountWithDb(QuickAddView, { width: 440, height: 560 });
  await seedReferenceData(mounted.db);
  await until(() => mounted.host.querySelectorAll('[name="workspaceId"] option').length > 1, 'projects listed');
  return mounted;
}

async function savedRow() {
  for (let i = 0; i < 500; i++) {
    const [row] = await m!.db.expenses.toArray();
    if (row) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no row saved');
}

describe('reading a receipt in the quick-add window', () => {
  it('fills the amount, date and note from a receipt dropped on the tray icon, with Undo, and saves them', async () => {
    m = await mountQuickAdd();
    const photo = await receiptPhoto(HOTEL, 'hilton.png');
    emit('openQuickAdd', { source: 'drop', receipts: [{ name: 'hilton.png', mime: 'image/png', bytes: new Uint8Array(await photo.arrayBuffer()) }], notices: [] });
    await userEvent.selectOptions($<HTMLSelectElement>('workspaceId'), 'w2');
    await until(() => readingStatus() === 'done', 'reading done', 60_000);

    expect($('amount').value).toBe('204.50');
    expect($('date').value).toBe('03/14/2026');
    expect($('notes').value).toBe('HILTON BERLIN GMBH');
    expect(readFields()).toEqual(['amount', 'date', 'notes']);
    // No receipt viewer in this window: nothing offers to show a spot on the receipt.
    expect(m.host.querySelector('[data-testid="read-field-show"]')).toBeNull();

    // Undo the note: it goes back to empty, the other read values stay.
    await userEvent.click(m.host.querySelector<HTMLElement>('[data-testid="read-field"][data-field="notes"] [data-testid="read-field-undo"]')!);
    expect($('notes').value).toBe('');
    expect(readFields()).toEqual(['amount', 'date']);

    await userEvent.selectOptions($<HTMLSelectElement>('categoryId'), 'c3');
    $('amount').focus();
    await userEvent.keyboard('{Enter}');
    const row = await savedRow();
    expect(row).toMatchObject({ workspaceId: 'w2', amountCents: 20450, currency: 'EUR', date: '2026-03-14', notes: '' });
    expect(row.receiptId).toBeTruthy();
  });

  it('never overwrites what the user typed before the receipt was read', async () => {
    m = await mountQuickAdd();
    emit('openQuickAdd', { source: 'shortcut', receipts: [], notices: [] });
    await userEvent.selectOptions($<HTMLSelectElement>('workspaceId'), 'w2');
    await userEvent.fill($('amount'), '99');
    await userEvent.fill($('notes'), 'Team dinner');

    const data = new DataTransfer();
    data.items.add(await receiptPhoto(HOTEL, 'hilton.png'));
    $('amount').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await until(() => readingStatus() === 'done', 'reading done', 60_000);

    expect($('amount').value).toBe('99');
    expect($('notes').value).toBe('Team dinner');
    expect($('date').value).toBe('03/14/2026');
    expect(readFields()).toEqual(['date']);
  });

  /** An earlier expense in the book, as the user saved it (or downloaded from Kantata). */
  const past = (fields: { notes: string; categoryId: string; date: string; vendorId?: string | null }, deleted = false) => ({
    ...newLocalExpense({ ...taxiFields, workspaceId: 'w1', vendorId: null, ...fields }, { now: Date.parse(`${fields.date}T12:00:00Z`) }),
    deleted,
  });

  it('suggests the category of the latest earlier expense whose notes name the merchant, from the database', async () => {
    m = await mountQuickAdd();
    await seedExpenses(m.db, 300);
    await m.db.expenses.bulkAdd([
      past({ notes: 'Hilton Berlin GmbH', categoryId: 'c4', date: '2025-11-02' }),
      past({ notes: 'HILTON BERLIN', categoryId: 'c3', date: '2026-01-20' }),
      // Newer, but deleted: not history any more.
      past({ notes: 'HILTON BERLIN GMBH', categoryId: 'c6', date: '2026-02-01' }, true),
    ]);
    emit('openQuickAdd', { source: 'shortcut', receipts: [], notices: [] });
    await userEvent.selectOptions($<HTMLSelectElement>('workspaceId'), 'w2');
    const data = new DataTransfer();
    data.items.add(await receiptPhoto(HOTEL, 'hilton.png'));
    $('amount').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await until(() => readingStatus() === 'done', 'reading done', 60_000);

    expect($<HTMLSelectElement>('categoryId').value).toBe('c3');
    expect(readFields()).toEqual(['amount', 'categoryId', 'date', 'notes']);
    await userEvent.click(m.host.querySelector<HTMLElement>('[data-testid="read-field"][data-field="categoryId"] [data-testid="read-field-undo"]')!);
    expect($<HTMLSelectElement>('categoryId').value).toBe('');
  });

  it('suggests the category the user chose before for the vendor the merchant matches, and never over a chosen one', async () => {
    m = await mountQuickAdd();
    // Hilton (v2) is a cached Kantata vendor: its expenses count even when their notes say other things.
    await m.db.expenses.bulkAdd([
      past({ notes: 'Team offsite', categoryId: 'c5', date: '2026-02-10', vendorId: 'v2' }),
      past({ notes: 'Hilton breakfast', categoryId: 'c4', date: '2025-12-01', vendorId: null }),
      past({ notes: 'Flight', categoryId: 'c1', date: '2026-03-01', vendorId: 'v1' }),
    ]);
    const photo = new Uint8Array(await (await receiptPhoto(HOTEL, 'hilton.png')).arrayBuffer());
    emit('openQuickAdd', { source: 'drop', receipts: [{ name: 'hilton.png', mime: 'image/png', bytes: photo }], notices: [] });
    await until(() => readingStatus() === 'done', 'reading done', 60_000);
    expect($<HTMLSelectElement>('categoryId').value).toBe('c5');
    expect(readFields()).toContain('categoryId');

    // A category the user picked before the receipt was read stays.
    emit('openQuickAdd', { source: 'shortcut', receipts: [], notices: [] });
    await until(() => $<HTMLSelectElement>('categoryId').value === '' && readingStatus() !== 'done', 'a fresh entry');
    await userEvent.selectOptions($<HTMLSelectElement>('workspaceId'), 'w2');
    await userEvent.selectOptions($<HTMLSelectElement>('categoryId'), 'c2');
    const data = new DataTransfer();
    data.items.add(await receiptPhoto(HOTEL, 'hilton.png'));
    $('amount').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await until(() => readingStatus() === 'done', 'reading done', 60_000);
    expect($<HTMLSelectElement>('categoryId').value).toBe('c2');
    expect(readFields()).not.toContain('categoryId');
  });

  it('reads with the language data the setting names, and a changed setting applies to the next receipt', async () => {
    settings = { ...DEFAULT_SETTINGS, receiptReadingLanguage: 'fra' };
    m = await mountQuickAdd();
    const bakery = ['BRASSERIE DU MARCHÉ', 'Le 12/03/2026 à 12:15', 'TOTAL TTC 14,50 €'];
    const drop = async () =>
      emit('openQuickAdd', {
        source: 'drop',
        receipts: [{ name: 'creperie.png', mime: 'image/png', bytes: new Uint8Array(await (await receiptPhoto(bakery, 'creperie.png')).arrayBuffer()) }],
        notices: [],
      });
    await drop();
    await until(() => readingStatus() === 'done', 'reading done', 60_000);
    expect($('notes').value).toBe('BRASSERIE DU MARCHÉ');
    expect(readerStatus().engine).toEqual({ language: 'fra', live: 1 });

    settings = { ...settings, receiptReadingLanguage: 'eng' };
    emit('settingsChanged', { settings, shortcut: { ok: true, accelerator: settings.quickAddShortcut }, startAtLoginSupported: true });
    await drop();
    await until(() => readingStatus() === 'done' && readerStatus().engine?.language === 'eng', 'read again in English', 60_000);
    expect(readerStatus().engine).toEqual({ language: 'eng', live: 1 });
    expect(readerStatus().worker).toBe(true);
  });
});

