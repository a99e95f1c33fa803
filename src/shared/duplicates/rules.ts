/**
 * When two expenses are likely the same spending entered twice: the same receipt file, or the
 * same amount in the same currency within a day of each other with a similar merchant, vendor or
 * notes. Plain rules on plain values; the renderer finds the candidates through indexes.
 */
import { nameSimilarity } from '../receipt-reading/suggest';

export interface DuplicateCandidate {
  id: string;
  date: string;
  notes: string;
  vendorId: string | null;
  receiptId: string | null;
}

/**
 * same-receipt: the same bytes (the same file row, another row with the same SHA-256, or a
 * Kantata attachment whose downloaded bytes hash the same). same-receipt-unconfirmed: a Kantata
 * attachment with the same size and file name whose bytes could not be downloaded to compare.
 */
export type DuplicateReason = 'same-receipt' | 'same-receipt-unconfirmed' | 'same-amount';

/**
 * A file name as Kantata keeps it, for comparing: Kantata allows only letters, digits, `_` and `-`
 * (the uploader folds accents and turns the rest into `_`), so "Quittung Müller.JPG" and
 * "Quittung_Muller.jpg" are the same name.
 */
export function comparableFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const fold = (part: string): string =>
    part
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
  return dot > 0 ? `${fold(base.slice(0, dot))}.${fold(base.slice(dot + 1))}` : fold(base);
}

/** Dates one calendar day apart or closer (receipts printed just before midnight, time zones). */
export function withinOneDay(a: string, b: string): boolean {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) <= 86_400_000;
}

export function shiftDate(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Same vendor, or notes (where the merchant's name usually goes) that name the same place. */
export function describesSamePlace(a: DuplicateCandidate, b: DuplicateCandidate, vendorName: (id: string) => string | null): boolean {
  if (a.vendorId !== null && a.vendorId === b.vendorId) return true;
  const texts = (e: DuplicateCandidate): string[] =>
    [e.notes, e.vendorId ? vendorName(e.vendorId) : null].filter((t): t is string => !!t && t.trim() !== '');
  return texts(a).some((x) => texts(b).some((y) => nameSimilarity(x, y) >= 0.8));
}

interface ListedExpense extends DuplicateCandidate {
  amountCents: number;
  currency: string;
  foreignAmount: { value: string; currency: string } | null;
  deleted?: boolean;
}

/**
 * The ids of every expense with a likely duplicate among `rows` (the list's "Possible duplicates"
 * filter): one pass grouping by receipt and by amount, then pairs within a day at a similar place.
 * `receiptKey` names a row's receipt by its content where that is known (the same bytes in two
 * file rows, or in a Kantata attachment, give one key); by default the local file row.
 */
export function possibleDuplicateIds<T extends ListedExpense>(
  rows: readonly T[],
  vendorName: (id: string) => string | null = () => null,
  receiptKey: (row: T) => string | null = (row) => row.receiptId,
): Set<string> {
  const ids = new Set<string>();
  const byReceipt = new Map<string, T[]>();
  const byAmount = new Map<string, T[]>();
  for (const row of rows) {
    if (row.deleted) continue;
    const receipt = receiptKey(row);
    if (receipt) byReceipt.set(receipt, [...(byReceipt.get(receipt) ?? []), row]);
    const key = row.foreignAmount ? `f|${row.foreignAmount.currency}|${row.foreignAmount.value}` : `p|${row.currency}|${row.amountCents}`;
    const group = byAmount.get(key);
    if (group) group.push(row);
    else byAmount.set(key, [row]);
  }
  for (const group of byReceipt.values()) if (group.length > 1) group.forEach((row) => ids.add(row.id));
  for (const group of byAmount.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (let i = 0; i < sorted.length; i += 1) {
      for (let j = i + 1; j < sorted.length && withinOneDay(sorted[i]!.date, sorted[j]!.date); j += 1) {
        if (describesSamePlace(sorted[i]!, sorted[j]!, vendorName)) {
          ids.add(sorted[i]!.id);
          ids.add(sorted[j]!.id);
        }
      }
    }
  }
  return ids;
}
