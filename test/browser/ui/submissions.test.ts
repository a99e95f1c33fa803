import { afterEach, describe, expect, it } from 'vitest';
import type { LocalExpense } from '@shared/model/expense';
import type { LocalSubmission } from '@shared/model/submission';
import ExpensesView from '@renderer/views/ExpensesView.vue';
import ReportsView from '@renderer/views/ReportsView.vue';
import { clearSelection } from '@renderer/submissions/selection';
import { CourierDatabase } from '@renderer/db/database';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedReferenceData, syntheticExpense, testDbName } from '../../support/browser/seed';

/** Multi-select, the submit dialog and the Reports view, in Chromium on real IndexedDB. */
let m: Mounted | null = null;
afterEach(async () => {
  clearSelection();
  await m?.cleanup();
  m = null;
});

const synced = (i: number, overrides: Partial<LocalExpense>): LocalExpense =>
  syntheticExpense(i, { syncState: 'synced', syncMessage: null, userCanEdit: true, remoteId: String(5000 + i), ...overrides });

/** Apollo (w1) on 3, 4, 5 Nov and 20 Oct, Berlin (w2) on 4 Nov. */
const trip = [
  synced(0, { workspaceId: 'w1', currency: 'USD', date: '2026-11-03', amountCents: 1000, notes: 'Taxi' }),
  synced(3, { workspaceId: 'w1', currency: 'USD', date: '2026-11-04', amountCents: 2000, notes: 'Hotel' }),
  synced(6, { workspaceId: 'w1', currency: 'USD', date: '2026-11-05', amountCents: 3000, notes: 'Dinner' }),
  synced(9, { workspaceId: 'w1', currency: 'USD', date: '2026-10-20', amountCents: 400, notes: 'October parking' }),
  synced(1, { workspaceId: 'w2', currency: 'EUR', date: '2026-11-04', amountCents: 500, notes: 'Berlin train' }),
];

async function seeded(): Promise<CourierDatabase> {
  const db = new CourierDatabase(testDbName('submit'));
  await seedReferenceData(db);
  await db.expenses.bulkPut(trip);
  return db;
}

const row = (id: string) => m!.host.querySelector<HTMLElement>(`[data-testid="expense-row"][data-id="${id}"]`)!;
const click = (id: string, mods: MouseEventInit = {}) => row(id).dispatchEvent(new MouseEvent('click', { bubbles: true, ...mods }));
const count = () => m!.host.querySelector('[data-testid="selection-count"]')?.textContent?.trim() ?? null;
const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);

describe('selecting and submitting in the expense list', () => {
  it('Ctrl/Cmd-click toggles, Shift-click takes a range, "all in this project and period" takes the month of the project', async () => {
    m = await mountWithDb(ExpensesView, { db: await seeded() });
    await until(() => row(trip[0]!.id), 'rows');
    click(trip[0]!.id, { ctrlKey: true });
    await until(() => count() === '1 selected', 'one selected');
    expect(row(trip[0]!.id).getAttribute('aria-pressed')).toBe('true');
    click(trip[0]!.id, { metaKey: true });
    await until(() => count() === null, 'toggled off');
    // List order is newest first: Dinner (5 Nov), Hotel / Berlin train (4 Nov), Taxi (3 Nov).
    click(trip[2]!.id, { ctrlKey: true });
    click(trip[0]!.id, { shiftKey: true });
    await until(() => count() === '4 selected', 'the range, Berlin train included');
    byTestId('select-project-period')!.click();
    await until(() => count() === '3 selected', 'Apollo in November only');
    // A plain click still opens the expense.
    click(trip[3]!.id);
    await until(() => m!.host.querySelector('aside.panel'), 'the form');
  });

  it('submits with a default title: queued, the expenses held at once; the form says which report holds them', async () => {
    m = await mountWithDb(ExpensesView, { db: await seeded() });
    await until(() => row(trip[0]!.id), 'rows');
    click(trip[0]!.id, { ctrlKey: true });
    (await until(() => byTestId('select-project-period'), 'the selection bar')).click();
    await until(() => count() === '3 selected', 'three');
    byTestId('submit-for-approval')!.click();
    const title = await until(() => byTestId('report-title') as HTMLInputElement | null, 'the dialog');
    await until(() => title.value !== '', 'default title');
    expect(title.value).toBe('Apollo rollout, 3-5 Nov');
    expect(byTestId('submit-summary')!.textContent).toContain('$60.00');
    (byTestId('report-comment') as HTMLTextAreaElement).value = 'Client workshop';
    byTestId('report-comment')!.dispatchEvent(new Event('input'));
    byTestId('submit-report')!.click();
    await until(() => byTestId('submit-notice'), 'the notice');
    const [report] = await m.db.submissions.toArray();
    expect(report).toMatchObject({ status: 'queued', title: 'Apollo rollout, 3-5 Nov', comment: 'Client workshop', totalCents: 6000, currency: 'USD' });
    expect(new Set(report!.expenseIds)).toEqual(new Set([trip[0]!.id, trip[1]!.id, trip[2]!.id]));
    expect(await m.db.submissionOutbox.count()).toBe(1);
    expect((await m.db.expenses.get(trip[0]!.id))!.userCanEdit).toBe(false);
    expect(count()).toBeNull();
    click(trip[1]!.id);
    const held = await until(() => m!.host.querySelector('[data-testid="report-of-expense"]'), 'which report');
    expect(held.textContent).toBe('In report “Apollo rollout, 3-5 Nov” (waiting to be sent)');
  });

  it('stops with the reasons: two projects; an expense Kantata refused', async () => {
    const db = await seeded();
    await db.expenses.update(trip[1]!.id, { syncState: 'error', syncMessage: 'Date is too far in the past' });
    m = await mountWithDb(ExpensesView, { db });
    await until(() => row(trip[0]!.id), 'rows');
    click(trip[1]!.id, { ctrlKey: true });
    click(trip[4]!.id, { ctrlKey: true });
    await until(() => count() === '2 selected', 'two');
    byTestId('submit-for-approval')!.click();
    const blockers = await until(() => byTestId('submit-blockers'), 'the reasons');
    expect([...blockers.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Kantata takes one project per report; these expenses belong to 2 projects. Select the expenses of one project.',
      'Kantata refused “Hotel” on Nov 4, 2026; fix it first.',
    ]);
    expect(byTestId('submit-report')).toBeNull();
    expect(await m.db.submissions.count()).toBe(0);
  });
});

