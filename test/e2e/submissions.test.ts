/**
 * Submitting for approval end to end: the built renderer in Chromium (real IndexedDB) selects and
 * submits through the UI, leads rounds through the contract into the real main-process core, which
 * talks HTTP to the in-process Kantata simulator; an approver rejects there; the Reports view and
 * the list follow.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectThroughUi, createExpenseThroughForm, expenseForm, goTo, expenseRow, rowState, waitForList } from './app-ui';
import { simSuite } from './sim-suite';

const suite = simSuite('submissions');
const usd = () => suite.reference.workspaces.find((w) => w.currency === 'USD' && !w.archived && w.can_create_line_items)!;

async function syncNow(page: Page): Promise<void> {
  const button = page.getByTestId('sync-now');
  await expect.poll(() => button.isEnabled()).toBe(true);
  await button.click();
  await expect.poll(() => button.isEnabled(), { timeout: 20_000 }).toBe(true);
}

describe('submit for approval through the app', () => {
  it('multi-select, submit, the Reports view; a rejection makes the expenses editable again with the reason', async () => {
    const page = await suite.openMainWindow();
    await waitForList(page);
    await connectThroughUi(page, suite.sim.baseUrl, suite.sim.token);

    const tag = `Trip ${Date.now()}`;
    await createExpenseThroughForm(page, { project: usd().title, date: '2026-11-03', category: 'Travel', amount: '42.00', notes: `${tag} taxi` });
    await createExpenseThroughForm(page, { project: usd().title, date: '2026-11-05', category: 'Lodging', amount: '180.00', notes: `${tag} hotel` });
    await page.getByRole('searchbox').fill(tag);
    await expect.poll(() => expenseRow(page, tag).count()).toBe(2);

    // Ctrl-click one, Shift-click the other: both selected; a plain click would open the form.
    await expenseRow(page, `${tag} hotel`).click({ modifiers: ['Control'] });
    await expenseRow(page, `${tag} taxi`).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('2 selected');
    await page.getByTestId('submit-for-approval').click();
    const title = page.getByTestId('report-title');
    await expect.poll(() => title.inputValue()).toBe(`${usd().title}, 3-5 Nov`);
    await page.getByTestId('report-comment').fill('Client workshop');
    await page.getByTestId('submit-report').click();
    await page.getByTestId('submit-notice').waitFor();

    await syncNow(page);
    await expect.poll(() => suite.sim.admin.listSubmissions().filter((s) => s.comment === 'Client workshop').length, { timeout: 20_000 }).toBe(1);
    const [submitted] = suite.sim.admin.listSubmissions().filter((s) => s.comment === 'Client workshop');
    expect(submitted).toMatchObject({ title: `${usd().title}, 3-5 Nov`, status: 'pending', line_item_total_in_cents: 22200 });

    await goTo(page, 'Reports');
    const card = page.getByTestId('report').filter({ hasText: `${usd().title}, 3-5 Nov` });
    await expect.poll(() => card.getByTestId('report-status').textContent(), { timeout: 20_000 }).toContain('Pending approval');
    await card.getByTestId('report-open').click();
    await expect.poll(() => card.getByTestId('report-expense').count()).toBe(2);

    const approver = suite.sim.admin.addUser('Anna Approver').user.id;
    suite.sim.admin.actAs(approver).resolveSubmission(submitted!.id, 'rejection', 'Taxi receipt missing');
    await syncNow(page);
    await expect.poll(() => card.getByTestId('report-status').textContent(), { timeout: 20_000 }).toContain('Rejected');
    expect(await card.getByTestId('report-resolution').textContent()).toBe('“Taxi receipt missing”');

    await goTo(page, 'Expenses');
    await page.getByRole('searchbox').fill(`${tag} taxi`);
    const row = expenseRow(page, `${tag} taxi`);
    await expect.poll(() => rowState(row)).toBe('synced');
    await row.click();
    await expect.poll(() => page.getByTestId('report-of-expense').textContent()).toContain('was rejected: Taxi receipt missing');
    const notes = expenseForm(page).locator('textarea[name=notes]');
    await expect.poll(() => notes.isEditable()).toBe(true);
    await notes.fill(`${tag} taxi, receipt attached`);
    await expenseForm(page).locator('input[name=amount]').press('Enter');
    await syncNow(page);
    await expect.poll(() => suite.sim.admin.listExpenses().some((e) => e.notes === `${tag} taxi, receipt attached`), { timeout: 20_000 }).toBe(true);
  });
});
