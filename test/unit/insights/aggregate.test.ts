/** The Insights aggregation: one pass, per currency, both amount bases, month gaps, the drill-down filters. */
import { describe, expect, it } from 'vitest';
import type { LocalExpense } from '@shared/model/expense';
import { newLocalExpense } from '@shared/model/expense';
import { aggregateExpenses, monthRange, monthSeries, rankedSeries } from '@renderer/insights/aggregate';
import { filterFor } from '@renderer/insights/drill-down';
import { filterExpenses, NO_FILTERS } from '@renderer/expense-list/list-model';

function expense(overrides: Partial<LocalExpense>): LocalExpense {
  return {
    ...newLocalExpense({
      workspaceId: 'w1', date: '2026-01-15', categoryId: 'c1', category: 'Travel', amountCents: 100, currency: 'USD',
      foreignAmount: null, notes: '', billable: true, reimbursable: true, vendorId: null, storyId: null, expenseBudgetId: null, receiptId: null,
    }),
    syncState: 'synced',
    ...overrides,
  };
}

const rows = [
  expense({ date: '2025-11-30', amountCents: 1000 }),
  expense({ date: '2026-02-01', amountCents: 250, billable: false, syncState: 'pending' }),
  expense({ date: '2026-02-03', amountCents: 0, foreignAmount: { value: '1200', currency: 'JPY' }, syncState: 'error' }),
  expense({ date: '2026-02-04', amountCents: 900, foreignAmount: { value: '8.00', currency: 'GBP' }, workspaceId: 'w2', currency: 'EUR', categoryId: 'c2', category: 'Meals' }),
  expense({ date: '2026-02-05', foreignAmount: { value: 'twelve', currency: 'GBP' } }),
];

describe('aggregateExpenses', () => {
  it('as paid: every amount in the currency it was paid in', () => {
    const a = aggregateExpenses(rows, { basis: 'paid', thisMonth: '2026-02' });
    expect(a.count).toBe(5);
    expect(a.currencies).toEqual(['USD', 'GBP', 'JPY']);
    expect(a.unreadable).toBe(1);
    expect(a.unconverted).toBe(0);
    expect(Object.fromEntries(a.months.get('2026-02')!.totals)).toEqual({
      USD: { minor: 250, count: 1 },
      JPY: { minor: 1200, count: 1 },
      GBP: { minor: 800, count: 1 },
    });
    expect(a.months.get('2026-02')!.count).toBe(4);
    expect(a.thisMonth.count).toBe(4);
    expect([a.waiting, a.refused]).toEqual([1, 1]);
    expect(Object.fromEntries(a.nonBillable.totals)).toEqual({ USD: { minor: 250, count: 1 } });
    expect(a.categoryNames.get('c2')).toBe('Meals');
  });

  it("in the project currency: Kantata's conversion where it has one, else the paid currency (counted as unconverted)", () => {
    const a = aggregateExpenses(rows, { basis: 'project', thisMonth: '2026-02' });
    expect(a.unconverted).toBe(1);
    expect(Object.fromEntries(a.projects.get('w2')!.totals)).toEqual({ EUR: { minor: 900, count: 1 } });
    expect(Object.fromEntries(a.projects.get('w1')!.totals)).toEqual({ USD: { minor: 1350, count: 3 }, JPY: { minor: 1200, count: 1 } });
  });

  it('months run without gaps from the first to the last with an amount in the currency; groups rank largest first', () => {
    const a = aggregateExpenses(rows, { basis: 'paid', thisMonth: '2026-02' });
    expect(monthSeries(a, 'USD', (k) => k).map((p) => [p.key, p.minor, p.count])).toEqual([
      ['2025-11', 1000, 1],
      ['2025-12', 0, 0],
      ['2026-01', 0, 0],
      ['2026-02', 250, 1],
    ]);
    expect(monthSeries(a, 'CHF', (k) => k)).toEqual([]);
    expect(rankedSeries(a.categories, 'GBP', (k) => k).map((p) => p.key)).toEqual(['c2']);
  });
});

describe('drill-down filters', () => {
  it('a month is its first to last day, leap years included', () => {
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it("each group's filter selects exactly the rows the group summed", () => {
    const a = aggregateExpenses(rows, { basis: 'paid', thisMonth: '2026-02' });
    const through = (patch: object) => filterExpenses(rows, { ...NO_FILTERS, ...patch }, () => '').length;
    expect(through(filterFor({ kind: 'month', key: '2026-02' }))).toBe(a.months.get('2026-02')!.count);
    expect(through(filterFor({ kind: 'project', key: 'w1' }))).toBe(a.projects.get('w1')!.count);
    expect(through(filterFor({ kind: 'category', key: 'c2' }))).toBe(a.categories.get('c2')!.count);
    expect(through(filterFor({ kind: 'billable', billable: false }))).toBe(a.nonBillable.count);
    expect(through(filterFor({ kind: 'state', state: 'error' }))).toBe(a.refused);
  });
});