describe('the Reports view', () => {
  function report(over: Partial<LocalSubmission>): LocalSubmission {
    return {
      id: crypto.randomUUID(), remoteId: null, workspaceId: 'w1', title: 'Report', comment: '', expenseIds: [], status: 'pending',
      currency: 'USD', totalCents: 0, resolution: null, resolvedAt: null, canCancel: false, syncMessage: null, cancelling: false,
      createdAt: Date.now(), updatedAt: Date.now(), server: null, ...over,
    };
  }

  it('lists status, resolution text, totals per currency; opens the expenses; cancels where allowed', async () => {
    const db = await seeded();
    const pending = report({ title: 'Apollo, 3-5 Nov', remoteId: '60001', expenseIds: [trip[0]!.id, trip[1]!.id], totalCents: 3000, canCancel: true, createdAt: 3 });
    const rejected = report({ title: 'Apollo, October', remoteId: '60002', status: 'rejected', resolution: 'Parking is not billable', expenseIds: [trip[3]!.id], totalCents: 400, createdAt: 2 });
    const approved = report({ title: 'Berlin, 4 Nov', remoteId: '60003', workspaceId: 'w2', currency: 'EUR', status: 'approved', resolution: 'Thanks', expenseIds: [trip[4]!.id], totalCents: 500, createdAt: 1 });
    await db.submissions.bulkPut([pending, rejected, approved]);
    m = await mountWithDb(ReportsView, { db });
    await until(() => m!.host.querySelectorAll('[data-testid="report"]').length === 3, 'three reports');
    const cards = [...m.host.querySelectorAll<HTMLElement>('[data-testid="report"]')];
    expect(cards.map((c) => c.querySelector('[data-testid="report-status"]')!.textContent!.trim())).toEqual(['Pending approval', 'Rejected', 'Approved']);
    expect(cards[1]!.querySelector('[data-testid="report-resolution"]')!.textContent).toBe('“Parking is not billable”');
    expect(m.host.querySelector('[data-testid="report-totals"]')!.textContent).toBe('Open and approved: €5.00 · $30.00');
    expect(cards.map((c) => c.querySelector('[data-testid="report-cancel"]') !== null)).toEqual([true, false, false]);

    cards[0]!.querySelector<HTMLElement>('[data-testid="report-open"]')!.click();
    await until(() => cards[0]!.querySelectorAll('[data-testid="report-expense"]').length === 2, 'its expenses');
    expect(cards[0]!.querySelector('[data-testid="report-expenses"]')!.textContent).toContain('Taxi');

    cards[0]!.querySelector<HTMLElement>('[data-testid="report-cancel"]')!.click();
    const confirm = await until(() => byTestId('confirm-dialog'), 'confirm');
    confirm.querySelector<HTMLButtonElement>('.danger')!.click();
    await until(() => cards[0]!.querySelector('[data-testid="report-status"]')!.textContent!.includes('cancelling'), 'cancelling');
    expect(await m.db.submissionOutbox.toArray()).toEqual([expect.objectContaining({ submissionId: pending.id, kind: 'cancel' })]);
  });

  it('a queued report is taken back at once, its expenses editable again', async () => {
    const db = await seeded();
    const queued = report({ title: 'Queued', status: 'queued', canCancel: true, expenseIds: [trip[0]!.id], totalCents: 1000 });
    await db.submissions.put(queued);
    await db.submissionOutbox.add({ submissionId: queued.id, kind: 'submit', at: Date.now() });
    await db.expenses.update(trip[0]!.id, { userCanEdit: false });
    m = await mountWithDb(ReportsView, { db });
    const cancel = await until(() => m!.host.querySelector<HTMLElement>('[data-testid="report-cancel"]'), 'cancel');
    cancel.click();
    (await until(() => byTestId('confirm-dialog'), 'confirm')).querySelector<HTMLButtonElement>('.danger')!.click();
    await until(() => m!.host.querySelector('[data-testid="report"]')?.getAttribute('data-status') === 'cancelled', 'cancelled');
    expect(await m.db.submissionOutbox.count()).toBe(0);
    expect((await m.db.expenses.get(trip[0]!.id))!.userCanEdit).toBe(true);
  });
});
