/**
 * The quick-add view in real Chromium, on the real Dexie database: keyboard-only entry, Enter
 * saves, Esc closes, the main form's validation messages, the remembered choices, receipts from
 * the tray drop and from a paste, and an offline save that writes row and outbox together.
 * `window.courier` is a recording fake: main is the Electron boundary here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { EventName, EventPayload } from '@shared/contract';
import { todayIso } from '@shared/dates';
import { DEFAULT_SETTINGS, type AppSettings, type SettingsState } from '@shared/settings';
import { CourierDatabase } from '@renderer/db/database';
import QuickAddView from '@renderer/views/QuickAddView.vue';
import ExpensesView from '@renderer/views/ExpensesView.vue';
import { QUICK_ADD_MEMORY_KEY } from '@renderer/quick-add/draft';
import { setMeta } from '@renderer/db/meta';
import { todayInLocale } from '../../support/browser/dates';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedReferenceData, testDbName } from '../../support/browser/seed';
import { makePdf } from '../../support/browser/receipt-files';
import { axeReport } from '../../support/browser/axe';

interface FakeCourier {
  calls: Array<{ name: string; request: unknown }>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  settings: AppSettings;
}

function installFakeCourier(settings: Partial<AppSettings> = {}): FakeCourier {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const fake: FakeCourier = {
    calls: [],
    settings: { ...DEFAULT_SETTINGS, ...settings },
    emit(event, payload) {
      listeners.get(event)?.forEach((listener) => listener(payload));
    },
  };
  const state = (): SettingsState => ({
    settings: fake.settings,
    shortcut: { ok: true, accelerator: fake.settings.quickAddShortcut },
    startAtLoginSupported: true,
  });
  const record = (name: string, answer: (request: unknown) => unknown) => async (request?: unknown) => {
    fake.calls.push({ name, request });
    return answer(request);
  };
  window.courier = {
    quickAddClose: record('quickAddClose', () => null),
    quickAddSaved: record('quickAddSaved', () => null),
    quickAddOpenMain: record('quickAddOpenMain', () => null),
    settingsGet: record('settingsGet', () => state()),
    on: (event: string, listener: (payload: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
  } as unknown as NonNullable<Window['courier']>;
  return fake;
}

let m: Mounted | null = null;
let fake: FakeCourier;
beforeEach(() => {
  localStorage.removeItem(QUICK_ADD_MEMORY_KEY);
  fake = installFakeCourier();
});
afterEach(async () => {
  await m?.cleanup();
  m = null;
  delete window.courier;
});

const $ = <T extends HTMLElement = HTMLInputElement>(name: string): T => {
  const el = m!.host.querySelector<T>(`[data-testid="quick-add"] [name="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
};
const errorFor = (name: string): string | undefined => {
  const id = $(name).getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent?.trim() : undefined;
};

/** Poll an async read (IndexedDB) until it yields something. */
async function eventually<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = await read();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function mountQuickAdd(db?: CourierDatabase): Promise<Mounted> {
  const mounted = await mountWithDb(QuickAddView, { width: 440, height: 560, ...(db ? { db, keepDb: false } : {}) });
  await seedReferenceData(mounted.db);
  await until(() => mounted.host.querySelectorAll('[name="workspaceId"] option').length > 1, 'projects listed');
  return mounted;
}

