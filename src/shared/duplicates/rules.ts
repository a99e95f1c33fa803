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

export type DuplicateReason = 'same-receipt' | 'same-amount';

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
