/**
 * Everything the Insights view shows, from one pass over the expenses the list shows (the
 * expenses store's `filtered`: the same in-memory rows, read from Dexie once for the list and
 * kept live). No chart walks the rows on its own. Plain TS, no Vue: tested and benched directly.
 *
 * Amounts are summed per currency and never converted here. Two bases:
 * - 'paid': what the user paid, in the currency it was paid in (the foreign amount when there is
 *   one, else the amount in the project's currency);
 * - 'project': the project's currency, using Kantata's own conversion of foreign amounts (the
 *   list's month totals, `totalContribution`). A foreign amount Kantata has not converted yet
 *   stays in its own currency and is counted in `unconverted`.
 */
import type { LocalExpense } from '@shared/model/expense';
import { decimalStringToMinor } from '@shared/money';
import { monthKeyOf } from '@shared/dates';
import { totalContribution, type CurrencyTotal } from '@renderer/expense-list/list-model';

export type AmountBasis = 'paid' | 'project';

/** One currency's part of a group: its sum in minor units and how many expenses make it. */
export interface CurrencySum {
  minor: number;
  count: number;
}

/** Totals of one group (a month, a project, a category, a tile): per currency. */
export interface Bucket {
  count: number;
  totals: Map<string, CurrencySum>;
}

export interface Insights {
  /** By month key ("2026-11"). */
  months: Map<string, Bucket>;
  /** By workspace id. */
  projects: Map<string, Bucket>;
  /** By category id; `categoryNames` holds the category name the rows carry. */
  categories: Map<string, Bucket>;
  categoryNames: Map<string, string>;
  /** Every currency with an amount, most expenses first (then by code). */
  currencies: string[];
  thisMonth: Bucket;
  billable: Bucket;
  nonBillable: Bucket;
  /** Expenses waiting to sync (pending) and refused by Kantata (error). */
  waiting: number;
  refused: number;
  /** Rows counted in `count` everywhere but whose amount could not be read (a damaged foreign amount). */
  unreadable: number;
  /** Basis 'project' only: foreign amounts Kantata has not converted yet, summed in their own currency. */
  unconverted: number;
  /** Rows seen. */
  count: number;
}

function bucket(): Bucket {
  return { count: 0, totals: new Map() };
}

function add(b: Bucket, currency: string | null, minor: number): void {
  b.count++;
  if (currency === null) return;
  const sum = b.totals.get(currency);
  if (sum) {
    sum.minor += minor;
    sum.count++;
  } else {
    b.totals.set(currency, { minor, count: 1 });
  }
}

function bucketOf(map: Map<string, Bucket>, key: string): Bucket {
  let b = map.get(key);
  if (!b) map.set(key, (b = bucket()));
  return b;
}

/** The amount as paid: the foreign amount in its currency, else the amount in the project's currency. */
export function paidAmount(e: LocalExpense): CurrencyTotal | null {
  if (e.foreignAmount) {
    const minor = decimalStringToMinor(e.foreignAmount.value, e.foreignAmount.currency);
    return minor === null ? null : { currency: e.foreignAmount.currency, minor };
  }
  return { currency: e.currency, minor: e.amountCents };
}

export function amountOf(e: LocalExpense, basis: AmountBasis): CurrencyTotal | null {
  return basis === 'paid' ? paidAmount(e) : totalContribution(e);
}

export function aggregateExpenses(
  rows: readonly LocalExpense[],
  options: { basis: AmountBasis; /** "2026-12": the month the "this month" tile sums. */ thisMonth: string },
): Insights {
  const out: Insights = {
    months: new Map(),
    projects: new Map(),
    categories: new Map(),
    categoryNames: new Map(),
    currencies: [],
    thisMonth: bucket(),
    billable: bucket(),
    nonBillable: bucket(),
    waiting: 0,
    refused: 0,
    unreadable: 0,
    unconverted: 0,
    count: rows.length,
  };
  const currencyCounts = new Map<string, number>();
  const project = options.basis === 'project';
  // Rows come in list order (by date), so consecutive rows mostly share a date: its month's
  // bucket is looked up once per date, not once per row.
  let lastDate = '';
  let monthBucket: Bucket = bucket();
  let inThisMonth = false;
  for (const e of rows) {
    // One definition of each basis (paidAmount, the list's totalContribution); a short-lived object per row costs little.
    const amount = amountOf(e, options.basis);
    const currency = amount ? amount.currency : null;
    const minor = amount ? amount.minor : 0;
    if (project && e.foreignAmount && e.amountCents === 0) out.unconverted++;
    if (currency === null) out.unreadable++;
    else currencyCounts.set(currency, (currencyCounts.get(currency) ?? 0) + 1);
    if (e.date !== lastDate) {
      lastDate = e.date;
      const month = monthKeyOf(e.date);
      monthBucket = bucketOf(out.months, month);
      inThisMonth = month === options.thisMonth;
    }
    add(monthBucket, currency, minor);
    add(bucketOf(out.projects, e.workspaceId), currency, minor);
    add(bucketOf(out.categories, e.categoryId), currency, minor);
    if (!out.categoryNames.has(e.categoryId)) out.categoryNames.set(e.categoryId, e.category);
    if (inThisMonth) add(out.thisMonth, currency, minor);
    add(e.billable ? out.billable : out.nonBillable, currency, minor);
    if (e.syncState === 'pending') out.waiting++;
    else if (e.syncState === 'error') out.refused++;
  }
  out.currencies = [...currencyCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([currency]) => currency);
  return out;
}

/** One bar or slice of a chart: a group's total in one currency. */
export interface Point {
  key: string;
  label: string;
  minor: number;
  /** Expenses in the group with an amount in this currency. */
  count: number;
}

/**
 * The months from the first to the last with an amount in `currency`, gaps included as zero (a
 * time axis with holes would hide that nothing was spent), oldest first.
 */
export function monthSeries(insights: Insights, currency: string, label: (monthKey: string) => string): Point[] {
  const keys = [...insights.months.keys()].filter((k) => insights.months.get(k)!.totals.has(currency)).sort();
  if (keys.length === 0) return [];
  const points: Point[] = [];
  let [y, m] = keys[0]!.split('-').map(Number) as [number, number];
  const last = keys.at(-1)!;
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    const sum = insights.months.get(key)?.totals.get(currency);
    points.push({ key, label: label(key), minor: sum?.minor ?? 0, count: sum?.count ?? 0 });
    if (key >= last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return points;
}

/** The groups of `map` with an amount in `currency`, largest first. */
export function rankedSeries(map: Map<string, Bucket>, currency: string, label: (key: string) => string): Point[] {
  const points: Point[] = [];
  for (const [key, b] of map) {
    const sum = b.totals.get(currency);
    if (sum) points.push({ key, label: label(key), minor: sum.minor, count: sum.count });
  }
  return points.sort((a, b) => b.minor - a.minor || (a.label < b.label ? -1 : 1));
}

/** "2026-11" → the first and last day of that month, as the list's date filters take them. */
export function monthRange(monthKey: string): { from: string; to: string } {
  const [y, m] = monthKey.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${monthKey}-01`, to: `${monthKey}-${String(lastDay).padStart(2, '0')}` };
}