describe('quick-add window', () => {
  it('with no projects says what to do instead of a form that cannot save, and opens the main window for it', async () => {
    m = await mountWithDb(QuickAddView, { width: 440, height: 560 });
    const section = await until(() => m!.host.querySelector('[data-testid="no-projects"]'), 'no-projects notice');
    expect(m.host.querySelector('form')).toBeNull();
    expect(section.querySelector('h2')!.textContent).toBe('No projects on this computer yet');
    expect(section.textContent).toContain('Connect your Kantata account in the main window');
    const open = section.querySelector<HTMLButtonElement>('[data-testid="no-projects-open-main"]')!;
    expect(open.textContent!.trim()).toBe('Connect to Kantata');
    expect((await axeReport()).violations).toEqual([]);
    // Enter does not try to save anything; the action opens the main window at Account.
    await userEvent.keyboard('{Enter}');
    expect(await m.db.expenses.count()).toBe(0);
    await userEvent.click(open);
    expect(fake.calls.filter((c) => c.name === 'quickAddOpenMain')).toEqual([{ name: 'quickAddOpenMain', request: { view: 'account' } }]);

    // Connected but nothing downloaded yet: sync in the main window (the expenses view).
    await setMeta('account', { userId: '7', fullName: 'Ada Lovelace', email: 'ada@example.com' }, m.db);
    await until(() => open.textContent!.trim() === 'Open Expense Courier', 'connected wording');
    expect(section.textContent).toContain('Sync in the main window');
    await userEvent.click(open);
    expect(fake.calls.filter((c) => c.name === 'quickAddOpenMain').at(-1)).toEqual({ name: 'quickAddOpenMain', request: { view: 'expenses' } });

    // The projects arrive: the form takes the notice's place, ready to type in.
    await seedReferenceData(m.db);
    await until(() => m!.host.querySelector('[data-testid="quick-add"] [name="amount"]'), 'form');
    expect(m.host.querySelector('[data-testid="no-projects"]')).toBeNull();
    await until(() => document.activeElement === $('amount'), 'amount focused');
  });

  it('records an expense with the keyboard only: type, Tab, Enter', async () => {
    m = await mountQuickAdd();
    expect(document.activeElement).toBe($('amount'));
    await userEvent.keyboard('12.50');
    await userEvent.keyboard('{Tab}'); // currency: empty means the project's
    await userEvent.keyboard('{Tab}A'); // project: type-ahead to "Apollo rollout"
    await userEvent.keyboard('{Tab}T'); // category: "Travel"
    await userEvent.keyboard('{Tab}'); // date: today already
    await userEvent.keyboard('{Tab} '); // billable on
    await userEvent.keyboard('{Tab}'); // reimbursable stays on
    await userEvent.keyboard('{Tab}Taxi to the client');
    expect(document.activeElement).toBe($('notes'));
    await userEvent.keyboard('{Enter}');

    const row = await eventually(async () => (await m!.db.expenses.toArray())[0], 'row stored');
    expect(row).toMatchObject({
      workspaceId: 'w1',
      categoryId: 'c1',
      category: 'Travel',
      amountCents: 1250,
      currency: 'USD',
      foreignAmount: null,
      date: todayIso(),
      billable: true,
      reimbursable: true,
      notes: 'Taxi to the client',
      syncState: 'pending',
    });
    expect(await m.db.outbox.toArray()).toEqual([expect.objectContaining({ expenseId: row.id, kind: 'create' })]);
    await until(() => m!.host.querySelector('[data-testid="quick-add-saved"]'), 'confirmation');
    expect(m.host.querySelector('[data-testid="quick-add-saved"]')!.textContent).toContain('Saved: $12.50 · Travel');
    await until(() => fake.calls.some((c) => c.name === 'quickAddSaved'), 'main told');
    expect(fake.calls.find((c) => c.name === 'quickAddSaved')!.request).toEqual({ expenseId: row.id });
    // Ready for the next one: amount empty and focused, the project and category kept.
    expect($('amount').value).toBe('');
    expect(document.activeElement).toBe($('amount'));
    expect($<HTMLSelectElement>('workspaceId').value).toBe('w1');
  });

  it('closes with Esc through main, and starts clean on the next open', async () => {
    m = await mountQuickAdd();
    await userEvent.keyboard('99');
    await userEvent.keyboard('{Escape}');
    await until(() => fake.calls.some((c) => c.name === 'quickAddClose'), 'quickAddClose called');
    expect(fake.calls.filter((c) => c.name === 'quickAddClose')).toHaveLength(1);
    expect($('amount').value).toBe('');
    expect(await m.db.expenses.count()).toBe(0);
    $('notes').focus();
    fake.emit('openQuickAdd', { source: 'shortcut', receipts: [], notices: [] });
    await until(() => document.activeElement === $('amount'), 'amount focused on open');
  });

  it('shows exactly the messages the main form shows for the same input, and saves nothing', async () => {
    m = await mountQuickAdd();
    await userEvent.fill($('amount'), '12.345');
    await userEvent.selectOptions($<HTMLSelectElement>('workspaceId'), 'w1');
    await userEvent.fill($('date'), '02/30/2026');
    await userEvent.keyboard('{Enter}');
    await until(() => errorFor('amount'), 'amount message');
    const quick = { amount: errorFor('amount'), date: errorFor('date'), category: errorFor('categoryId') };
    expect(document.activeElement).toBe($('amount'));
    expect(await m.db.expenses.count()).toBe(0);
    expect(await m.db.outbox.count()).toBe(0);
    await m.cleanup();

    // The same wrong input in the main window's form.
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await until(() => !m!.host.querySelector<HTMLButtonElement>('[data-testid="new-expense"]')?.disabled, 'toolbar');
    await userEvent.click(m.host.querySelector<HTMLElement>('[data-testid="new-expense"]')!);
    const form = await until(() => m!.host.querySelector('[data-testid="expense-form"]'), 'main form');
    const main = (name: string) => form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
    await userEvent.selectOptions(main('workspaceId'), 'w1');
    await userEvent.fill(main('amount'), '12.345');
    await userEvent.fill(main('date'), '02/30/2026');
    await userEvent.click(form.querySelector<HTMLElement>('button[type="submit"]')!);
    const mainError = (name: string) => document.getElementById(main(name).getAttribute('aria-describedby') ?? '')?.textContent?.trim();
    await until(() => mainError('amount'), 'main form messages');
    expect(quick).toEqual({ amount: mainError('amount'), date: mainError('date'), category: mainError('categoryId') });
    expect(quick).toEqual({
      amount: 'USD amounts have at most 2 decimals',
      date: `Type the date as ${todayInLocale('en-US')}`,
      category: 'Choose a category',
    });
  });

  it('remembers the last project, category and currency, also in a new window', async () => {
    m = await mountQuickAdd();
    await userEvent.fill($('amount'), '30');
    await userEvent.fill($('currency'), 'eur');
    await userEvent.selectOptions($<HTMLSelectElement>('workspaceId'), 'w3');
    await userEvent.selectOptions($<HTMLSelectElement>('categoryId'), 'c4');
    await userEvent.keyboard('{Enter}');
    const row = await eventually(async () => (await m!.db.expenses.toArray())[0], 'row');
    // EUR on a JPY project: a foreign amount Kantata converts.
    expect(row).toMatchObject({ workspaceId: 'w3', categoryId: 'c4', foreignAmount: { value: '30.00', currency: 'EUR' }, amountCents: 0 });
    expect([$('currency').value, $<HTMLSelectElement>('workspaceId').value, $<HTMLSelectElement>('categoryId').value]).toEqual(['EUR', 'w3', 'c4']);
    await m.cleanup();

    m = await mountQuickAdd();
    expect([$('currency').value, $<HTMLSelectElement>('workspaceId').value, $<HTMLSelectElement>('categoryId').value]).toEqual(['EUR', 'w3', 'c4']);
    expect($('amount').value).toBe('');
  });

  it('starts in the default currency from Settings when nothing is remembered', async () => {
    fake = installFakeCourier({ defaultCurrency: 'CHF' });
    m = await mountQuickAdd();
    await until(() => $('currency').value === 'CHF', 'default currency');
  });

  it('attaches a receipt dropped on the tray icon, and one pasted into the window', async () => {
    m = await mountQuickAdd();
    const pdf = makePdf(['Taxi receipt']);
    fake.emit('openQuickAdd', { source: 'drop', receipts: [{ name: 'taxi.pdf', mime: 'application/pdf', bytes: new Uint8Array(pdf) }], notices: ['notes.txt is not an image or a PDF, so it cannot be a receipt.'] });
    await until(() => m!.host.querySelector('[data-testid="receipt-name"]')?.textContent === 'taxi.pdf', 'dropped receipt shown');
    expect(m.host.querySelector('[data-testid="quick-add-notice"]')!.textContent).toContain('notes.txt is not an image');
    await userEvent.fill($('amount'), '18');
    await userEvent.selectOptions($<HTMLSelectElement>('workspaceId'), 'w1');
    await userEvent.selectOptions($<HTMLSelectElement>('categoryId'), 'c1');
    await userEvent.keyboard('{Enter}');
    const first = await eventually(async () => (await m!.db.expenses.toArray())[0], 'row');
    const receipt = await m.db.receipts.get(first.receiptId!);
    expect(receipt).toMatchObject({ name: 'taxi.pdf', mime: 'application/pdf' });

    // Paste a screenshot (an image on the clipboard) into the open window.
    const canvas = document.createElement('canvas');
    canvas.width = 600;
    canvas.height = 800;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 600, 800);
    g.fillStyle = '#000';
    g.font = '40px sans-serif';
    g.fillText('HOTEL 123.00', 40, 100);
    const png = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([png], 'screenshot.png', { type: 'image/png' }));
    const field = () => m!.host.querySelector('[data-testid="receipt-field"]');
    await until(() => field()?.getAttribute('data-state') === 'none', 'receipt cleared for the next entry');
    $('amount').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await until(() => field()?.getAttribute('data-state') === 'local', 'pasted receipt stored');
    await userEvent.fill($('amount'), '123');
    await userEvent.keyboard('{Enter}');
    const second = await eventually(async () => (await m!.db.expenses.toArray()).find((e) => e.amountCents === 12300), 'second row');
    expect(await m.db.receipts.get(second.receiptId!)).toMatchObject({ mime: 'image/png' });
  });

  // Offline for real (no network at all) is the e2e test's job: Playwright's offline mode would
  // also cut this page off the Vitest server. Here: the save needs nothing but IndexedDB.
  it('saves the expense row and its outbox entry in one transaction, and nothing else', async () => {
    const db = new CourierDatabase(testDbName('quick-offline'));
    const writes: Array<{ tables: string[]; mode: string }> = [];
    db.use({
      stack: 'dbcore',
      name: 'record-transactions',
      create: (down) => ({
        ...down,
        transaction: (tables, mode, options) => {
          if (mode === 'readwrite') writes.push({ tables: [...tables].sort(), mode });
          return down.transaction(tables, mode, options);
        },
      }),
    });
    m = await mountQuickAdd(db);
    writes.length = 0;
    await userEvent.fill($('amount'), '7.20');
    await userEvent.selectOptions($<HTMLSelectElement>('workspaceId'), 'w2');
    await userEvent.selectOptions($<HTMLSelectElement>('categoryId'), 'c4');
    await userEvent.keyboard('{Enter}');
    await until(() => m!.host.querySelector('[data-testid="quick-add-saved"]'), 'saved');
    expect(writes).toEqual([{ tables: ['expenses', 'outbox'], mode: 'readwrite' }]);
    const [row] = await db.expenses.toArray();
    expect(row).toMatchObject({ workspaceId: 'w2', amountCents: 720, currency: 'EUR', syncState: 'pending' });
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ expenseId: row!.id, kind: 'create' })]);
  });
});
