/**
 * How the e2e tests, the screenshot and the benchmarks find their way around the app's UI:
 * its data-testids, labels and roles in one place, so a UI change is fixed here once.
 */
import type { Locator, Page } from 'playwright-core';
import type { SyncState } from '@shared/model/expense';
import { seedExpenses, seedRows } from '../support/node/app-db';
import type { ReferenceRows } from '../support/node/reference-data';

export interface NewExpenseInput {
  /** The project's title as the picker shows it (the picker adds the currency in brackets). */
  project: string;
  /** YYYY-MM-DD */
  date: string;
  category: string;
  /** As a user types it, e.g. "12.50". */
  amount: string;
  notes: string;
}

export const expenseRows = (page: Page): Locator => page.getByTestId('expense-row');

export const expenseRow = (page: Page, text: string): Locator => expenseRows(page).filter({ hasText: text });

/** The sync state a row shows (its badge's data-state). */
export async function rowState(row: Locator): Promise<SyncState | null> {
  return (await row.locator('[data-state]').getAttribute('data-state')) as SyncState | null;
}

export const expenseForm = (page: Page): Locator => page.getByTestId('expense-form');

/** A main window whose pickers hold the simulator's reference data, as if downloaded before (no account needed). */
export async function openMainWithReferenceData(open: () => Promise<Page>, reference: ReferenceRows): Promise<Page> {
  const page = await open();
  await seedRows(page, { ...reference });
  await page.reload();
  await waitForList(page);
  return page;
}

/** A screen of the main window, through the sidebar as a user reaches it. */
export type MainScreen = 'Expenses' | 'Insights' | 'Reports' | 'Conflicts' | 'Account' | 'Settings';

export async function goTo(page: Page, screen: MainScreen): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen }).click();
}

/**
 * Connects the Kantata account through the Account view and comes back to the list. Still
 * connected from an earlier test, the status card offers Change token for a new one.
 */
export async function connectThroughUi(page: Page, baseUrl: string, token: string): Promise<void> {
  await goTo(page, 'Account');
  await page.getByTestId('account-view').waitFor();
  if (await page.getByTestId('account-change-token').count()) await page.getByTestId('account-change-token').click();
  await page.getByTestId('account-base-url').fill(baseUrl);
  await page.getByTestId('account-token').fill(token);
  await page.getByTestId('account-connect').click();
  await page.getByTestId('account-who').waitFor();
  await goTo(page, 'Expenses');
}

/** Settings, down to its backup panel. */
export async function openBackupPanel(page: Page): Promise<void> {
  await goTo(page, 'Settings');
  await page.getByTestId('backup-panel').waitFor();
}

/**
 * A book of `count` expenses in the first USD project over the `spanDays` before 30 Nov 2026,
 * some waiting to sync and some refused, then the list reloaded over it.
 */
export async function seedUsdBook(page: Page, reference: ReferenceRows, count: number, spanDays: number): Promise<void> {
  const project = reference.workspaces.find((w) => w.currency === 'USD')!;
  await seedExpenses(page, {
    count,
    workspaces: [{ id: project.id, currency: project.currency }],
    categories: reference.categories.slice(0, 3).map((c) => ({ id: c.id, name: c.name })),
    endDate: '2026-11-30',
    spanDays,
    stateShares: { pending: 0.2, error: 0.05 },
  });
  await page.reload();
  await waitForList(page);
}

/** Waits until the list has loaded from IndexedDB (rows, or one of its empty states). */
export async function waitForList(page: Page): Promise<void> {
  await page
    .locator('[data-testid=expense-row], [data-testid=empty-list], [data-testid=first-run], [data-testid=empty-projects], [data-testid=empty-filtered]')
    .first()
    .waitFor();
}

export async function fillExpenseForm(page: Page, input: NewExpenseInput): Promise<Locator> {
  const form = expenseForm(page);
  await form.waitFor();
  const project = form.locator('select[name=workspaceId]');
  const label = await project.locator('option', { hasText: input.project }).first().textContent();
  await project.selectOption({ label: label ?? input.project });
  await form.locator('input[name=date]').fill(input.date);
  await form.locator('select[name=categoryId]').selectOption({ label: input.category });
  await form.locator('input[name=amount]').fill(input.amount);
  await form.locator('textarea[name=notes]').fill(input.notes);
  return form;
}

/** Opens the new-expense form, fills it and saves it with the keyboard (Enter in a field). */
export async function createExpenseThroughForm(page: Page, input: NewExpenseInput): Promise<void> {
  await page.getByTestId('new-expense').click();
  const form = await fillExpenseForm(page, input);
  await form.locator('input[name=amount]').press('Enter');
  await form.waitFor({ state: 'detached' });
}

/** After a test: a screenshot of each page it opened (a test artifact), then the page is closed. */
export async function screenshotAndClose(pages: Page[], file: string, testName: string): Promise<void> {
  const name = testName.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  for (const [index, page] of pages.splice(0).entries()) {
    if (page.isClosed()) continue;
    await page.screenshot({ path: `test-results/e2e/${file}-${name}-${index}.png` });
    await page.close();
  }
}

/** The page's DOM as the code below uses it (this file is type-checked without the DOM library). */
interface PageDom {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
  document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null };
  atob(data: string): string;
}

/** A real drag of files from the file manager onto an element: DragEvents carrying a DataTransfer of Files. */
export async function dropFiles(p: Page, selector: string, files: Array<{ name: string; type: string; base64: string }>): Promise<void> {
  await p.evaluate(
    ({ selector, files }) => {
      const dom = globalThis as unknown as PageDom;
      const dt = new dom.DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(dom.atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new dom.File([bytes], f.name, { type: f.type }));
      }
      const target = dom.document.querySelector(selector)!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new dom.DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { selector, files },
  );
}
