/**
 * Receipt reading end to end in the built app, under its real Content-Security-Policy: a scanned
 * receipt photo dropped on the new expense form is read by the packaged worker (tesseract.js, its
 * WebAssembly core and the English traineddata from the app's own origin), the empty fields fill,
 * the expense is saved and synced to Kantata. Every request the pages and their workers make is
 * recorded: none leaves the app's origin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SROIE_DIR } from '../support/node/receipt-scoring';
import { connectThroughUi, dropFiles, expenseForm, expenseRow, openMainWithReferenceData, rowState } from './app-ui';
import { simSuite } from './sim-suite';

const suite = simSuite('receipt-reading');
const requests: string[] = [];

beforeAll(() => {
  suite.harness.context.on('request', (request) => requests.push(request.url()));
});

const photo = readFileSync(join(SROIE_DIR, '000.jpg'));

describe('reading a receipt in the built app', () => {
  it('drop a receipt photo -> the fields fill -> save -> it syncs; no request leaves the origin', async () => {
    const page = await openMainWithReferenceData(() => suite.openMainWindow(), suite.reference);
    await connectThroughUi(page, suite.sim.baseUrl, suite.sim.token);

    await page.getByTestId('new-expense').click();
    const form = expenseForm(page);
    const usd = suite.usd();
    const project = form.locator('select[name=workspaceId]');
    await project.selectOption({ label: (await project.locator('option', { hasText: usd.title }).first().textContent()) ?? usd.title });

    await dropFiles(page, '[data-testid="expense-form"] [data-testid="receipt-field"]', [
      { name: 'book-shop.jpg', type: 'image/jpeg', base64: photo.toString('base64') },
    ]);
    await form.locator('[data-testid="receipt-reading"][data-status="done"]').waitFor({ timeout: 60_000 });

    // A ringgit receipt in a dollar project: the amount paid and its currency, the receipt's date,
    // the shop's name in the notes, each marked as read from the receipt.
    await expect.poll(() => form.locator('input[name=foreignValue]').inputValue()).toBe('9.00');
    expect(await form.locator('input[name=foreignCurrency]').inputValue()).toBe('MYR');
    // Shown the way the window's locale writes dates (Chromium's en-US here, 25/12 or 25.12 elsewhere).
    expect(await form.locator('input[name=date]').inputValue()).toMatch(/^(12\/25\/2018|25[./]12[./]2018)$/);
    const notes = await form.locator('textarea[name=notes]').inputValue();
    expect(notes).toContain('SDN BHD');
    const marked = await form.getByTestId('read-field').evaluateAll((els) => els.map((el) => (el as unknown as { dataset: { field: string } }).dataset.field));
    expect(marked.sort()).toEqual(['date', 'foreignCurrency', 'foreignValue', 'notes']);

    await form.locator('select[name=categoryId]').selectOption({ index: 1 });
    await form.locator('input[name=foreignValue]').press('Enter');
    await form.waitFor({ state: 'detached' });

    await page.getByRole('searchbox').fill(notes);
    const row = expenseRow(page, notes);
    await expect.poll(() => rowState(row), { timeout: 30_000 }).toBe('synced');
    const server = suite.sim.admin.listExpenses().filter((e) => e.notes === notes);
    expect(server).toHaveLength(1);
    expect(server[0]).toMatchObject({ date: '2018-12-25' });
    expect(server[0]!.receipt_id).toBeTruthy();

    // The reading assets came from the app's origin, and nothing went anywhere else.
    expect(requests.some((url) => /eng\.traineddata.*\.gz$/.test(url))).toBe(true);
    expect(requests.some((url) => /tesseract-core.*\.js$/.test(url))).toBe(true);
    const elsewhere = requests.filter((url) => !url.startsWith(`${suite.harness.origin}/`) && !/^(blob|data):/.test(url));
    expect(elsewhere).toEqual([]);
  });
});
