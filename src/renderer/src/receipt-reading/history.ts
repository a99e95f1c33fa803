/**
 * The user's history with a merchant or vendor, from the database, for the category a read
 * receipt suggests (suggestCategory) in a window that does not hold the expense list in memory
 * (quick-add). Through indexes (schema version 6): the expenses with that vendor, and those whose
 * notes name the merchant, found by comparing the distinct notes the `notes` index holds (keys
 * only, no rows read) and then fetching just the matching rows.
 */
import { notesNameMerchant, type PastExpense } from '@shared/receipt-reading/suggest';
import type { CourierDatabase } from '@renderer/db/database';
import { getDb } from '@renderer/db/current';

export interface HistoryMatch {
  merchant: string | null;
  vendorId: string | null;
}

export async function pastExpensesWith(match: HistoryMatch, db: CourierDatabase = getDb()): Promise<PastExpense[]> {
  const { merchant, vendorId } = match;
  return db.transaction('r', db.expenses, async () => {
    const byVendor = vendorId ? db.expenses.where('vendorId').equals(vendorId).toArray() : Promise.resolve([]);
    let byNotes = Promise.resolve<Awaited<typeof byVendor>>([]);
    if (merchant) {
      const notes = (await db.expenses.orderBy('notes').uniqueKeys()).filter(
        (key): key is string => typeof key === 'string' && key !== '' && notesNameMerchant(key, merchant),
      );
      if (notes.length > 0) byNotes = db.expenses.where('notes').anyOf(notes).toArray();
    }
    const rows = new Map([...(await byVendor), ...(await byNotes)].map((row) => [row.id, row]));
    return [...rows.values()].filter((row) => !row.deleted);
  });
}
