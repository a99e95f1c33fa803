/**
 * The app with the keyboard alone (issue 17): the built renderer in Chromium, the real core and
 * the Kantata simulator behind it. Every user action is a key press (Tab, Shift+Tab, arrows,
 * Enter, Escape, Ctrl/Cmd shortcuts, typing): no clicks, no focus() calls, no filled values.
 * Set-up that is not the user's (reference data, the account, a colleague's edit in Kantata)
 * goes through the harness and the simulator.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { readExpenses, readOutbox } from '../support/node/app-db';
import { expenseForm, expenseRow, expenseRows, openMainWithReferenceData, waitForList } from './app-ui';
import { arrowToOption, describeFocus, hasFocusWithin, isFocused, retype, tabTo } from './keyboard';
import { simSuite } from './sim-suite';

const suite = simSuite('keyboard');

const categoryId = (name: string): string => suite.reference.categories.find((c) => c.name === name)!.id;

async function openWithReferenceData(): Promise<Page> {
  const page = await openMainWithReferenceData(() => suite.openMainWindow(), suite.reference);
  return page;
}

const newExpenseButton = (page: Page): Locator => page.getByTestId('new-expense');
const saveButton = (page: Page): Locator => expenseForm(page).locator('footer button[type=submit]');
const deleteButton = (page: Page): Locator => expenseForm(page).locator('footer .btn.danger');
const filtersButton = (page: Page): Locator => page.locator('button[aria-controls="filters-panel"]');

async function expectFocus(page: Page, target: Locator): Promise<void> {
  try {
    await expect.poll(() => isFocused(target)).toBe(true);
  } catch {
    throw new Error(`focus should be on ${target.toString()}, is on ${await describeFocus(page)}`);
  }
}

/**
 * New expense from the keyboard: Tab to "New expense" (from wherever focus is), Enter, then each
 * field in the form's Tab order, Save with Enter. The date stays today's, as the form starts.
 */
async function createByKeyboard(page: Page, input: { category: string; amount: string; notes: string }): Promise<void> {
  await tabTo(page, newExpenseButton(page));
  await page.keyboard.press('Enter');
  const form = expenseForm(page);
  await form.waitFor();
  // The form opens with focus on its first field, the project.
  const project = form.locator('select[name=workspaceId]');
  await expectFocus(page, project);
  await arrowToOption(page, project, suite.usd().id);
  await tabTo(page, form.locator('select[name=categoryId]'));
  await arrowToOption(page, form.locator('select[name=categoryId]'), categoryId(input.category));
  await tabTo(page, form.locator('input[name=amount]'));
  await page.keyboard.type(input.amount);
  await tabTo(page, form.locator('textarea[name=notes]'));
  await page.keyboard.type(input.notes);
  await tabTo(page, saveButton(page));
  await page.keyboard.press('Enter');
  await form.waitFor({ state: 'detached' });
}

async function storedWithNotes(page: Page, notes: string) {
  return (await readExpenses(page)).filter((e) => e.notes === notes);
}

