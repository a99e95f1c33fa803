/**
 * Receipt reading in the quick-add window, in Chromium with the packaged tesseract.js worker and
 * real IndexedDB: a receipt dropped on the tray icon or pasted fills the empty fields the way the
 * main form does (the same rules: never what the user typed), each with Undo, and the entry saves
 * with what was read. `window.courier` is a recording fake: main is the Electron boundary here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { DEFAULT_SETTINGS, type SettingsState } from '@shared/settings';
import QuickAddView from '@renderer/views/QuickAddView.vue';
import { QUICK_ADD_MEMORY_KEY } from '@renderer/quick-add/draft';
import { disposeReader } from '@renderer/receipt-reading/reader';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedReferenceData } from '../../support/browser/seed';
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
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const emit = (event: string, payload: unknown): void => listeners.get(event)?.forEach((listener) => listener(payload));

beforeEach(() => {
  localStorage.removeItem(QUICK_ADD_MEMORY_KEY);
  listeners.clear();
  const state = (): SettingsState => ({
    settings: DEFAULT_SETTINGS,
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
});
