/**
 * Receipts end to end in the built app (real CSP, pdf.js worker from the bundle): a PDF dropped on
 * the window opens a new expense with the receipt attached and its first page as thumbnail; saved
 * and synced, the receipt is uploaded by the main-process core and linked as the expense's
 * receipt_id in the simulator, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedRows } from '../support/node/app-db';
import { fetchReferenceRows, type ReferenceRows } from '../support/node/reference-data';
import { dropFiles, expenseForm, expenseRow, fillExpenseForm, rowState, waitForList } from './app-ui';
import { startHarness, type Harness } from './harness';

let harness: Harness;
let reference: ReferenceRows;
let page: Page | null = null;

beforeAll(async () => {
  harness = await startHarness();
  reference = await fetchReferenceRows(harness.sim!);
});
afterEach(async () => {
  if (page && !page.isClosed()) {
    await page.screenshot({ path: 'test-results/e2e/receipts.png' });
    await page.close();
  }
  page = null;
  expect(harness.problems.splice(0)).toEqual([]);
});
afterAll(async () => {
  await harness?.close();
});

const pdf = readFileSync(new URL('../fixtures/receipts/invoice-3-pages.pdf', import.meta.url));

describe('receipts in the app', () => {
  it('drop a PDF on the window -> new expense with it -> synced: uploaded once and linked as receipt_id', async () => {
    page = await harness.openMainWindow();
    await seedRows(page, { ...reference });
    await page.reload();
    await waitForList(page);

    // Connect the account (main keeps the token).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Account' }).click();
    await page.getByTestId('account-base-url').fill(harness.sim!.baseUrl);
    await page.getByTestId('account-token').fill(harness.sim!.token);
    await page.getByTestId('account-connect').click();
    await page.getByTestId('account-who').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Expenses' }).click();

    await dropFiles(page, 'main', [{ name: 'invoice-3-pages.pdf', type: 'application/pdf', base64: pdf.toString('base64') }]);
    const form = expenseForm(page);
    await form.getByTestId('receipt-name').filter({ hasText: 'invoice-3-pages.pdf' }).waitFor();
    // The first page was rendered by pdf.js (its worker under the app's CSP).
    const thumb = form.getByTestId('receipt-thumbnail');
    await expect.poll(() => thumb.evaluate((img) => {
      const image = img as unknown as { complete: boolean; naturalHeight: number };
      return image.complete && image.naturalHeight;
    })).toBe(240);

    const notes = `Invoice with PDF #${Date.now()}`;
    const usd = reference.workspaces.find((w) => w.currency === 'USD' && !w.archived)!;
    await fillExpenseForm(page, { project: usd.title, date: '2026-03-16', category: 'Lodging', amount: '310.00', notes });
    await form.locator('input[name=amount]').press('Enter');
    await form.waitFor({ state: 'detached' });

    await page.getByRole('searchbox').fill(notes);
    const row = expenseRow(page, notes);
    await expect.poll(() => rowState(row), { timeout: 20_000 }).toBe('synced');
    await row.getByTestId('receipt-thumbnail').waitFor();

    const server = harness.sim!.admin.listExpenses().filter((e) => e.notes === notes);
    expect(server).toHaveLength(1);
    const attachments = harness.sim!.admin.listAttachments().filter((a) => a.id === server[0]!.receipt_id);
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ filename: 'invoice-3-pages.pdf', type: 'receipt', filesize: pdf.length });
    expect(Buffer.compare(harness.sim!.admin.attachmentData(attachments[0]!.id)!, pdf)).toBe(0);

    // The form of the synced expense says where the receipt is.
    await row.click();
    await expect.poll(() => expenseForm(page!).getByTestId('receipt-state').textContent()).toContain('Uploaded to Kantata');
  });
});
