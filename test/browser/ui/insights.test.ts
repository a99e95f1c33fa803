/**
 * The Insights view in Chromium, on real IndexedDB through the real app: the charts' data and the
 * tables against the database, the summary tiles, both amount bases, click-through from a bar, a
 * table row and a tile to the filtered list, the list's filters shared, theme colours, and axe in
 * light and dark.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { getInstanceByDom, type ECharts } from 'echarts/core';
import type { LocalExpense } from '@shared/model/expense';
import { todayIso } from '@shared/dates';
import App from '@renderer/App.vue';
import { useExpensesStore } from '@renderer/stores/expenses';
import { CourierDatabase } from '@renderer/db/database';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedExpenses, seedReferenceData, syntheticExpense, testDbName } from '../../support/browser/seed';
import { axeReport, THEMES, useTheme } from '../../support/browser/axe';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
});

const row = (i: number, overrides: Partial<LocalExpense>): LocalExpense =>
  syntheticExpense(i, { syncState: 'synced', syncMessage: null, userCanEdit: true, remoteId: String(9000 + i), foreignAmount: null, ...overrides });

const today = todayIso();
/** Apollo (w1, USD), Berlin (w2, EUR); two foreign amounts, one converted by Kantata, one not yet. */
const book: LocalExpense[] = [
  row(0, { workspaceId: 'w1', currency: 'USD', date: '2025-09-10', categoryId: 'c1', category: 'Travel', amountCents: 1000, billable: true }),
  row(1, { workspaceId: 'w1', currency: 'USD', date: '2025-09-20', categoryId: 'c3', category: 'Lodging', amountCents: 2500, billable: false, syncState: 'pending', remoteId: null }),
  row(2, { workspaceId: 'w1', currency: 'USD', date: '2025-11-05', categoryId: 'c1', category: 'Travel', amountCents: 400, billable: true, syncState: 'error', syncMessage: 'Too old' }),
  row(3, { workspaceId: 'w2', currency: 'EUR', date: '2025-10-01', categoryId: 'c4', category: 'Food', amountCents: 800, billable: true }),
  row(4, { workspaceId: 'w2', currency: 'EUR', date: '2025-10-02', categoryId: 'c4', category: 'Food', amountCents: 1450, foreignAmount: { value: '12.50', currency: 'GBP' }, billable: false }),
  row(5, { workspaceId: 'w1', currency: 'USD', date: '2025-11-06', categoryId: 'c1', category: 'Travel', amountCents: 0, foreignAmount: { value: '30', currency: 'CHF' }, billable: false, syncState: 'pending', remoteId: null }),
  row(6, { workspaceId: 'w1', currency: 'USD', date: today, categoryId: 'c2', category: 'Mileage', amountCents: 777, billable: true }),
];

async function openInsights(rows: readonly LocalExpense[] | number = book): Promise<Mounted> {
  const db = new CourierDatabase(testDbName('insights'));
  await seedReferenceData(db);
  if (typeof rows === 'number') await seedExpenses(db, rows);
  else await db.expenses.bulkPut([...rows]);
  m = await mountWithDb(App, { db, width: 1280, height: 900 });
  const expected = typeof rows === 'number' ? rows : rows.length;
  await until(() => useExpensesStore().all.length === expected && !useExpensesStore().loading, 'expenses loaded');
  (await until(() => document.querySelector<HTMLElement>('nav [data-screen="insights"]'), 'nav')).click();
  await rendered();
  return m;
}

const rendered = (): Promise<HTMLElement> => until(() => document.querySelector<HTMLElement>('[data-testid="insights-view"][data-rendered]'), 'charts drawn');
const $ = (selector: string): HTMLElement | null => document.querySelector<HTMLElement>(selector);
/** The text as laid out (each line of a tile apart). */
const text = (selector: string): string => $(selector)?.innerText.replace(/\s+/g, ' ').trim() ?? '';

function chart(id: string): ECharts {
  const dom = $(`[data-testid="chart-${id}"] [_echarts_instance_]`);
  const instance = dom ? getInstanceByDom(dom) : undefined;
  if (!instance) throw new Error(`no chart ${id}`);
  return instance;
}
/** The first series' data and the category axis (or the pie's names), as the chart holds them. */
function seriesOf(id: string): { labels: string[]; values: number[] } {
  const option = chart(id).getOption() as {
    series: Array<{ data: Array<number | { name: string; value: number }> }>;
    xAxis?: Array<{ data?: string[] }>;
    yAxis?: Array<{ data?: string[] }>;
  };
  const data = option.series[0]!.data;
  const axis = option.xAxis?.[0]?.data ?? option.yAxis?.[0]?.data;
  return {
    labels: axis ?? data.map((d) => (d as { name: string }).name),
    values: data.map((d) => (typeof d === 'number' ? d : d.value)),
  };
}
/** The data table's rows: [name, amount, count]. */
function table(id: string): string[][] {
  return [...document.querySelectorAll(`[data-testid="table-${id}"] tbody tr`)].map((tr) =>
    [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim()),
  );
}
const monthsFrom = (first: string, last: string): number =>
  (Number(last.slice(0, 4)) - Number(first.slice(0, 4))) * 12 + Number(last.slice(5, 7)) - Number(first.slice(5, 7)) + 1;

