/**
 * axe-core on every view and state, in both themes, in real Chromium: zero violations of any
 * impact. Each case mounts the real app (or the real window's view) on a real IndexedDB.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { SyncState } from '@shared/model/expense';
import App from '@renderer/App.vue';
import QuickAddView from '@renderer/views/QuickAddView.vue';
import { setMeta } from '@renderer/db/meta';
import { captureFiles } from '@renderer/receipts/capture';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedExpenses, seedReferenceData, syntheticExpense } from '../../support/browser/seed';
import { axeReport, THEMES, useTheme, writeAxeSummary } from '../../support/browser/axe';
import { fixtureFile } from '../receipts/files';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
});
// Every run, per view, state and theme, into test-results/axe-summary.json.
afterAll(() => writeAxeSummary());

const $ = <T extends HTMLElement = HTMLElement>(selector: string): T => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`No element ${selector}`);
  return found;
};
const wait = <T extends HTMLElement = HTMLElement>(selector: string): Promise<T> =>
  until(() => document.querySelector<T>(selector), selector);

let shot = 0;
/**
 * Every view is checked in light and dark: the result per theme is the assertion. Each checked
 * state is also pictured in both themes into test-results/e2e/ (named after the test), and
 * counted in the axe summary under the test's name (the view) and `state`.
 */
async function expectAccessible(state = 'default'): Promise<void> {
  const found: Record<string, string[]> = {};
  const view = `${expect.getState().currentTestName ?? 'view'}`.replace(/^.*?> /, '');
  const name = view.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  shot++;
  for (const theme of THEMES) {
    useTheme(theme);
    found[theme] = (await axeReport(document, { view, state, theme })).violations;
    await page.screenshot({ path: `../../../test-results/e2e/a11y-${name}-${shot}-${theme}.png`, save: true });
  }
  expect(found).toEqual({ light: [], dark: [] });
}

async function mountApp(options: { width?: number; height?: number; expenses?: number } = {}): Promise<Mounted> {
  m = await mountWithDb(App, { width: options.width ?? 1280, height: options.height ?? 800 });
  await seedReferenceData(m.db);
  // One expense per sync state, all in view.
  if (options.expenses !== 0) await seedExpenses(m.db, options.expenses ?? 7);
  await setMeta('account', { userId: '7', fullName: 'Ada Lovelace', email: 'ada@example.com' }, m.db);
  return m;
}

async function openExpenseInState(state: SyncState): Promise<void> {
  const index = { synced: 0, pending: 3, error: 4, conflict: 5, locked: 6 }[state];
  const id = syntheticExpense(index).id;
  await userEvent.click(await wait(`[data-testid="expense-row"][data-id="${id}"]`));
  await wait('[data-testid="expense-form"]');
}

describe('axe-core, both themes', () => {
  it('list', async () => {
    await mountApp();
    await wait('[data-testid="expense-row"]');
    await expectAccessible();
  });

  it('empty state (first run, not connected)', async () => {
    m = await mountWithDb(App, { width: 1280, height: 800 });
    await wait('[data-testid="first-run"]');
    await expectAccessible();
  });

  it('new expense form, empty and with errors', async () => {
    await mountApp();
    await userEvent.click(await wait('[data-testid="new-expense"]'));
    await wait('[data-testid="expense-form"]');
    await expectAccessible('empty');
    await userEvent.fill($('[data-testid="expense-form"] [name="amount"]'), '0');
    await userEvent.click($('[data-testid="expense-form"] button[type="submit"]'));
    await until(() => document.querySelector('[data-testid="expense-form"] [aria-invalid="true"]'), 'errors');
    await expectAccessible('with errors');
  });

  it.each(['synced', 'pending', 'error', 'conflict', 'locked'] as const)('edit form of a %s expense', async (state) => {
    await mountApp();
    await openExpenseInState(state);
    await expectAccessible();
  });

  it('delete dialog and discard dialog', async () => {
    await mountApp();
    await openExpenseInState('synced');
    await userEvent.click($('[data-testid="expense-form"] .btn.danger'));
    await wait('[data-testid="confirm-dialog"]');
    await expectAccessible('delete dialog');
    await userEvent.keyboard('{Escape}');
    await until(() => !document.querySelector('[data-testid="confirm-dialog"]'), 'dialog closed');
    await userEvent.fill($('[data-testid="expense-form"] [name="notes"]'), 'changed');
    await userEvent.click($('[data-testid="form-cancel"]'));
    await wait('[data-testid="confirm-dialog"]');
    await expectAccessible('discard dialog');
  });

  it('filters', async () => {
    await mountApp();
    await userEvent.click(await wait('button[aria-controls="filters-panel"]'));
    await wait('[data-testid="filters"]');
    await expectAccessible('open');
  });

  it('conflicts', async () => {
    await mountApp();
    const e = syntheticExpense(5);
    await m!.db.conflicts.put({
      id: `r1:${e.id}`, roundId: 'r1', expenseId: e.id, remoteId: e.remoteId, kind: 'merge', winner: 'server',
      decidedAt: '2026-11-20T10:00:00Z', message: 'Changed in Kantata too',
      fields: [{ field: 'notes', base: 'Client dinner', local: 'Dinner with ACME', server: 'Client dinner (edited)', winner: 'server', reason: 'server-newer' }],
      local: { notes: 'Dinner with ACME' }, localEditedAt: Date.UTC(2026, 10, 20, 9), server: null, overwrote: true, at: Date.UTC(2026, 10, 20, 10), resolvedAt: null,
    });
    await userEvent.click(await wait('[data-screen="conflicts"]'));
    await until(() => document.querySelector('main')?.textContent?.includes('Dinner with ACME'), 'the conflict');
    await expectAccessible('one conflict');
  });

  it('account', async () => {
    await mountApp();
    await userEvent.click(await wait('[data-screen="account"]'));
    await wait('[data-testid="account-view"]');
    await expectAccessible('connected');
  });

  it('settings', async () => {
    await mountApp();
    await userEvent.click(await wait('[data-screen="settings"]'));
    await wait('[data-testid="settings-view"]');
    await expectAccessible();
  });

  it('receipt viewer', async () => {
    await mountApp();
    const { stored } = await captureFiles([await fixtureFile('png')], { kind: 'new' }, {}, m!.db);
    await m!.db.expenses.update(syntheticExpense(0).id, { receiptId: stored[0]!.receipt.id });
    await openExpenseInState('synced');
    const open = await wait<HTMLButtonElement>('[data-testid="expense-form"] .receipt-field__thumb');
    await userEvent.click(open);
    await wait('[data-testid="receipt-viewer"]');
    await expectAccessible('open');
  });

  it('narrow window, with the drawer open and with the form over the list', async () => {
    await mountApp({ width: 760, height: 560 });
    await wait('[data-testid="expense-row"]');
    await expectAccessible('list');
    await userEvent.click($('[data-testid="menu-button"]'));
    await expectAccessible('drawer open');
    await userEvent.keyboard('{Escape}');
    await openExpenseInState('error');
    await expectAccessible('form over the list');
  });

  it('quick add, with projects and without', async () => {
    m = await mountWithDb(QuickAddView, { width: 560, height: 520 });
    await until(() => document.querySelector('form, [data-testid="quick-add"]'), 'quick add');
    await expectAccessible('without projects');
    await seedReferenceData(m.db);
    await until(() => document.querySelector('select option[value="w1"]'), 'projects');
    await expectAccessible('with projects');
  });
});
