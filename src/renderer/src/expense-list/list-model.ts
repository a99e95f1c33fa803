/**
 * Pure list logic: order, filters, month groups with totals per currency. Kept free of Vue and
 * Dexie so it is easy to test and fast over 100,000 rows (one pass, no per-row allocation beyond
 * the list items).
 */
import type { LocalExpense, SyncState } from '@shared/model/expense';
import { decimalStringToMinor } from '@shared/money';
import { formatMonth, monthKeyOf } from '@shared/dates';
import { possibleDuplicateIds } from '@shared/duplicates/rules';

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
  /** 'only': just the expenses with a likely duplicate (src/shared/duplicates/rules.ts). */
  duplicates: '' | 'only';
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
  duplicates: '',
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
  /** The row's search text; `index` is its position in `rows`. */
  searchText: (e: LocalExpense, index: number) => string,
  /** A row's receipt by content, for the duplicates filter (src/renderer/src/duplicates/receipt-keys.ts). */
  receiptKey?: (e: LocalExpense) => string | null,
): readonly LocalExpense[] {
  if (!isFiltering(f)) return rows;
  const words = f.text.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const billable = f.billable === 'any' ? null : f.billable === 'yes';
  const reimbursable = f.reimbursable === 'any' ? null : f.reimbursable === 'yes';
  const duplicates = f.duplicates === 'only' ? possibleDuplicateIds(rows, undefined, receiptKey) : null;
  return rows.filter((e, index) => {
    if (duplicates && !duplicates.has(e.id)) return false;
    if (f.workspaceId && e.workspaceId !== f.workspaceId) return false;
    if (f.categoryId && e.categoryId !== f.categoryId) return false;
    if (f.from && e.date < f.from) return false;
    if (f.to && e.date > f.to) return false;
    if (billable !== null && e.billable !== billable) return false;
    if (reimbursable !== null && e.reimbursable !== reimbursable) return false;
    if (f.syncState && e.syncState !== f.syncState) return false;
    if (words.length > 0) {
      const text = searchText(e, index);
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
  return groupWithHeaders(rows, locale).items;
}

function groupWithHeaders(rows: readonly LocalExpense[], locale: string): { items: ListItem[]; headers: number[] } {
  // Runs over every row on each change (Save included), so the per-row work is kept to string
  // compares and number adds: no slicing, no per-row objects, totals in a plain record.
  const items: ListItem[] = [];
  const headers: number[] = [];
  let header: MonthHeader | null = null;
  let totals: Record<string, number> = {};
  const close = () => {
    if (header) {
      header.totals = Object.keys(totals)
        .sort((a, b) => a.localeCompare(b))
        .map((currency) => ({ currency, minor: totals[currency]! }));
    }
  };
  for (const e of rows) {
    if (!header || !e.date.startsWith(header.monthKey)) {
      close();
      const monthKey = monthKeyOf(e.date);
      header = { kind: 'month', key: `m:${monthKey}`, monthKey, label: formatMonth(monthKey, locale), count: 0, totals: [] };
      totals = {};
      headers.push(items.length);
      items.push(header);
    }
    header.count++;
    if (e.foreignAmount && e.amountCents === 0) {
      const t = totalContribution(e);
      if (t) totals[t.currency] = (totals[t.currency] ?? 0) + t.minor;
    } else {
      totals[e.currency] = (totals[e.currency] ?? 0) + e.amountCents;
    }
    items.push(e);
  }
  close();
  return { items, headers };
}

/** A grouping of `rows`: its items, and where among them the month headers are (ascending). */
export interface Grouping {
  rows: readonly LocalExpense[];
  items: readonly ListItem[];
  /**
   * Item indexes of the month headers. The virtual list sizes items from these: asking each of
   * 100,000 items whether it is a header costs ~10 ms on every Save.
   */
  headers: readonly number[];
  locale: string;
}

export function group(rows: readonly LocalExpense[], locale: string): Grouping {
  return { rows, ...groupWithHeaders(rows, locale), locale };
}

/** Beyond this many rows changed, regrouping everything is as quick as patching. */
const PATCHABLE_CHANGE = 64;

/**
 * group(rows, locale), derived from the previous grouping when only a few rows differ (a
 * Save, an edit, a sync state): only the months those rows belong to are regrouped, the other
 * month headers and items are reused. Rows must be in list order, and `prev.rows` unchanged since.
 */
export function regroup(prev: Grouping | null, rows: readonly LocalExpense[], locale: string): Grouping {
  if (!prev || prev.locale !== locale) return group(rows, locale);
  const old = prev.rows;
  // The changed window: rows before `a` and after `newEnd`/`oldEnd` are the same objects.
  let a = 0;
  const shorter = Math.min(rows.length, old.length);
  while (a < shorter && rows[a] === old[a]) a++;
  let newEnd = rows.length;
  let oldEnd = old.length;
  while (newEnd > a && oldEnd > a && rows[newEnd - 1] === old[oldEnd - 1]) {
    newEnd--;
    oldEnd--;
  }
  if (a === newEnd && a === oldEnd) return { ...prev, rows };
  if (newEnd - a + (oldEnd - a) > PATCHABLE_CHANGE) return group(rows, locale);

  const touched = new Set<string>();
  for (let i = a; i < newEnd; i++) touched.add(monthKeyOf(rows[i]!.date));
  for (let i = a; i < oldEnd; i++) touched.add(monthKeyOf(old[i]!.date));
  // Widen to whole months; outside the window both lists agree, so the old range follows.
  let start = a;
  while (start > 0 && touched.has(monthKeyOf(rows[start - 1]!.date))) start--;
  let end = Math.max(newEnd, a);
  while (end < rows.length && touched.has(monthKeyOf(rows[end]!.date))) end++;
  const oldStart = start;
  const oldStop = end - newEnd + oldEnd;

  // Where the old range begins among the items: the header of old row `oldStart` (the first row of
  // its month), which has `oldStart` rows and j headers before it.
  let itemStart = prev.items.length;
  if (oldStart < old.length) {
    const j = prev.headers.findIndex((h, k) => h - k === oldStart);
    if (j < 0) return group(rows, locale);
    itemStart = prev.headers[j]!;
  }
  let oldMonths = 0;
  for (let i = oldStart; i < oldStop; i++) {
    if (i === oldStart || !old[i]!.date.startsWith(monthKeyOf(old[i - 1]!.date))) oldMonths++;
  }
  const itemStop = itemStart + (oldStop - oldStart) + oldMonths;
  const middle = groupWithHeaders(rows.slice(start, end), locale);
  const shift = middle.items.length - (itemStop - itemStart);
  const headers: number[] = [];
  for (const h of prev.headers) if (h < itemStart) headers.push(h);
  for (const h of middle.headers) headers.push(itemStart + h);
  for (const h of prev.headers) if (h >= itemStop) headers.push(h + shift);
  return { rows, items: prev.items.slice(0, itemStart).concat(middle.items, prev.items.slice(itemStop)), headers, locale };
}
