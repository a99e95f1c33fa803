/**
 * Receipts in the real expenses view: a file dropped on the form is stored at once and linked
 * when the expense is saved (one create carrying receiptId); a receipt dropped outside any expense
 * waits for the next new expense form, which opens with it attached; a file dropped on a list row
 * is attached to that expense and its thumbnail shows in the row.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import ExpensesView from '@renderer/views/ExpensesView.vue';
import { captureFiles } from '@renderer/receipts/capture';
import { queueNewExpenseReceipts, receiptsForNewExpenses } from '@renderer/receipts/state';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedReferenceData, syntheticExpense } from '../../support/browser/seed';
import { dragAndDrop, fixtureFile, transferOf, until as untilAsync } from './files';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
  receiptsForNewExpenses.value = [];
});

const q = <T extends HTMLElement = HTMLElement>(selector: string): T => {
  const el = m!.host.querySelector<T>(selector);
  if (!el) throw new Error(`No element ${selector}`);
  return el;
};
const field = <T extends HTMLElement = HTMLInputElement>(name: string) => q<T>(`[data-testid="expense-form"] [name="${name}"]`);

async function openNewForm(): Promise<void> {
  await until(() => m!.host.querySelector('[data-testid="new-expense"]'), 'toolbar');
  await until(() => !q<HTMLButtonElement>('[data-testid="new-expense"]').disabled, 'ready');
  await userEvent.click(q('[data-testid="new-expense"]'));
  await until(() => m!.host.querySelector('[data-testid="expense-form"]'), 'form');
}

async function fillAndSave(waitForClose = true): Promise<void> {
  await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w1');
  await userEvent.fill(field('date'), '11/20/2026');
  await userEvent.selectOptions(field<HTMLSelectElement>('categoryId'), 'c1');
  await userEvent.fill(field('amount'), '14.40');
  await userEvent.click(q('[data-testid="expense-form"] button[type="submit"]'));
  if (waitForClose) await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'form closed after save');
}

describe('receipt in the expense form', () => {
  it('a file dropped on the form is kept at once and linked by the save (one create with receiptId)', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await openNewForm();
    const zone = q('[data-testid="expense-form"] [data-testid="receipt-field"]');
    dragAndDrop(zone, transferOf([await fixtureFile('jpeg')]));
    await until(() => zone.querySelector('[data-testid="receipt-thumbnail"]'), 'thumbnail in the form');
    // Stored before the expense is saved: a crash now keeps the file.
    const [receipt] = await m.db.receipts.toArray();
    expect(receipt?.name).toBe('taxi-receipt.jpg');
    expect(await m.db.expenses.count()).toBe(0);
    await fillAndSave();
    const [saved] = await m.db.expenses.toArray();
    expect(saved?.receiptId).toBe(receipt!.id);
    expect((await m.db.outbox.toArray()).map((e) => e.kind)).toEqual(['create']);
  });

  it('receipts dropped outside any expense open one new expense form each, the next when one is saved or cancelled', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await until(() => m!.host.querySelector('[data-testid="new-expense"]'), 'toolbar');
    const { stored } = await captureFiles([await fixtureFile('pdf'), await fixtureFile('png')], { kind: 'new' }, {}, m.db);
    queueNewExpenseReceipts(stored.map((s) => s.receipt.id));
    const nameInForm = () => m!.host.querySelector('[data-testid="expense-form"] [data-testid="receipt-name"]')?.textContent;
    await until(() => nameInForm() === 'invoice-3-pages.pdf', 'the first waiting receipt in a new form');
    await fillAndSave(false);
    await until(() => nameInForm() === 'hotel-receipt.png', 'the next form with the second receipt');
    expect((await m.db.expenses.toArray())[0]?.receiptId).toBe(stored[0]!.receipt.id);
    expect(receiptsForNewExpenses.value).toEqual([]);
    await userEvent.click(q('[data-testid="expense-form"] button.btn:not([type="submit"])'));
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'cancelled; nothing left waiting');
    expect(await m.db.expenses.count()).toBe(1);
  });
});

describe('receipts in the list', () => {
  it('a file dropped on a row is attached to that expense, queued, and its thumbnail shows in the row', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    const pending = syntheticExpense(1, { syncState: 'pending', remoteId: null });
    const locked = syntheticExpense(2, { syncState: 'locked', userCanEdit: false });
    await m.db.expenses.bulkAdd([pending, locked]);
    const row = await until(() => m!.host.querySelector<HTMLElement>(`[data-testid="expense-row"][data-id="${pending.id}"]`), 'the row');
    const drop = dragAndDrop(row, transferOf([await fixtureFile('png')]));
    expect(drop.defaultPrevented).toBe(true);
    const receiptId = await untilAsync(async () => (await m!.db.expenses.get(pending.id))?.receiptId, 'the attached receipt');
    expect((await m.db.outbox.where('expenseId').equals(pending.id).toArray()).map((e) => e.changes)).toEqual([{ receiptId }]);
    const thumb = await until(
      () => m!.host.querySelector<HTMLImageElement>(`[data-testid="expense-row"][data-id="${pending.id}"] [data-testid="receipt-thumbnail"]`),
      'the thumbnail in the row',
    );
    await until(() => thumb.complete && thumb.naturalWidth > 0, 'the thumbnail to load');

    // A locked expense takes no receipt.
    const lockedRow = m.host.querySelector<HTMLElement>(`[data-testid="expense-row"][data-id="${locked.id}"]`)!;
    dragAndDrop(lockedRow, transferOf([await fixtureFile('jpeg')]));
    await new Promise((r) => setTimeout(r, 100));
    expect((await m.db.expenses.get(locked.id))?.receiptId).toBeNull();
    expect(await m.db.receipts.count()).toBe(1);
  });
});