describe('keyboard only', () => {
  it('creates an expense: Tab to "New expense", fields in order, Enter on Save; focus lands on the new row', async () => {
    const page = await openWithReferenceData();
    const notes = suite.note('Taxi by keyboard');
    await createByKeyboard(page, { category: 'Travel', amount: '12.50', notes });

    const row = expenseRow(page, notes);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await expectFocus(page, row);
    const stored = await storedWithNotes(page, notes);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ amountCents: 1250, workspaceId: suite.usd().id, categoryId: categoryId('Travel'), syncState: 'pending', deleted: false });
    expect((await readOutbox(page)).filter((o) => o.expenseId === stored[0]!.id).map((o) => o.kind)).toEqual(['create']);

    // Ctrl/Cmd+N opens an empty form from anywhere; Escape closes it and focus is back on "New expense".
    await page.keyboard.press('ControlOrMeta+N');
    await expenseForm(page).waitFor();
    await page.keyboard.press('Escape');
    await expenseForm(page).waitFor({ state: 'detached' });
    await expectFocus(page, newExpenseButton(page));
  });

  it('edits an expense: Enter on its row, retype the amount, Ctrl+Enter saves; Escape and Cancel return focus to the row', async () => {
    const page = await openWithReferenceData();
    const notes = suite.note('Hotel by keyboard');
    await createByKeyboard(page, { category: 'Lodging', amount: '89.00', notes });
    const row = expenseRow(page, notes);
    await expectFocus(page, row);

    await page.keyboard.press('Enter');
    const form = expenseForm(page);
    await form.waitFor();
    await tabTo(page, form.locator('input[name=amount]'));
    await retype(page, '94.50');
    await page.keyboard.press('ControlOrMeta+Enter');
    await form.waitFor({ state: 'detached' });
    await expectFocus(page, row);
    await expect.poll(async () => (await storedWithNotes(page, notes))[0]?.amountCents).toBe(9450);
    const [stored] = await storedWithNotes(page, notes);
    expect((await readOutbox(page)).filter((o) => o.expenseId === stored!.id).map((o) => o.kind)).toEqual(['create', 'update']);

    // Nothing changed: Escape closes at once, focus back on the row.
    await page.keyboard.press('Enter');
    await form.waitFor();
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await expectFocus(page, row);

    // Cancel, reached with Tab, does the same.
    await page.keyboard.press('Enter');
    await form.waitFor();
    await tabTo(page, form.getByTestId('form-cancel'));
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    await expectFocus(page, row);

    // A changed form asks first; Escape answers the question only ("Keep editing"), and the input stays.
    await page.keyboard.press('Enter');
    await form.waitFor();
    await tabTo(page, form.locator('textarea[name=notes]'));
    await page.keyboard.type(' (half typed)');
    await page.keyboard.press('Escape');
    const ask = page.getByTestId('confirm-dialog');
    await ask.waitFor();
    await expectFocus(page, ask.getByTestId('confirm-cancel'));
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    expect(await form.locator('textarea[name=notes]').inputValue()).toBe(`${notes} (half typed)`);
    await expectFocus(page, form.locator('textarea[name=notes]'));
    // Discard: Tab to the dialog's confirm button, Enter; nothing was saved and focus is on the row.
    await page.keyboard.press('Escape');
    await ask.waitFor();
    await tabTo(page, ask.getByTestId('confirm-ok'));
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    await expectFocus(page, row);
    expect(await storedWithNotes(page, notes)).toHaveLength(1);
  });

  it('deletes: the dialog keeps focus inside it and defaults to Cancel; Delete, then Undo from the toast, brings it back', async () => {
    const page = await openWithReferenceData();
    const notes = suite.note('Parking by keyboard');
    await createByKeyboard(page, { category: 'Travel', amount: '7.00', notes });
    const row = expenseRow(page, notes);
    await expectFocus(page, row);
    const [created] = await storedWithNotes(page, notes);

    await page.keyboard.press('Enter');
    await expenseForm(page).waitFor();
    await tabTo(page, deleteButton(page));
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    // The default button is Cancel.
    await expectFocus(page, dialog.getByTestId('confirm-cancel'));
    // A modal: Tab and Shift+Tab go round its buttons and never leave it.
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await hasFocusWithin(dialog), `after ${key}, focus is on ${await describeFocus(page)}`).toBe(true);
    }
    // Enter on the default button cancels: nothing deleted, focus back on Delete.
    await tabTo(page, dialog.getByTestId('confirm-cancel'));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expectFocus(page, deleteButton(page));
    expect((await readExpenses(page)).find((e) => e.id === created!.id)).toMatchObject({ deleted: false });

    // Escape also cancels.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expectFocus(page, deleteButton(page));
    expect(await expenseForm(page).count()).toBe(1);

    // Now delete: Tab to the dialog's Delete, Enter.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, dialog.getByTestId('confirm-ok'));
    await page.keyboard.press('Enter');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => (await readExpenses(page)).find((e) => e.id === created!.id)?.deleted ?? true).toBe(true);
    // The panel closed on a deleted expense: focus goes to "New expense", nothing is lost in the body.
    await expectFocus(page, newExpenseButton(page));

    // Undo, reached with Tab while the toast shows.
    const toast = page.getByTestId('undo-toast');
    await toast.waitFor();
    await tabTo(page, toast.getByRole('button'));
    await page.keyboard.press('Enter');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect((await readExpenses(page)).find((e) => e.id === created!.id)).toMatchObject({ deleted: false, notes });
    // Focus goes to the expense that came back, not lost with the toast.
    await expectFocus(page, row);
  });

  it('filters: "/" to search, arrows into the list; Filters opens with focus inside, a category chosen with arrows, Escape closes', async () => {
    const page = await openWithReferenceData();
    const tag = suite.note('kbdfilter');
    await createByKeyboard(page, { category: 'Food', amount: '18.20', notes: `Sushi ${tag}` });
    await createByKeyboard(page, { category: 'Travel', amount: '3.10', notes: `Metro ${tag}` });
    await createByKeyboard(page, { category: 'Food', amount: '9.90', notes: `Bagels ${tag}` });
    const all = await expenseRows(page).count();
    expect(all).toBeGreaterThanOrEqual(3);

    // "/" jumps to the search box; typing narrows the list.
    await page.keyboard.press('/');
    const search = page.getByRole('searchbox');
    await expectFocus(page, search);
    await page.keyboard.type(tag);
    await expect.poll(() => expenseRows(page).count(), { timeout: 10_000 }).toBe(3);
    // Arrow down from the search box into the list, and along it.
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, expenseRows(page).nth(0));
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, expenseRows(page).nth(1));

    // Filters: Tab back to the button (the list is one Tab stop), Enter opens them with focus inside.
    await tabTo(page, filtersButton(page), { back: true, max: 10 });
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('filters');
    await expect.poll(() => hasFocusWithin(panel)).toBe(true);
    const category = page.locator('#f-category');
    await tabTo(page, category, { max: 10 });
    await arrowToOption(page, category, categoryId('Food'));
    await expect.poll(() => expenseRows(page).count(), { timeout: 10_000 }).toBe(2);
    for (const text of await expenseRows(page).allTextContents()) expect(text).not.toContain('Metro');
    // Escape closes Filters, focus back on the button; the filter stays applied.
    await page.keyboard.press('Escape');
    await expect.poll(() => filtersButton(page).getAttribute('aria-expanded')).toBe('false');
    await expectFocus(page, filtersButton(page));
    expect(await panel.isVisible()).toBe(false);
    expect(await expenseRows(page).count()).toBe(2);

    // Back to every category, then clear the search: the whole list again.
    await page.keyboard.press('Enter');
    await expect.poll(() => hasFocusWithin(panel)).toBe(true);
    await tabTo(page, category, { max: 10 });
    await arrowToOption(page, category, '');
    await page.keyboard.press('Escape');
    await expectFocus(page, filtersButton(page));
    await expect.poll(() => expenseRows(page).count(), { timeout: 10_000 }).toBe(3);
    await tabTo(page, search, { back: true, max: 5 });
    await retype(page, '');
    await expect.poll(() => expenseRows(page).count(), { timeout: 10_000 }).toBe(all);
  });

  it('resolves a conflict: Conflicts from the sidebar, "Restore this version" and Sync now, all with the keyboard', async () => {
    const page = await suite.openMainWindow();
    await waitForList(page);
    // The account is connected as the Account screen would (main tells the window).
    const connected = await suite.harness.sync.accountConnect({ baseUrl: suite.sim.baseUrl, token: suite.sim.token });
    expect(connected.ok).toBe(true);
    // Reference data arrives with the first round; the form needs projects.
    await expect.poll(() => page.getByTestId('sync-now').isVisible(), { timeout: 30_000 }).toBe(true);

    const notes = suite.note('Conflict by keyboard');
    await createByKeyboard(page, { category: 'Travel', amount: '12.50', notes });
    // A local write syncs by itself (main's scheduler, 300 ms debounce here).
    await expect.poll(async () => (await storedWithNotes(page, notes))[0]?.syncState, { timeout: 20_000 }).toBe('synced');
    const [synced] = await storedWithNotes(page, notes);
    const remoteId = synced!.remoteId!;
    expect(suite.sim.admin.getExpense(remoteId)?.notes).toBe(notes);

    // Edited here while Kantata cannot be reached: the edit waits.
    suite.sim.admin.injectFault({ kind: 'drop-before', pathPattern: '^/expenses' });
    const row = expenseRow(page, notes);
    await expectFocus(page, row);
    await page.keyboard.press('Enter');
    const form = expenseForm(page);
    await form.waitFor();
    await tabTo(page, form.locator('textarea[name=notes]'));
    await page.keyboard.type(' (mine)');
    await page.keyboard.press('ControlOrMeta+Enter');
    await form.waitFor({ state: 'detached' });
    const mine = `${notes} (mine)`;
    await expect.poll(() => page.getByTestId('sync-headline').textContent(), { timeout: 20_000 }).toContain('Kantata not reachable');
    expect((await readExpenses(page)).find((e) => e.id === synced!.id)).toMatchObject({ notes: mine, syncState: 'pending' });

    // A colleague changes the same field in Kantata a moment later: the later change wins, and is a conflict here.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    suite.sim.admin.clearFaults();
    const colleague = suite.sim.admin.state().users.find((u) => u.full_name === 'Priya Shah')!;
    const theirs = `${notes} (theirs)`;
    suite.sim.admin.actAs(colleague.id).updateExpense(remoteId, { notes: theirs });
    // Sync now, reached with Shift+Tab from the list (the sidebar comes before it).
    const syncNow = page.getByTestId('sync-now');
    await syncNow.waitFor();
    await tabTo(page, syncNow, { back: true });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await readExpenses(page)).find((e) => e.id === synced!.id)?.syncState, { timeout: 20_000 }).toBe('conflict');
    expect((await readExpenses(page)).find((e) => e.id === synced!.id)?.notes).toBe(theirs);

    // Conflicts, from the sidebar with Shift+Tab and Enter.
    const conflictsItem = page.locator('nav [data-screen=conflicts]');
    await tabTo(page, conflictsItem, { back: true });
    await page.keyboard.press('Enter');
    const entry = page.getByTestId('conflict-entry').filter({ hasText: theirs });
    await entry.waitFor();
    expect(await entry.locator('tr[data-field=notes] [data-side=local]').textContent()).toBe(mine);
    const restore = entry.getByTestId('restore-local');
    await tabTo(page, restore);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await readExpenses(page)).find((e) => e.id === synced!.id)?.notes).toBe(mine);

    // Sync now again, from the Conflicts screen with Shift+Tab: Kantata gets this computer's version.
    await expect.poll(() => syncNow.isVisible(), { timeout: 20_000 }).toBe(true);
    await tabTo(page, syncNow, { back: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => suite.sim.admin.getExpense(remoteId)?.notes, { timeout: 20_000 }).toBe(mine);
    await expect.poll(async () => (await readExpenses(page)).find((e) => e.id === synced!.id)?.syncState, { timeout: 20_000 }).toBe('synced');
    expect(suite.sim.admin.listExpenses().filter((e) => e.notes === mine)).toHaveLength(1);
  });
});
