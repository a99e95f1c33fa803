/**
 * Receipts end to end in the built app (real CSP, pdf.js worker from the bundle): a PDF dropped on
 * the window opens a new expense with the receipt attached and its first page as thumbnail; saved
 * and synced, the receipt is uploaded by the main-process core and linked as the expense's
 * receipt_id in the simulator, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectThroughUi, dropFiles, expenseForm, expenseRow, fillExpenseForm, openMainWithReferenceData, rowState } from './app-ui';
import { simSuite } from './sim-suite';

const suite = simSuite('receipts');

const pdf = readFileSync(new URL('../fixtures/receipts/invoice-3-pages.pdf', import.meta.url));

describe('receipts in the app', () => {
  it('drop a PDF on the window -> new expense with it -> synced: uploaded once and linked as receipt_id', async () => {
    const page = await openMainWithReferenceData(() => suite.openMainWindow(), suite.reference);
    await connectThroughUi(page, suite.sim.baseUrl, suite.sim.token);

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
    const usd = suite.usd();
    await fillExpenseForm(page, { project: usd.title, date: '2026-03-16', category: 'Lodging', amount: '310.00', notes });
    await form.locator('input[name=amount]').press('Enter');
    await form.waitFor({ state: 'detached' });

    await page.getByRole('searchbox').fill(notes);
    const row = expenseRow(page, notes);
    await expect.poll(() => rowState(row), { timeout: 20_000 }).toBe('synced');
    await row.getByTestId('receipt-thumbnail').waitFor();

    const server = suite.sim.admin.listExpenses().filter((e) => e.notes === notes);
    expect(server).toHaveLength(1);
    const attachments = suite.sim.admin.listAttachments().filter((a) => a.id === server[0]!.receipt_id);
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ filename: 'invoice-3-pages.pdf', type: 'receipt', filesize: pdf.length });
    expect(Buffer.compare(suite.sim.admin.attachmentData(attachments[0]!.id)!, pdf)).toBe(0);

    // The form of the synced expense says where the receipt is.
    await row.click();
    await expect.poll(() => expenseForm(page!).getByTestId('receipt-state').textContent()).toContain('Uploaded to Kantata');
  });
});