describe('Insights', () => {
  it('charts and tables hold the sums of the database, per currency, as paid', async () => {
    await openInsights();
    expect(($('[data-testid="insights-currency"]') as HTMLSelectElement).value).toBe('USD');
    // USD as paid: Sep 2025 (10.00 + 25.00), Oct nothing, Nov 4.00 (the CHF expense counts in CHF), today's 7.77.
    const months = table('month');
    expect(months).toHaveLength(monthsFrom('2025-09', today));
    expect(months[0]).toEqual(['September 2025', '$35.00', '2']);
    expect(months[1]).toEqual(['October 2025', '$0.00', '0']);
    expect(months[2]).toEqual(['November 2025', '$4.00', '1']);
    expect(months.at(-1)!.slice(1)).toEqual(['$7.77', '1']);
    const bars = seriesOf('month');
    expect(bars.values.slice(0, 3)).toEqual([35, 0, 4]);
    expect(bars.values.at(-1)).toBe(7.77);
    expect(bars.labels[0]).toBe('Sep 25');

    expect(table('project')).toEqual([['Apollo rollout', '$46.77', '4']]);
    expect(seriesOf('project')).toEqual({ labels: ['Apollo rollout'], values: [46.77] });
    expect(table('category')).toEqual([
      ['Lodging', '$25.00', '1'],
      ['Travel', '$14.00', '2'],
      ['Mileage', '$7.77', '1'],
    ]);
    expect(seriesOf('category')).toEqual({ labels: ['Lodging', 'Travel', 'Mileage'], values: [25, 14, 7.77] });

    // Another currency: only its own amounts, never converted.
    const currency = $('[data-testid="insights-currency"]') as HTMLSelectElement;
    expect([...currency.options].map((o) => o.value)).toEqual(['USD', 'CHF', 'EUR', 'GBP']);
    await userEvent.selectOptions(currency, 'GBP');
    await rendered();
    expect(table('project')).toEqual([['Berlin migration', '£12.50', '1']]);
    expect(table('month')).toEqual([['October 2025', '£12.50', '1']]);
  });

  it("in the project currency, Kantata's conversion counts and an unconverted foreign amount stays in its own currency", async () => {
    await openInsights();
    await userEvent.click($('[data-testid="basis-project"]')!);
    await until(() => $('[data-testid="insights-unconverted"]'), 'the note');
    expect(text('[data-testid="insights-unconverted"]')).toBe('1 foreign amount not yet converted by Kantata is counted in its own currency.');
    const currency = $('[data-testid="insights-currency"]') as HTMLSelectElement;
    expect([...currency.options].map((o) => o.value)).toEqual(['USD', 'EUR', 'CHF']);
    await userEvent.selectOptions(currency, 'EUR');
    await rendered();
    expect(table('project')).toEqual([['Berlin migration', '€22.50', '2']]);
  });

  it('summary tiles: this month, waiting, refused, billable against not billable', async () => {
    await openInsights();
    expect(text('[data-testid="tile-this-month"]')).toBe('This month $7.77 1 expense');
    expect(text('[data-testid="tile-waiting"]')).toBe('Waiting to sync 2');
    expect(text('[data-testid="tile-refused"]')).toBe('Refused by Kantata 1');
    expect(text('[data-testid="tile-billable"]')).toBe('Billable $21.77 €8.00 4 expenses');
    expect(text('[data-testid="tile-non-billable"]')).toBe('Not billable CHF 30.00 £12.50 $25.00 3 expenses');
  });

  it('a click on a bar opens the list filtered to that month; the other filters stay', async () => {
    await openInsights();
    const store = useExpensesStore();
    store.filters.billable = 'yes';
    await rendered();
    expect(table('month')[0]).toEqual(['September 2025', '$10.00', '1']);
    const instance = chart('month');
    // The middle of September's bar, in the chart's own pixels.
    const [x, top] = instance.convertToPixel({ seriesIndex: 0 }, [0, 10]) as [number, number];
    const [, bottom] = instance.convertToPixel({ seriesIndex: 0 }, [0, 0]) as [number, number];
    await userEvent.click(instance.getDom(), { position: { x, y: (top + bottom) / 2 } });
    await until(() => $('[data-testid="list-summary"]'), 'the list');
    expect({ ...store.filters }).toMatchObject({ from: '2025-09-01', to: '2025-09-30', billable: 'yes' });
    await until(() => text('[data-testid="list-summary"]').startsWith('1 of 7'), 'one September expense, billable');
    expect($('nav [aria-current="page"]')!.dataset.screen).toBe('expenses');
  });

  it('a click on a project bar, a table row and a tile each open the list with that filter', async () => {
    await openInsights();
    const store = useExpensesStore();
    const instance = chart('project');
    const [right, y] = instance.convertToPixel({ seriesIndex: 0 }, [46.77, 0]) as [number, number];
    const [left] = instance.convertToPixel({ seriesIndex: 0 }, [0, 0]) as [number, number];
    await userEvent.click(instance.getDom(), { position: { x: (left + right) / 2, y } });
    await until(() => store.filters.workspaceId === 'w1', 'project filter');
    // Every Apollo expense, the one paid in CHF included: the list filter is the project, not a currency.
    await until(() => text('[data-testid="list-summary"]').startsWith('5 of 7'), 'Apollo rows');

    store.resetFilters();
    $('nav [data-screen="insights"]')!.click();
    await rendered();
    $('[data-testid="chart-category"] details summary')!.click();
    const lodging = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="table-category"] tbody button')].find((b) => b.textContent === 'Lodging')!;
    lodging.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => store.filters.categoryId === 'c3', 'category filter');
    await until(() => text('[data-testid="list-summary"]').startsWith('1 of 7'), 'the lodging row');

    store.resetFilters();
    $('nav [data-screen="insights"]')!.click();
    await rendered();
    await userEvent.click($('[data-testid="tile-refused"]')!);
    await until(() => store.filters.syncState === 'error', 'refused filter');
    await until(() => text('[data-testid="list-summary"]').startsWith('1 of 7'), 'the refused row');
  });

  it('shares the list filters: a filter set in Insights applies to the list, and back', async () => {
    await openInsights();
    await userEvent.selectOptions($('#f-project') as HTMLSelectElement, 'w2');
    await rendered();
    expect(($('[data-testid="insights-currency"]') as HTMLSelectElement | null)?.value ?? 'one currency').toBe('EUR');
    expect(table('project')).toEqual([['Berlin migration', '€8.00', '1']]);
    $('nav [data-screen="expenses"]')!.click();
    await until(() => text('[data-testid="list-summary"]').startsWith('2 of 7'), 'Berlin rows in the list');
  });

  it('over 700 expenses, the month chart sums what the database holds, per month and currency', async () => {
    await openInsights(700);
    const rows = await m!.db.expenses.toArray();
    for (const currency of ['USD', 'EUR', 'JPY']) {
      await userEvent.selectOptions($('[data-testid="insights-currency"]') as HTMLSelectElement, currency);
      await rendered();
      const sums = new Map<string, number>();
      for (const e of rows) if (e.currency === currency && !e.deleted) sums.set(e.date.slice(0, 7), (sums.get(e.date.slice(0, 7)) ?? 0) + e.amountCents);
      const keys = [...document.querySelectorAll<HTMLElement>('[data-testid="table-month"] tbody tr')].map((tr) => tr.dataset.key!);
      const digits = currency === 'JPY' ? 0 : 2;
      expect(Object.fromEntries(keys.map((k, i) => [k, Math.round(seriesOf('month').values[i]! * 10 ** digits)]))).toEqual(
        Object.fromEntries(keys.map((k) => [k, sums.get(k) ?? 0])),
      );
      expect(keys.filter((k) => sums.has(k))).toHaveLength(sums.size);
    }
  });

  it('follows the theme: the charts take the colours of the current theme', async () => {
    await openInsights();
    const colorOf = (): string => (chart('month').getOption() as { series: Array<{ itemStyle: { color: string } }> }).series[0]!.itemStyle.color;
    useTheme('light');
    await until(() => colorOf() === '#2457d6', 'light accent');
    useTheme('dark');
    await until(() => colorOf() === '#8fb0ff', 'dark accent');
    await rendered();
  });

  it('axe-core: no violations in light and dark, tables open', async () => {
    await openInsights();
    for (const details of document.querySelectorAll('details')) details.open = true;
    const found: Record<string, string[]> = {};
    for (const theme of THEMES) {
      useTheme(theme);
      await rendered();
      found[theme] = (await axeReport()).violations;
    }
    expect(found).toEqual({ light: [], dark: [] });
  });
});
