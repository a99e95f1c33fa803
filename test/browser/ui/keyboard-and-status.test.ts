/**
 * Keyboard and focus in the real app (Chromium, real IndexedDB): focus goes back where the user
 * was, unsaved input is never dropped silently, the delete dialog defaults to Cancel and says the
 * truth, the list is one Tab stop; and the sidebar's sync status on a fresh profile and offline.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import App from '@renderer/App.vue';
import { saveExpense } from '@renderer/db/expenses-repo';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedExpenses, seedReferenceData, syntheticExpense, taxiFields } from '../../support/browser/seed';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
});

const $ = <T extends HTMLElement = HTMLElement>(selector: string): T => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`No element ${selector}`);
  return found;
};
const wait = <T extends HTMLElement = HTMLElement>(selector: string): Promise<T> => until(() => document.querySelector<T>(selector), selector);
const gone = (selector: string): Promise<boolean> => until(() => !document.querySelector(selector), `${selector} gone`);
const rowOf = (id: string) => `[data-testid="expense-row"][data-id="${id}"]`;

async function mountApp(): Promise<Mounted> {
  m = await mountWithDb(App, { width: 1280, height: 800 });
  await seedReferenceData(m.db);
  await seedExpenses(m.db, 7);
  await wait('[data-testid="expense-row"]');
  return m;
}

describe('focus and dialogs', () => {
  it('returns focus to the row after Esc and Cancel, and to "New expense" after closing a new form', async () => {
    await mountApp();
    const id = syntheticExpense(2).id;
    $(rowOf(id)).focus();
    await userEvent.keyboard('{Enter}');
    await wait('[data-testid="expense-form"]');
    await userEvent.keyboard('{Escape}');
    await gone('[data-testid="expense-form"]');
    expect(document.activeElement).toBe($(rowOf(id)));

    await userEvent.keyboard('{Enter}');
    await wait('[data-testid="expense-form"]');
    await userEvent.click($('[data-testid="form-cancel"]'));
    await gone('[data-testid="expense-form"]');
    expect(document.activeElement).toBe($(rowOf(id)));

    await userEvent.click($('[data-testid="new-expense"]'));
    await wait('[data-testid="expense-form"]');
    await userEvent.click($('[data-testid="form-close"]'));
    await gone('[data-testid="expense-form"]');
    expect(document.activeElement).toBe($('[data-testid="new-expense"]'));
  });

  it('asks before closing a form with unsaved input; Keep editing keeps it, Discard closes', async () => {
    await mountApp();
    await userEvent.click($('[data-testid="new-expense"]'));
    await wait('[data-testid="expense-form"]');
    await userEvent.fill($('[data-testid="expense-form"] [name="notes"]'), 'half typed');
    await userEvent.keyboard('{Escape}');
    await wait('[data-testid="confirm-dialog"]');
    expect(document.activeElement).toBe($('[data-testid="confirm-cancel"]'));
    expect($('[data-testid="confirm-cancel"]').textContent!.trim()).toBe('Keep editing');
    // Escape answers the dialog only: the form and its draft stay.
    await userEvent.keyboard('{Escape}');
    await gone('[data-testid="confirm-dialog"]');
    expect($<HTMLTextAreaElement>('[data-testid="expense-form"] [name="notes"]').value).toBe('half typed');
    await userEvent.click($('[data-testid="form-cancel"]'));
    await userEvent.click(await wait('[data-testid="confirm-ok"]'));
    await gone('[data-testid="expense-form"]');
    expect(await m!.db.expenses.count()).toBe(7);
  });

  it('defaults the delete dialog to Cancel and does not claim Kantata for an expense that never got there', async () => {
    await mountApp();
    const local = await saveExpense({ fields: { ...taxiFields, notes: 'never synced', date: '2026-12-01' } }, m!.db);
    await userEvent.click(await wait(rowOf(local.id)));
    await userEvent.click(await wait('[data-testid="expense-form"] .btn.danger'));
    await wait('[data-testid="confirm-dialog"]');
    expect(document.activeElement).toBe($('[data-testid="confirm-cancel"]'));
    const message = $('[data-testid="confirm-dialog"] p').textContent!;
    expect(message).toBe('“never synced” on Dec 1, 2026 will be deleted from this computer. It has not reached Kantata.');
    await userEvent.keyboard('{Enter}'); // Enter on the default button cancels
    await gone('[data-testid="confirm-dialog"]');
    expect(await m!.db.expenses.get(local.id)).toMatchObject({ deleted: false });

    await userEvent.keyboard('{Escape}');
    await gone('[data-testid="expense-form"]');
    await userEvent.click($(rowOf(syntheticExpense(0).id)));
    await userEvent.click(await wait('[data-testid="expense-form"] .btn.danger'));
    expect((await wait('[data-testid="confirm-dialog"] p')).textContent).toContain('will be deleted here and in Kantata');
  });

  it('makes the list one Tab stop with the arrow keys inside it', async () => {
    await mountApp();
    const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="expense-row"]')];
    expect(rows().filter((r) => r.tabIndex === 0)).toHaveLength(1);
    rows()[0]!.focus();
    await userEvent.keyboard('{ArrowDown}');
    await until(() => document.activeElement === rows()[1], 'second row');
    expect(rows().filter((r) => r.tabIndex === 0)).toEqual([rows()[1]]);
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement?.getAttribute('data-testid')).not.toBe('expense-row');
  });
});

describe('filters from the keyboard', () => {
  it('moves focus into Filters when they open, and Escape closes them back to the button', async () => {
    await mountApp();
    const button = $<HTMLButtonElement>('button[aria-controls="filters-panel"]');
    button.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => document.activeElement?.id === 'f-project', 'focus in the filters');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    await userEvent.selectOptions($<HTMLSelectElement>('#f-state'), 'error');
    await until(() => document.querySelectorAll('[data-testid="expense-row"]').length === 1, 'filtered');
    await userEvent.keyboard('{Escape}');
    await until(() => button.getAttribute('aria-expanded') === 'false', 'closed');
    expect(document.activeElement).toBe(button);
    expect($('#filters-panel').style.display).toBe('none');
  });
});

describe('sync status in the sidebar', () => {
  it('says Not connected on a fresh profile, offers Connect and no Sync now; offline it says No network', async () => {
    m = await mountWithDb(App, { width: 1280, height: 800 });
    const headline = await wait('[data-testid="sync-headline"]');
    expect(headline.textContent!.trim()).toBe('Not connected');
    expect(document.querySelector('[data-testid="sync-now"]')).toBeNull();
    expect($('[data-testid="sync-connect"]').textContent!.trim()).toBe('Connect to Kantata');
    expect($('[data-testid="sync-status"]').dataset.kind).toBe('not-connected');

    await m.db.meta.put({ key: 'account', value: { userId: '7', fullName: 'Ada', email: 'ada@example.com' } });
    await until(() => headline.textContent!.includes('All changes delivered'), 'connected');
    window.dispatchEvent(new Event('offline'));
    await until(() => headline.textContent!.trim() === 'No network', 'no network');
    window.dispatchEvent(new Event('online'));
    await until(() => headline.textContent!.includes('All changes delivered'), 'back online');

    await saveExpense({ fields: taxiFields }, m.db);
    await until(() => headline.textContent!.trim() === '1 expense waiting to sync', 'waiting');
    await m.db.expenses.put(syntheticExpense(4)); // refused by Kantata
    // The row says why it was refused.
    expect((await wait(`${rowOf(syntheticExpense(4).id)} [data-testid="row-reason"]`)).textContent!.trim()).toBe('Refused: Date is too far in the past');
    await userEvent.click(await wait('[data-testid="sync-errors"]'));
    await until(() => document.querySelectorAll('[data-testid="expense-row"]').length === 1, 'only the refused one listed');
    expect($<HTMLSelectElement>('#f-state').value).toBe('error');
  });
});
