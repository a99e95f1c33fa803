/**
 * Recording expenses offline, end to end: the built renderer in Chromium, its real IndexedDB,
 * the real main-process core behind the contract. Reference data is seeded into IndexedDB from
 * the simulator (what an account connection would have downloaded).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readExpenses, readOutbox } from '../support/node/app-db';
import { createExpenseThroughForm, expenseForm, expenseRow, expenseRows, openMainWithReferenceData, rowState, waitForList } from './app-ui';
import { simSuite } from './sim-suite';

const suite = simSuite('expenses');

const openWithReferenceData = (): Promise<Page> => openMainWithReferenceData(() => suite.openMainWindow(), suite.reference);

describe('recording expenses in the app', () => {
  it('saves an expense from the form, shows it as pending, and still has it after a reload', async () => {
    const page = await openWithReferenceData();
    const project = suite.reference.workspaces.find((w) => w.currency === 'USD')!;
    await createExpenseThroughForm(page, {
      project: project.title,
      date: '2026-11-18',
      category: 'Travel',
      amount: '12.50',
      notes: 'Taxi to the Northwind office',
    });

    const row = expenseRow(page, 'Taxi to the Northwind office');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await rowState(row)).toBe('pending');
    await expect.poll(() => row.textContent()).toContain('$12.50');

    // Saved means: the expense row and its outbox entry are in IndexedDB.
    const stored = (await readExpenses(page)).filter((e) => e.notes === 'Taxi to the Northwind office');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ amountCents: 1250, workspaceId: project.id, date: '2026-11-18', syncState: 'pending' });
    expect((await readOutbox(page)).filter((o) => o.expenseId === stored[0]!.id)).toMatchObject([{ kind: 'create' }]);

    await page.reload();
    await waitForList(page);
    const again = expenseRow(page, 'Taxi to the Northwind office');
    await expect.poll(() => again.count(), { timeout: 10_000 }).toBe(1);
    expect(await rowState(again)).toBe('pending');
    expect(suite.harness.problems).toEqual([]);
  });

  it('shows a write made in one window live in another window of the same origin', async () => {
    const first = await openWithReferenceData();
    const second = await suite.openMainWindow();
    await waitForList(second);
    await createExpenseThroughForm(first, {
      project: suite.reference.workspaces[0]!.title,
      date: '2026-11-19',
      category: 'Food',
      amount: '23.40',
      notes: 'Working lunch seen from the other window',
    });
    // No reload in the second window: Dexie's liveQuery carries the write across.
    const row = expenseRow(second, 'Working lunch seen from the other window');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await rowState(row)).toBe('pending');
    expect(suite.harness.problems).toEqual([]);
  });

  it('edits an expense through the form; the change is queued and survives a reload', async () => {
    const page = await openWithReferenceData();
    const project = suite.reference.workspaces.find((w) => w.currency === 'EUR')!;
    await createExpenseThroughForm(page, {
      project: project.title,
      date: '2026-11-17',
      category: 'Lodging',
      amount: '89.00',
      notes: 'Hotel before the edit',
    });
    await expenseRow(page, 'Hotel before the edit').click();
    const form = expenseForm(page);
    await form.locator('input[name=amount]').fill('94.50');
    await form.locator('textarea[name=notes]').fill('Hotel after the edit');
    await form.locator('input[name=amount]').press('Enter');
    await form.waitFor({ state: 'detached' });

    const row = expenseRow(page, 'Hotel after the edit');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => row.textContent()).toContain('€94.50');
    expect(await expenseRow(page, 'Hotel before the edit').count()).toBe(0);
    const [stored] = (await readExpenses(page)).filter((e) => e.notes === 'Hotel after the edit');
    expect(stored).toMatchObject({ amountCents: 9450, syncState: 'pending' });
    // Every change is in the outbox, in order; the engine coalesces them into one create.
    expect((await readOutbox(page)).filter((o) => o.expenseId === stored!.id).map((o) => o.kind)).toEqual(['create', 'update']);

    await page.reload();
    await waitForList(page);
    await expect.poll(() => expenseRow(page, 'Hotel after the edit').textContent(), { timeout: 10_000 }).toContain('€94.50');
    expect(suite.harness.problems).toEqual([]);
  });

  it('deletes after a confirmation, brings the expense back with Undo, and a delete that stands survives a reload', async () => {
    const page = await openWithReferenceData();
    const project = suite.reference.workspaces[0]!;
    for (const notes of ['Parking to undo', 'Parking to delete']) {
      await createExpenseThroughForm(page, { project: project.title, date: '2026-11-16', category: 'Travel', amount: '7.00', notes });
    }
    const remove = async (notes: string): Promise<void> => {
      await expenseRow(page, notes).click();
      await expenseForm(page).getByRole('button', { name: 'Delete' }).click();
      const dialog = page.getByTestId('confirm-dialog');
      await dialog.getByRole('button', { name: /delete/i }).click();
      await expect.poll(() => expenseRow(page, notes).count(), { timeout: 10_000 }).toBe(0);
    };

    await remove('Parking to undo');
    await page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => expenseRow(page, 'Parking to undo').count(), { timeout: 10_000 }).toBe(1);

    await remove('Parking to delete');
    await page.reload();
    await waitForList(page);
    await expect.poll(() => expenseRow(page, 'Parking to undo').count(), { timeout: 10_000 }).toBe(1);
    expect(await expenseRow(page, 'Parking to delete').count()).toBe(0);
    expect(suite.harness.problems).toEqual([]);
  });

  it('filters the list by text and shows everything again when the search is cleared', async () => {
    const page = await openWithReferenceData();
    const project = suite.reference.workspaces[0]!;
    await createExpenseThroughForm(page, { project: project.title, date: '2026-11-15', category: 'Food', amount: '18.20', notes: 'Sushi with the Globex team' });
    await createExpenseThroughForm(page, { project: project.title, date: '2026-11-15', category: 'Travel', amount: '3.10', notes: 'Metro ticket' });
    const all = await expenseRows(page).count();
    expect(all).toBeGreaterThanOrEqual(2);

    await page.getByRole('searchbox').fill('sushi');
    await expect.poll(() => expenseRows(page).count(), { timeout: 10_000 }).toBe(1);
    expect(await expenseRows(page).first().textContent()).toContain('Sushi with the Globex team');

    await page.getByRole('searchbox').fill('');
    await expect.poll(() => expenseRows(page).count(), { timeout: 10_000 }).toBe(all);
    expect(suite.harness.problems).toEqual([]);
  });
});
