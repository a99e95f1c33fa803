import { describe, expect, it } from 'vitest';
import { newLocalExpense, type LocalExpense } from '@shared/model/expense';
import {
  compareForList,
  filterExpenses,
  groupByMonth,
  isFiltering,
  itemKey,
  NO_FILTERS,
  regroup,
  group,
  searchTextOf,
  sortedIndexOf,
  totalContribution,
  type Grouping,
  type ListItem,
} from '@renderer/expense-list/list-model';

function expense(id: string, date: string, over: Partial<LocalExpense> = {}): LocalExpense {
  const fields = {
    date, workspaceId: 'w1', categoryId: 'c1', category: 'Travel', amountCents: 1000, currency: 'USD', foreignAmount: null,
    notes: '', billable: false, reimbursable: false, vendorId: null, storyId: null, expenseBudgetId: null, receiptId: null,
  };
  return { ...newLocalExpense(fields, { id, now: 0 }), ...over };
}

describe('list order', () => {
  it('sorts newest date first, then id descending, and finds insertion points', () => {
    const rows = [expense('a', '2026-01-01'), expense('c', '2026-03-01'), expense('b', '2026-01-01')].sort(compareForList);
    expect(rows.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(sortedIndexOf(rows, { date: '2026-02-01', id: 'x' })).toBe(1);
    expect(sortedIndexOf(rows, { date: '2026-01-01', id: 'b' })).toBe(1);
    expect(sortedIndexOf(rows, { date: '2025-12-31', id: 'z' })).toBe(3);
  });
});

describe('month groups and totals', () => {
  it('adds a header per month with its count and totals per currency', () => {
    const rows = [
      expense('1', '2026-11-20', { amountCents: 1250 }),
      expense('2', '2026-11-02', { amountCents: 750, currency: 'EUR' }),
      expense('3', '2026-11-01', { amountCents: 0, foreignAmount: { value: '10.5', currency: 'GBP' } }),
      expense('4', '2026-11-01', { amountCents: 900, foreignAmount: { value: '10.5', currency: 'GBP' } }),
      expense('5', '2026-10-31', { amountCents: 5 }),
    ];
    const items = groupByMonth(rows, 'en-US');
    expect(items.map(itemKey)).toEqual(['m:2026-11', '1', '2', '3', '4', 'm:2026-10', '5']);
    expect(items[1]).toBe(rows[0]);
    expect(items[0]).toMatchObject({
      label: 'November 2026',
      count: 4,
      totals: [
        { currency: 'EUR', minor: 750 },
        { currency: 'GBP', minor: 1050 },
        { currency: 'USD', minor: 2150 },
      ],
    });
    expect(items[5]).toMatchObject({ label: 'October 2026', count: 1, totals: [{ currency: 'USD', minor: 5 }] });
    expect(totalContribution(rows[2]!)).toEqual({ currency: 'GBP', minor: 1050 });
  });
});

describe('regrouping after a change', () => {
  // A small deterministic generator, so a failure reproduces.
  function random(seed: number): () => number {
    let x = seed;
    return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  }
  const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

  it('gives what grouping from scratch gives, reusing untouched month headers', () => {
    const next = random(7);
    let rows = Array.from({ length: 400 }, (_, i) => expense(`e${String(i).padStart(4, '0')}`, day(Math.floor(next() * 120)), { amountCents: i }))
      .sort(compareForList);
    let prev: Grouping = group(rows, 'en-US');
    const headersOf = (items: readonly ListItem[]) => items.flatMap((item, i) => ('kind' in item ? [i] : []));
    for (let step = 0; step < 300; step++) {
      const copy = rows.slice();
      const pick = Math.floor(next() * copy.length);
      const kind = next();
      if (kind < 0.35 || copy.length === 0) {
        const row = expense(`n${step}`, day(Math.floor(next() * 150) - 15), { amountCents: step, currency: next() < 0.2 ? 'EUR' : 'USD' });
        copy.splice(sortedIndexOf(copy, row), 0, row);
      } else if (kind < 0.65) {
        copy.splice(pick, 1);
      } else {
        const moved = { ...copy[pick]!, date: day(Math.floor(next() * 150) - 15), amountCents: step };
        copy.splice(pick, 1);
        copy.splice(sortedIndexOf(copy, moved), 0, moved);
      }
      const regrouped = regroup(prev, copy, 'en-US');
      expect(regrouped.items).toEqual(groupByMonth(copy, 'en-US'));
      expect(regrouped.headers).toEqual(headersOf(regrouped.items));
      rows = copy;
      prev = regrouped;
    }
    // A save into one month leaves the other months' headers as they were.
    const saved = expense('zz', rows[0]!.date);
    const after = rows.slice();
    after.splice(sortedIndexOf(after, saved), 0, saved);
    const { items, headers } = regroup(prev, after, 'en-US');
    const lastHeader = prev.items.findLast((item) => 'kind' in item);
    expect(items.at(-1)).toBe(prev.items.at(-1));
    expect(items.includes(lastHeader!)).toBe(true);
    expect(headers).toEqual(headersOf(items));
    expect(regroup({ rows: after, items, headers, locale: 'en-US' }, after, 'en-US').items).toBe(items);
  });
});

describe('filters', () => {
  const rows = [
    expense('1', '2026-11-20', { notes: 'Taxi to airport', billable: true, workspaceId: 'w2' }),
    expense('2', '2026-11-02', { notes: 'Hotel', reimbursable: true, categoryId: 'c3', category: 'Lodging', syncState: 'error' }),
    expense('3', '2026-10-01', { notes: 'Dinner', vendorId: 'v1' }),
  ];
  const names = { workspace: (id: string) => (id === 'w2' ? 'Berlin migration' : 'Apollo'), vendor: () => 'Lufthansa' };
  const run = (over: Partial<typeof NO_FILTERS>) =>
    filterExpenses(rows, { ...NO_FILTERS, ...over }, (e) => searchTextOf(e, names)).map((e) => e.id);

  it('returns the same rows when nothing is set', () => {
    expect(isFiltering({ ...NO_FILTERS })).toBe(false);
    expect(isFiltering({ ...NO_FILTERS, text: '  ' })).toBe(false);
    expect(filterExpenses(rows, { ...NO_FILTERS }, () => '')).toBe(rows);
  });

  it('applies each filter', () => {
    expect(run({ text: 'TAXI' })).toEqual(['1']);
    expect(run({ text: 'berlin taxi' })).toEqual(['1']);
    expect(run({ text: 'lufthansa' })).toEqual(['3']);
    expect(run({ text: 'lodging' })).toEqual(['2']);
    expect(run({ workspaceId: 'w2' })).toEqual(['1']);
    expect(run({ categoryId: 'c3' })).toEqual(['2']);
    expect(run({ from: '2026-11-01' })).toEqual(['1', '2']);
    expect(run({ to: '2026-11-02' })).toEqual(['2', '3']);
    expect(run({ billable: 'yes' })).toEqual(['1']);
    expect(run({ billable: 'no', reimbursable: 'no' })).toEqual(['3']);
    expect(run({ syncState: 'error' })).toEqual(['2']);
  });
});

describe('possible duplicates filter', () => {
  it('keeps only expenses with a likely duplicate: same receipt, or same amount within a day at a similar place', () => {
    const rows = [
      expense('a', '2026-11-20', { notes: 'Café Lumière', amountCents: 4290, currency: 'EUR' }),
      expense('b', '2026-11-21', { notes: 'CAFE LUMIERE SARL', amountCents: 4290, currency: 'EUR' }),
      expense('c', '2026-11-23', { notes: 'Cafe Lumiere', amountCents: 4290, currency: 'EUR' }),
      expense('d', '2026-11-20', { notes: 'Hotel Adlon', amountCents: 4290, currency: 'EUR' }),
      expense('e', '2026-10-01', { notes: 'Taxi', receiptId: 'r1' }),
      expense('f', '2026-09-01', { notes: 'Dinner', receiptId: 'r1' }),
      expense('g', '2026-09-02', { notes: 'Parking', receiptId: 'r2' }),
    ];
    const ids = filterExpenses(rows, { ...NO_FILTERS, duplicates: 'only' }, () => '').map((e) => e.id);
    expect(ids).toEqual(['a', 'b', 'e', 'f']);
    expect(isFiltering({ ...NO_FILTERS, duplicates: 'only' })).toBe(true);
  });
});
