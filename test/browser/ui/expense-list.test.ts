import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { LocalExpense } from '@shared/model/expense';
import { formatMoney } from '@shared/money';
import { CourierDatabase } from '@renderer/db/database';
import ExpensesView from '@renderer/views/ExpensesView.vue';
import { compareForList } from '@renderer/expense-list/list-model';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedExpenses, seedReferenceData, syntheticExpense, testDbName } from '../../support/browser/seed';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
});

const summary = () => m!.host.querySelector('[data-testid="list-summary"]')?.textContent?.trim() ?? '';
const renderedRows = () => [...m!.host.querySelectorAll<HTMLElement>('[data-testid="expense-row"]')];
const headers = () => [...m!.host.querySelectorAll<HTMLElement>('[data-testid="month-header"]')];

function expectedTotals(rows: LocalExpense[], month: string): string {
  const totals = new Map<string, number>();
  for (const e of rows.filter((r) => r.date.startsWith(month))) totals.set(e.currency, (totals.get(e.currency) ?? 0) + e.amountCents);
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, minor]) => formatMoney(minor, c, 'en-US'))
    .join(' · ');
}

describe('expense list with 100,000 expenses', () => {
  let big: CourierDatabase;
  beforeAll(async () => {
    big = new CourierDatabase(testDbName('100k'));
    await seedReferenceData(big);
    await seedExpenses(big, 100_000);
  }, 300_000);
  afterAll(async () => {
    await big.delete();
  });

  it('renders only a window of rows, in date order, and scrolls through all of them', { timeout: 180_000 }, async () => {
    m = await mountWithDb(ExpensesView, { db: big, keepDb: true });
    await until(() => summary() === '100,000 expenses', 'all loaded', 120_000);

    const rows = renderedRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    // Newest date first (i 0..89 share 2026-11-30), ties by id descending.
    expect(rows[0]!.dataset.id).toBe(syntheticExpense(89).id);
    expect(headers()[0]!.textContent).toContain('November 2026');
    expect(headers()[0]!.textContent).toContain('2,700 expenses');
    const all = Array.from({ length: 100_000 }, (_, i) => syntheticExpense(i));
    expect(headers()[0]!.querySelector('[data-testid="month-totals"]')!.textContent).toBe(expectedTotals(all, '2026-11'));

    const scroller = m.host.querySelector<HTMLElement>('[data-testid="expense-list"]')!;
    expect(scroller.scrollHeight).toBeGreaterThan(100_000 * 50);
    scroller.scrollTop = scroller.scrollHeight / 2;
    scroller.dispatchEvent(new Event('scroll'));
    await until(() => Number(renderedRows()[0]?.closest<HTMLElement>('[data-index]')?.dataset.index) > 40_000, 'rows from the middle');
    expect(renderedRows().length).toBeLessThan(60);
    const middleDate = renderedRows()[0]!.querySelector('.date')!.textContent!;
    expect(middleDate).toMatch(/20(24|25)/);

    scroller.scrollTop = scroller.scrollHeight;
    scroller.dispatchEvent(new Event('scroll'));
    const last = syntheticExpense(99_999 - (99_999 % 90)); // the oldest date's smallest id
    await until(() => renderedRows().some((r) => r.dataset.id === last.id), 'last row');
  });

  it('filters 100,000 expenses by text as the user types', { timeout: 180_000 }, async () => {
    m = await mountWithDb(ExpensesView, { db: big, keepDb: true });
    await until(() => summary() === '100,000 expenses', 'all loaded', 120_000);
    await userEvent.fill(m.host.querySelector<HTMLInputElement>('#search')!, '#12345');
    await until(() => summary() === '1 of 100,000 expenses', 'one match');
    expect(renderedRows().map((r) => r.dataset.id)).toEqual([syntheticExpense(12345).id]);
  });
});

