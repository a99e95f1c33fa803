/**
 * The user's history with a merchant or vendor, from the database, for the category a read
 * receipt suggests (suggestCategory) in a window that does not hold the expense list in memory
 * (quick-add). Through indexes (schema version 6), never a read of every row: the expenses with
 * that vendor (`vendorId`), and those whose notes begin with the first word of the merchant's
 * name (`notes`, a few prefix ranges). suggestCategory then decides among them as it does over the
 * whole list. A note that names the merchant only after other words ("Dinner at Hilton"), or whose
 * first word was typed differently, is found by the whole list in the main window, not here:
 * walking every distinct note to compare it measured slower than reading every row.
 */
import type { PastExpense } from '@shared/receipt-reading/suggest';
import type { CourierDatabase } from '@renderer/db/database';
import { getDb } from '@renderer/db/current';

export interface HistoryMatch {
  merchant: string | null;
  vendorId: string | null;
}

/**
 * How a note naming the merchant may begin: the first word of its name (three letters or more)
 * as OCR prints it, in capitals, in lower case and capitalised, each with and without accents.
 * Each is one key range of the `notes` index.
 */
function leadingWords(merchant: string): string[] {
  const first = merchant.split(/[^\p{L}\p{N}]+/u).find((word) => word.length >= 3);
  if (!first) return [];
  const lower = first.toLowerCase();
  const forms = [first, first.toUpperCase(), lower, lower.charAt(0).toUpperCase() + lower.slice(1)];
  return [...new Set([...forms, ...forms.map((form) => form.normalize('NFKD').replace(/\p{M}/gu, ''))])];
}

export async function pastExpensesWith(match: HistoryMatch, db: CourierDatabase = getDb()): Promise<PastExpense[]> {
  const { merchant, vendorId } = match;
  const words = merchant ? leadingWords(merchant) : [];
  return db.transaction('r', db.expenses, async () => {
    const [byVendor, byNotes] = await Promise.all([
      vendorId ? db.expenses.where('vendorId').equals(vendorId).toArray() : [],
      Promise.all(words.map((word) => db.expenses.where('notes').startsWith(word).toArray())),
    ]);
    const rows = new Map([...byVendor, ...byNotes.flat()].map((row) => [row.id, row]));
    return [...rows.values()].filter((row) => !row.deleted);
  });
}
