/**
 * The history a read receipt's category is suggested from, found through the database's indexes
 * (quick-add) rather than the whole list (the main window): for any merchant and vendor, the
 * suggestion from the rows the indexes find is the suggestion from every row, as long as the notes
 * that name the merchant begin with the first word of its name (the indexes' limit, see history.ts).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { newLocalExpense, type ExpenseFields } from '@shared/model/expense';
import { suggestCategory } from '@shared/receipt-reading/suggest';
import { CourierDatabase } from '@renderer/db/database';
import { pastExpensesWith } from '@renderer/receipt-reading/history';

const base: ExpenseFields = {
  workspaceId: 'w1', date: '2026-01-01', categoryId: 'c1', category: 'Travel', amountCents: 1250, currency: 'EUR',
  foreignAmount: null, notes: '', billable: false, reimbursable: true, vendorId: null, storyId: null,
  expenseBudgetId: null, receiptId: null,
};

const NOTES = ['HILTON BERLIN GMBH', 'Hilton Berlin', 'Hilton breakfast', 'Carrefour Market', 'carrefour market paris', 'Taxi G7', 'TAXI G7', 'Team lunch', 'Marché Bio', ''];
const VENDORS = [null, null, 'v1', 'v2', 'v3'];

let db: CourierDatabase | null = null;
afterEach(async () => {
  await db?.delete();
  db = null;
});

describe('the history a read receipt suggests its category from', () => {
  it('gives the same suggestion through the indexes as over every expense, deleted ones left out', async () => {
    db = new CourierDatabase(`history-${crypto.randomUUID()}`);
    const rows = Array.from({ length: 400 }, (_, i) => ({
      ...newLocalExpense(
        {
          ...base,
          notes: NOTES[(i * 7) % NOTES.length]!,
          vendorId: VENDORS[(i * 3) % VENDORS.length]!,
          categoryId: `c${1 + (i % 6)}`,
          date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 5) % 28)).padStart(2, '0')}`,
        },
        { now: 1_700_000_000_000 + i },
      ),
      deleted: i % 11 === 0,
    }));
    await db.expenses.bulkAdd(rows);
    const live = rows.filter((row) => !row.deleted);
    const deletedIds = new Set(rows.filter((row) => row.deleted).map((row) => row.id));

    for (const merchant of ['HILTON BERLIN GMBH', 'Carrefour Market', 'TAXI G7', 'MARCHÉ BIO', 'Boulangerie Dupont', null]) {
      for (const vendorId of ['v1', 'v2', 'v9', null]) {
        const found = await pastExpensesWith({ merchant, vendorId }, db);
        expect(found.filter((row) => deletedIds.has((row as { id?: string }).id ?? ''))).toEqual([]);
        expect(suggestCategory(found, merchant, vendorId), `${merchant} / ${vendorId}`).toBe(suggestCategory(live, merchant, vendorId));
      }
    }
    // Only the rows that can matter are read: the merchant's and the vendor's.
    const hilton = await pastExpensesWith({ merchant: 'HILTON BERLIN GMBH', vendorId: null }, db);
    expect(hilton.length).toBeGreaterThan(0);
    expect(new Set(hilton.map((row) => row.notes))).toEqual(new Set(['HILTON BERLIN GMBH', 'Hilton Berlin', 'Hilton breakfast']));
    expect(new Set((await pastExpensesWith({ merchant: 'MARCHÉ BIO', vendorId: null }, db)).map((row) => row.notes))).toEqual(new Set(['Marché Bio']));
    expect(await pastExpensesWith({ merchant: null, vendorId: null }, db)).toEqual([]);
  });
});