describe('filters and month groups', () => {
  const data = Array.from({ length: 120 }, (_, i) =>
    syntheticExpense(i * 31, i === 7 ? { foreignAmount: { value: '12.50', currency: 'GBP' }, amountCents: 0 } : {}),
  );

  async function mountSmall(): Promise<void> {
    const db = new CourierDatabase(testDbName('filters'));
    await seedReferenceData(db);
    await db.expenses.bulkPut(data);
    m = await mountWithDb(ExpensesView, { db });
    await until(() => summary() === '120 expenses', 'loaded');
    await userEvent.click([...m.host.querySelectorAll('button')].find((b) => b.textContent?.trim().startsWith('Filters'))!);
  }

  const select = (id: string) => m!.host.querySelector<HTMLSelectElement>(`#${id}`)!;
  const expectCount = async (pred: (e: LocalExpense) => boolean, what: string) => {
    const n = data.filter(pred).length;
    expect(n, `${what} should match some but not all`).toBeGreaterThan(0);
    expect(n).toBeLessThan(data.length);
    await until(() => summary() === `${n} of 120 expenses`, `${what}: ${n} of 120 (saw "${summary()}")`);
  };

  it('filters by project, category, date range, billable, reimbursable, sync state and text', async () => {
    await mountSmall();
    await userEvent.selectOptions(select('f-project'), 'w2');
    await expectCount((e) => e.workspaceId === 'w2', 'project');
    await userEvent.selectOptions(select('f-category'), 'c2');
    await expectCount((e) => e.workspaceId === 'w2' && e.categoryId === 'c2', 'project+category');
    await userEvent.click(m!.host.querySelector<HTMLElement>('.clear')!);
    await until(() => summary() === '120 expenses', 'cleared');

    await userEvent.fill(m!.host.querySelector<HTMLInputElement>('#f-from')!, '10/01/2026');
    await userEvent.fill(m!.host.querySelector<HTMLInputElement>('#f-to')!, '10/31/2026');
    await expectCount((e) => e.date >= '2026-10-01' && e.date <= '2026-10-31', 'October');
    await userEvent.click(m!.host.querySelector<HTMLElement>('.clear')!);

    await userEvent.selectOptions(select('f-billable'), 'yes');
    await expectCount((e) => e.billable, 'billable');
    await userEvent.selectOptions(select('f-reimbursable'), 'no');
    await expectCount((e) => e.billable && !e.reimbursable, 'billable, not reimbursable');
    await userEvent.click(m!.host.querySelector<HTMLElement>('.clear')!);

    await userEvent.selectOptions(select('f-state'), 'error');
    await expectCount((e) => e.syncState === 'error', 'errors');
    const badge = renderedRows()[0]!.querySelector<HTMLElement>('[data-state]')!;
    expect(badge.dataset.state).toBe('error');
    expect(badge.textContent).toContain('Error');
    expect(badge.title).toBe('Error: Date is too far in the past');
    await userEvent.click(m!.host.querySelector<HTMLElement>('.clear')!);

    await userEvent.fill(m!.host.querySelector<HTMLInputElement>('#search')!, 'berlin hotel');
    await expectCount((e) => e.workspaceId === 'w2' && e.notes.startsWith('Hotel'), 'text over project title and notes');
  });

  it('groups by month with totals per currency, counting unconverted foreign amounts in their currency', async () => {
    await mountSmall();
    const first = headers()[0]!;
    expect(first.querySelector('h2')!.textContent).toBe('November 2026');
    const november = data.filter((e) => e.date.startsWith('2026-11'));
    expect(first.textContent).toContain(`${november.length} expenses`);
    const totals = new Map<string, number>();
    for (const e of november) {
      const [cur, minor] = e.foreignAmount ? [e.foreignAmount.currency, 1250] : [e.currency, e.amountCents];
      totals.set(cur, (totals.get(cur) ?? 0) + minor);
    }
    expect(totals.has('GBP')).toBe(true);
    const expected = [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => formatMoney(v, c, 'en-US')).join(' · ');
    expect(first.querySelector('[data-testid="month-totals"]')!.textContent).toBe(expected);
    const foreignRow = m!.host.querySelector<HTMLElement>(`[data-id="${data[7]!.id}"]`)!;
    expect(foreignRow.querySelector('.amount')!.textContent).toBe('£12.50');
  });

  it('moves through rows with the arrow keys and opens one with Enter', async () => {
    await mountSmall();
    const search = m!.host.querySelector<HTMLInputElement>('#search')!;
    search.focus();
    const ordered = [...data].sort(compareForList);
    await userEvent.keyboard('{ArrowDown}');
    await until(() => document.activeElement?.getAttribute('data-id') === ordered[0]!.id, 'first row focused');
    await userEvent.keyboard('{ArrowDown}');
    await until(() => document.activeElement?.getAttribute('data-id') === ordered[1]!.id, 'second row focused');
    // End, ArrowUp and Home scroll just enough to show the focused row whole.
    const list = m!.host.querySelector<HTMLElement>('[data-testid="expense-list"]')!;
    const inView = (): boolean => {
      const row = (document.activeElement as HTMLElement).getBoundingClientRect();
      const box = list.getBoundingClientRect();
      return row.top >= box.top - 1 && row.bottom <= box.bottom + 1;
    };
    await userEvent.keyboard('{End}');
    await until(() => document.activeElement?.getAttribute('data-id') === ordered.at(-1)!.id, 'last row focused');
    expect(list.scrollTop).toBeGreaterThan(0);
    expect(inView()).toBe(true);
    await userEvent.keyboard('{ArrowUp}');
    await until(() => document.activeElement?.getAttribute('data-id') === ordered.at(-2)!.id, 'row before it focused');
    expect(inView()).toBe(true);
    await userEvent.keyboard('{Home}');
    await until(() => document.activeElement?.getAttribute('data-id') === ordered[0]!.id, 'first row focused again');
    expect(inView()).toBe(true);
    await userEvent.keyboard('{ArrowDown}');
    await until(() => document.activeElement?.getAttribute('data-id') === ordered[1]!.id, 'second row focused again');
    await userEvent.keyboard('{Enter}');
    await until(() => m!.host.querySelector('[data-testid="expense-form"]'), 'form open');
    await userEvent.keyboard('{Escape}');
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'form closed');
  });
});
