/**
 * Suggestions from a read merchant name: the cached Kantata vendor it most likely is (fuzzy name
 * match), and the category the user chose before for that vendor or merchant.
 */
import { distance } from 'fastest-levenshtein';

/** Upper case, letters and digits only, legal forms dropped: "Book Ta.K Sdn. Bhd." → "BOOK TA K". */
export function comparableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .replace(/\b(SDN BHD|SDN|BHD|BERHAD|S B|LTD|LIMITED|LLC|INC|CORP|GMBH|AG|KG|SARL|SAS|PLC|PTE|CO|COMPANY|THE|M)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** 0..1: 1 − edit distance ÷ longer length, or 0.9 when one name holds the other whole. */
export function nameSimilarity(a: string, b: string): number {
  const x = comparableName(a);
  const y = comparableName(b);
  if (x === '' || y === '') return 0;
  if (x === y) return 1;
  const longer = Math.max(x.length, y.length);
  const edit = 1 - distance(x, y) / longer;
  const contained = (x.length >= 4 && y.includes(x)) || (y.length >= 4 && x.includes(y)) ? 0.9 : 0;
  return Math.max(edit, contained);
}

export const VENDOR_MATCH = 0.8;

export function suggestVendor<V extends { id: string; name: string }>(merchant: string, vendors: readonly V[]): V | null {
  let best: V | null = null;
  let score = VENDOR_MATCH;
  for (const vendor of vendors) {
    const similarity = nameSimilarity(merchant, vendor.name);
    if (similarity >= score) {
      best = vendor;
      score = similarity;
    }
  }
  return best;
}

export interface PastExpense {
  vendorId: string | null;
  notes: string;
  categoryId: string;
  date: string;
}

/** Whether an earlier expense's notes name the merchant read from a receipt. */
export function notesNameMerchant(notes: string, merchant: string): boolean {
  return nameSimilarity(merchant, notes) >= VENDOR_MATCH;
}

/**
 * The category of the latest earlier expense with that vendor, or whose notes name the merchant.
 * `history` may hold every expense (the main window has them in memory) or only those an index
 * found for this vendor and merchant (src/renderer/src/receipt-reading/history.ts, which finds
 * the notes that begin with the merchant's first word).
 */
export function suggestCategory(history: readonly PastExpense[], merchant: string | null, vendorId: string | null): string | null {
  let latest: PastExpense | null = null;
  for (const past of history) {
    const same = (vendorId !== null && past.vendorId === vendorId) || (merchant !== null && notesNameMerchant(past.notes, merchant));
    if (same && past.categoryId && (!latest || past.date > latest.date)) latest = past;
  }
  return latest?.categoryId ?? null;
}
