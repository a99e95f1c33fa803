/**
 * Pure list logic: order, filters, month groups with totals per currency. Kept free of Vue and
 * Dexie so it is easy to test and fast over 100,000 rows (one pass, no per-row allocation beyond
 * the list items).
 */
import type { LocalExpense, SyncState } from '@shared/model/expense';
import { decimalStringToMinor } from '@shared/money';
import { formatMonth, monthKeyOf } from '@shared/dates';

export type TriState = 'any' | 'yes' | 'no';

export interface ExpenseFilters {
  text: string;
  workspaceId: string;
  categoryId: string;
  /** Inclusive YYYY-MM-DD bounds; '' for open. */
  from: string;
  to: string;
  billable: TriState;
  reimbursable: TriState;
  syncState: SyncState | '';
}

export const NO_FILTERS: Readonly<ExpenseFilters> = Object.freeze({
  text: '',
  workspaceId: '',
  categoryId: '',
  from: '',
  to: '',
  billable: 'any',
  reimbursable: 'any',
  syncState: '',
});

export interface CurrencyTotal {
  currency: string;
  minor: number;
}

export interface MonthHeader {
  kind: 'month';
  key: string;
  monthKey: string;
  label: string;
  count: number;
  totals: CurrencyTotal[];
}

/** A month header, or an expense itself (no wrapper object: 100,000 fewer allocations per change). */
export type ListItem = MonthHeader | LocalExpense;

export function isMonthHeader(item: ListItem | undefined): item is MonthHeader {
  return (item as MonthHeader | undefined)?.kind === 'month';
}

/** The virtual list's stable key for an item. */
export function itemKey(item: ListItem): string {
  return isMonthHeader(item) ? item.key : item.id;
}

/** The list order: newest date first, then id descending (the reverse of the [date+id] index). */
export function compareForList(a: Pick<LocalExpense, 'date' | 'id'>, b: Pick<LocalExpense, 'date' | 'id'>): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  if (a.id !== b.id) return a.id < b.id ? 1 : -1;
  return 0;
}

/** Position where `row` is or would be in a list sorted by compareForList (binary search). */
export function sortedIndexOf(rows: readonly LocalExpense[], row: Pick<LocalExpense, 'date' | 'id'>): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareForList(rows[mid]!, row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Names the text filter also searches, by id (project title, vendor name). */
export interface SearchNames {
  workspace: (id: string) => string | undefined;
  vendor: (id: string) => string | undefined;
}

export function searchTextOf(e: LocalExpense, names: SearchNames): string {
  return [e.notes, e.category, names.workspace(e.workspaceId) ?? '', e.vendorId ? (names.vendor(e.vendorId) ?? '') : '', e.date]
    .join('\u0001')
    .toLocaleLowerCase();
}

export function isFiltering(f: ExpenseFilters): boolean {
  return (Object.keys(NO_FILTERS) as Array<keyof ExpenseFilters>).some((k) => f[k].trim() !== NO_FILTERS[k]);
}

export function filterExpenses(
  rows: readonly LocalExpense[],
  f: ExpenseFilters,
  searchText: (e: LocalExpense) => string,
): readonly LocalExpense[] {
  if (!isFiltering(f)) return rows;
  const words = f.text.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const billable = f.billable === 'any' ? null : f.billable === 'yes';
  const reimbursable = f.reimbursable === 'any' ? null : f.reimbursable === 'yes';
  return rows.filter((e) => {
    if (f.workspaceId && e.workspaceId !== f.workspaceId) return false;
    if (f.categoryId && e.categoryId !== f.categoryId) return false;
    if (f.from && e.date < f.from) return false;
    if (f.to && e.date > f.to) return false;
    if (billable !== null && e.billable !== billable) return false;
    if (reimbursable !== null && e.reimbursable !== reimbursable) return false;
    if (f.syncState && e.syncState !== f.syncState) return false;
    if (words.length > 0) {
      const text = searchText(e);
      for (const w of words) if (!text.includes(w)) return false;
    }
    return true;
  });
}

/**
 * What an expense adds to its month's totals: its amount in the project currency, or, while the
 * server has not converted a foreign amount yet (amountCents 0), the foreign amount in its currency.
 */
export function totalContribution(e: LocalExpense): CurrencyTotal | null {
  if (e.foreignAmount && e.amountCents === 0) {
    const minor = decimalStringToMinor(e.foreignAmount.value, e.foreignAmount.currency);
    return minor === null ? null : { currency: e.foreignAmount.currency, minor };
  }
  return { currency: e.currency, minor: e.amountCents };
}

/** Month headers followed by their expenses; rows must already be in list order. */
export function groupByMonth(rows: readonly LocalExpense[], locale: string): ListItem[] {
  const items: ListItem[] = [];
  let header: MonthHeader | null = null;
  let totals = new Map<string, number>();
  const close = () => {
    if (header) header.totals = [...totals].map(([currency, minor]) => ({ currency, minor })).sort((a, b) => a.currency.localeCompare(b.currency));
  };
  for (const e of rows) {
    const monthKey = monthKeyOf(e.date);
    if (!header || header.monthKey !== monthKey) {
      close();
      header = { kind: 'month', key: `m:${monthKey}`, monthKey, label: formatMonth(monthKey, locale), count: 0, totals: [] };
      totals = new Map();
      items.push(header);
    }
    header.count++;
    const t = totalContribution(e);
    if (t) totals.set(t.currency, (totals.get(t.currency) ?? 0) + t.minor);
    items.push(e);
  }
  close();
  return items;
}
