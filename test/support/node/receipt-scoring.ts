/**
 * The scoring rules for read receipts against SROIE labels, used by the OCR bench and
 * its tests: total equal to the cent; date the same calendar day (label read day-first, or
 * month-first where day-first is impossible); merchant similarity ≥ 0.8 after normalising.
 */
import { readFile } from 'node:fs/promises';
import { distance } from 'fastest-levenshtein';

export interface SroieLabel {
  company: string;
  date: string;
  address: string;
  total: string;
}

export const SROIE_DIR = '/work/shared/fixtures/receipts-sroie';

export async function readSroieLabels(dir = SROIE_DIR): Promise<Record<string, SroieLabel>> {
  return JSON.parse(await readFile(`${dir}/labels.json`, 'utf8')) as Record<string, SroieLabel>;
}

export function totalHit(read: string | null, label: string): boolean {
  if (read === null) return false;
  const cents = (value: string): number => Math.round(Number(value.replace(/[^\d.-]/g, '')) * 100);
  return cents(read) === cents(label);
}

/** The label's date as YYYY-MM-DD: day-first, or month-first where day-first is impossible. */
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function labelDate(label: string): string | null {
  const named = /(\d{1,2})\s*([A-Z]{3})[A-Z]*\s*(\d{2,4})/i.exec(label);
  if (named) {
    const [, day = '', word = '', yearText = ''] = named;
    const month = MONTHS.indexOf(word.toUpperCase()) + 1;
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    if (month > 0) return `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`;
  }
  const match = /(\d{1,4})\D+(\d{1,2})\D+(\d{2,4})/.exec(label);
  if (!match) return null;
  const [, a = '', b = '', c = ''] = match;
  const iso = (y: number, m: number, d: number): string | null => {
    if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
  if (a.length === 4) return iso(Number(a), Number(b), Number(c));
  const year = c.length === 2 ? 2000 + Number(c) : Number(c);
  return iso(year, Number(b), Number(a)) ?? iso(year, Number(a), Number(b));
}

export function dateHit(read: string | null, label: string): boolean {
  return read !== null && read === labelDate(label);
}

export function normaliseName(text: string): string {
  return text
    .toUpperCase()
    .replace(/[^A-Z0-9 ]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function merchantSimilarity(read: string, label: string): number {
  const a = normaliseName(read);
  const b = normaliseName(label);
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

export function merchantHit(read: string | null, label: string): boolean {
  return read !== null && merchantSimilarity(read, label) >= 0.8;
}
