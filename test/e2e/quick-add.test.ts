/**
 * The quick-add window end to end: the built renderer's `#/quick-add` route in Chromium, on the
 * same origin (and so the same IndexedDB) as a main-window page, with the real main-process core
 * behind the contract. What the user sees: an expense typed into quick-add appears in the main
 * window's list at once, with or without a network; Esc hands the window back to main.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readExpenses, readOutbox } from '../support/node/app-db';
import { expenseRow, openMainWithReferenceData, rowState } from './app-ui';
import { simSuite } from './sim-suite';

/** Contract calls that reached the main-process core from a page. */
const mainCalls: Array<{ name: string; request: unknown }> = [];
const suite = simSuite('quick-add', { afterEach: async () => void (mainCalls.length = 0) });

beforeAll(() => {
  // Record the desktop calls on their way into the real core (the handlers are looked up per call).
  for (const name of ['quickAddClose', 'quickAddSaved'] as const) {
    const real = suite.harness.core[name] as (request: unknown, context: unknown) => Promise<unknown>;
    (suite.harness.core as unknown as Record<string, unknown>)[name] = (request: unknown, context: unknown) => {
      mainCalls.push({ name, request });
      return real(request, context);
    };
  }
});

const openMainWindow = (): Promise<Page> => openMainWithReferenceData(() => suite.openMainWindow(), suite.reference);

async function openQuickAdd(): Promise<Page> {
  const page = await suite.harness.openQuickAdd();
  suite.pages.push(page);
  await page.getByTestId('quick-add').waitFor();
  await expect.poll(() => page.locator('select[name=workspaceId] option').count()).toBeGreaterThan(1);
  return page;
}

async function typeExpense(page: Page, input: { amount: string; project: string; category: string; notes: string }): Promise<void> {
  const form = page.getByTestId('quick-add');
  await form.locator('input[name=amount]').fill(input.amount);
  const project = form.locator('select[name=workspaceId]');
  const label = await project.locator('option', { hasText: input.project }).first().textContent();
  await project.selectOption({ label: label ?? input.project });
  await form.locator('select[name=categoryId]').selectOption({ label: input.category });
  await form.locator('input[name=notes]').fill(input.notes);
  await form.locator('input[name=notes]').press('Enter');
  await form.getByTestId('quick-add-saved').waitFor();
}

describe('quick add next to the main window', () => {
  it('saves in the quick-add window and the main window lists it live', async () => {
    const main = await openMainWindow();
    const quick = await openQuickAdd();
    const project = suite.reference.workspaces.find((w) => w.currency === 'USD')!;

    await typeExpense(quick, { amount: '23.40', project: project.title, category: 'Travel', notes: 'Taxi from the airport' });

    const row = expenseRow(main, 'Taxi from the airport');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await rowState(row)).toBe('pending');
    await expect.poll(() => row.textContent()).toContain('$23.40');
    const [stored] = (await readExpenses(main)).filter((e) => e.notes === 'Taxi from the airport');
    expect(stored).toMatchObject({ amountCents: 2340, workspaceId: project.id, syncState: 'pending' });
    expect((await readOutbox(main)).filter((o) => o.expenseId === stored!.id)).toMatchObject([{ kind: 'create' }]);
    // Main was told, so it can ask the leading window for a sync round.
    expect(mainCalls).toContainEqual({ name: 'quickAddSaved', request: { expenseId: stored!.id } });
    expect(suite.harness.problems).toEqual([]);
  });

  it('saves with no network at all, and the main window still lists it', async () => {
    const main = await openMainWindow();
    const quick = await openQuickAdd();
    await suite.harness.context.setOffline(true);
    expect(await quick.evaluate(() => (globalThis as unknown as { navigator: { onLine: boolean } }).navigator.onLine)).toBe(false);
    const project = suite.reference.workspaces.find((w) => w.currency === 'EUR') ?? suite.reference.workspaces[0]!;

    await typeExpense(quick, { amount: '9,80', project: project.title, category: 'Food', notes: 'Lunch on the train' });

    await expect.poll(() => expenseRow(main, 'Lunch on the train').count(), { timeout: 10_000 }).toBe(1);
    const [stored] = (await readExpenses(main)).filter((e) => e.notes === 'Lunch on the train');
    expect(stored).toMatchObject({ workspaceId: project.id, syncState: 'pending' });
    expect((await readOutbox(main)).filter((o) => o.expenseId === stored!.id)).toMatchObject([{ kind: 'create' }]);
  });

  it('hands the window back to main on Esc, and a trigger from main starts a fresh entry', async () => {
    const quick = await openQuickAdd();
    const amount = quick.locator('input[name=amount]');
    await amount.fill('55');
    await amount.press('Escape');
    await expect.poll(() => mainCalls.filter((c) => c.name === 'quickAddClose').length).toBe(1);
    await expect.poll(() => amount.inputValue()).toBe('');

    await quick.locator('input[name=notes]').focus();
    await suite.harness.emit('openQuickAdd', { source: 'shortcut', receipts: [], notices: [] });
    const focusedName = (): Promise<string | null | undefined> =>
      quick.evaluate(() =>
        (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }).document.activeElement?.getAttribute('name'),
      );
    await expect.poll(focusedName).toBe('amount');
  });
});
