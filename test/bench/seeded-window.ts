/**
 * The main window of the built app over the export benches' book: 100,000 expenses of the app's
 * shape over three years (a few pending, failed, in conflict or locked), optionally with receipts
 * of random bytes linked to some of them, seeded into Chromium's IndexedDB and the list loaded.
 */
import type { Page } from 'playwright-core';
import { seedExpenses, seedReceipts, seedRows } from '../support/node/app-db';
import { waitForText } from '../support/node/page-measure';
import { fetchReferenceRows, type ReferenceRows } from '../support/node/reference-data';
import type { Harness } from '../e2e/harness';

export const BOOK_EXPENSES = 100_000;

export async function openSeededWindow(harness: Harness, receipts: { count: number; bytes: number } | null = null): Promise<{ page: Page; reference: ReferenceRows }> {
  const reference = await fetchReferenceRows(harness.sim!);
  const page = await harness.openMainWindow();
  await seedRows(page, { ...reference });
  const receiptIds = receipts ? await seedReceipts(page, receipts) : undefined;
  await seedExpenses(page, {
    count: BOOK_EXPENSES,
    workspaces: reference.workspaces,
    categories: reference.categories,
    vendorIds: reference.vendors.map((vendor) => vendor.id),
    endDate: new Date().toISOString().slice(0, 10),
    spanDays: 3 * 365,
    stateShares: { pending: 0.02, error: 0.004, conflict: 0.004, locked: 0.05 },
    ...(receiptIds ? { receiptIds } : {}),
  });
  await page.reload({ waitUntil: 'commit' });
  await waitForText(page, '[data-testid=list-summary]', BOOK_EXPENSES.toLocaleString('en-US'));
  return { page, reference };
}
