/**
 * The duplicate warning in the real expenses view (Chromium, real IndexedDB): saving an expense
 * like one already recorded shows both side by side; "Keep both" saves, "Open the other" opens it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import ExpensesView from '@renderer/views/ExpensesView.vue';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedReferenceData, syntheticExpense } from '../../support/browser/seed';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
});

const q = <T extends HTMLElement = HTMLElement>(selector: string): T => {
  const el = m!.host.querySelector<T>(selector);
  if (!el) throw new Error(`No element ${selector}`);
  return el;
};
const field = <T extends HTMLElement = HTMLInputElement>(name: string) => q<T>(`[data-testid="expense-form"] [name="${name}"]`);

async function enterLikeTheOther(): Promise<void> {
  await until(() => m!.host.querySelector('[data-testid="new-expense"]') && !q<HTMLButtonElement>('[data-testid="new-expense"]').disabled, 'ready');
  await userEvent.click(q('[data-testid="new-expense"]'));
  await until(() => m!.host.querySelector('[data-testid="expense-form"]'), 'form');
  await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w2');
  await userEvent.fill(field('date'), '2026-11-21');
  await userEvent.selectOptions(field<HTMLSelectElement>('categoryId'), 'c4');
  await userEvent.fill(field('amount'), '42.90');
  await userEvent.fill(field<HTMLTextAreaElement>('notes'), 'cafe lumiere');
  await userEvent.click(q('[data-testid="expense-form"] button[type="submit"]'));
}

async function seedTheOther(): Promise<void> {
  await m!.db.expenses.put(
    syntheticExpense(1, { id: 'other', workspaceId: 'w2', currency: 'EUR', amountCents: 4290, date: '2026-11-20', notes: 'Café Lumière', remoteId: '9001', syncState: 'synced' }),
  );
}

describe('duplicate warning', () => {
  it('shows the other expense side by side; Keep both saves this one', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await seedTheOther();
    await enterLikeTheOther();
    const warning = await until(() => m!.host.querySelector<HTMLElement>('[data-testid="duplicate-warning"]'), 'warning');
    expect(await m.db.expenses.count()).toBe(1);
    const text = warning.textContent ?? '';
    expect(text).toContain('Already in Kantata');
    expect(text).toContain('Café Lumière');
    expect(text).toContain('cafe lumiere');
    expect(text).toContain('Nov 20, 2026'); // the date in the user's locale, not ISO
    await userEvent.click(q('[data-testid="duplicate-keep-both"]'));
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'saved and closed');
    expect(await m.db.expenses.count()).toBe(2);
  });

  it('Open the other shows the existing expense instead and saves nothing', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await seedTheOther();
    await enterLikeTheOther();
    await until(() => m!.host.querySelector('[data-testid="duplicate-warning"]'), 'warning');
    await userEvent.click(q('[data-testid="duplicate-open"]'));
    await until(() => field<HTMLTextAreaElement>('notes').value === 'Café Lumière', 'the other expense in the form');
    expect(await m.db.expenses.count()).toBe(1);
  });

  it('an expense unlike any other saves without a warning', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await m.db.expenses.put(syntheticExpense(1, { id: 'other', workspaceId: 'w2', currency: 'EUR', amountCents: 4291, date: '2026-11-20', notes: 'Café Lumière' }));
    await enterLikeTheOther();
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'saved and closed');
    expect(m.host.querySelector('[data-testid="duplicate-warning"]')).toBeNull();
    expect(await m.db.expenses.count()).toBe(2);
  });

  it('a Kantata receipt of the same name and size that cannot be downloaded warns, saying it is not confirmed', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    const bytes = new Uint8Array(2_345).fill(7);
    await m.db.receipts.put({
      id: 'r-mine', hash: 'ab'.repeat(32), blob: new Blob([bytes], { type: 'image/jpeg' }), mime: 'image/jpeg', size: bytes.byteLength,
      name: 'Taxi Quittung Müller.jpg', createdAt: 1, attachmentId: null, thumbnail: null, pageCount: null,
    });
    const mine = syntheticExpense(1, { id: 'mine', receiptId: 'r-mine', notes: 'Taxi', amountCents: 1_990, date: '2026-11-02', syncState: 'pending', remoteId: null });
    // Recorded in Kantata's web UI: its receipt is only known by what the pull side-loaded.
    const theirs = syntheticExpense(2, {
      id: 'theirs', remoteId: '9002', syncState: 'synced', receiptId: null, notes: 'Airport ride', amountCents: 5_000, date: '2026-10-01',
      base: { id: '9002', receipt_id: '8001', updated_at: '2026-10-01T10:00:00Z', workspace_id: 'w1' } as never,
    });
    await m.db.expenses.bulkPut([mine, theirs]);
    await m.db.remoteReceipts.put({ id: '8001', filename: 'Taxi_Quittung_Muller.jpg', filesize: bytes.byteLength, url: 'https://cdn.example/8001', hash: null, fetchedAt: 1 });

    await userEvent.click(await until(() => m!.host.querySelector<HTMLElement>('[data-id="mine"]'), 'row'));
    await until(() => m!.host.querySelector('[data-testid="expense-form"] button[type="submit"]'), 'editable form');
    await userEvent.fill(field<HTMLTextAreaElement>('notes'), 'Taxi to the hotel');
    await userEvent.click(q('[data-testid="expense-form"] button[type="submit"]'));
    const warning = await until(() => m!.host.querySelector<HTMLElement>('[data-testid="duplicate-warning"]'), 'warning');
    expect(q('[data-testid="duplicate-warning"] .dup__reason').dataset.reason).toBe('same-receipt-unconfirmed');
    const text = warning.textContent ?? '';
    // No main process here: the file cannot be fetched, so name and size decide, and the warning says so.
    expect(text).toContain('could not be downloaded');
    expect(text).toContain('no Kantata account is connected');
    expect(text).toContain('In Kantata (Taxi_Quittung_Muller.jpg, 2 kB)');
    expect(text).toContain('Airport ride');
    expect(text).toContain('Taxi to the hotel');
    expect(await m.db.remoteReceipts.get('8001')).toMatchObject({ hash: null });
  });
});
