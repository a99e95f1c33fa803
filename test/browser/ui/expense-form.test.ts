import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import ExpensesView from '@renderer/views/ExpensesView.vue';
import { todayInLocale } from '../../support/browser/dates';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedReferenceData, seedWorkspaces, syntheticExpense } from '../../support/browser/seed';
import { fillUntilFull, openBucketDatabase } from '../../support/browser/quota-bucket';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
});

function q<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`No element ${selector}`);
  return el;
}
const field = <T extends HTMLElement = HTMLInputElement>(name: string) => q<T>(m!.host, `[data-testid="expense-form"] [name="${name}"]`);
const errorFor = (name: string) => {
  const input = field(name);
  const id = input.getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent?.trim() : undefined;
};

async function openNewForm(): Promise<void> {
  await until(() => m!.host.querySelector('[data-testid="new-expense"]'), 'toolbar');
  await until(() => !(q<HTMLButtonElement>(m!.host, '[data-testid="new-expense"]').disabled), 'ready');
  await userEvent.click(q(m!.host, '[data-testid="new-expense"]'));
  await until(() => m!.host.querySelector('[data-testid="expense-form"]'), 'form');
}

describe('expense form', () => {
  it('shows a specific message next to each wrong field and saves nothing', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await until(() => m!.host.querySelector('[data-testid="list-summary"]')?.textContent?.includes('0 expenses'), 'empty list');
    await openNewForm();
    await userEvent.fill(field('date'), '02/30/2026');
    await userEvent.fill(field('amount'), '0');
    await userEvent.click(q(m.host, '[data-testid="expense-form"] button[type="submit"]'));
    await until(() => errorFor('date'), 'date error');
    expect(errorFor('workspaceId')).toBe('Choose a project');
    expect(errorFor('date')).toBe(`Type the date as ${todayInLocale('en-US')}`);
    expect(errorFor('categoryId')).toBe('Choose a category');
    expect(errorFor('amount')).toBe('Enter an amount greater than 0');
    expect(field('workspaceId').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field('workspaceId'));
    // Marked in red, text inputs included (the grey base rule no longer outranks the invalid one).
    const danger = getComputedStyle(field('workspaceId')).borderTopColor;
    expect(danger).not.toBe(getComputedStyle(field('notes')).borderTopColor);
    expect(getComputedStyle(field('amount')).borderTopColor).toBe(danger);
    expect(getComputedStyle(field('date')).borderTopColor).toBe(danger);
    // A summary at the top links to each error.
    const summary = q(m.host, '[data-testid="error-summary"]');
    expect(summary.querySelector('strong')!.textContent).toBe('Fix these 4 problems before saving:');
    expect([...summary.querySelectorAll('button')].map((b) => b.textContent!.trim())).toEqual([
      'Choose a project',
      `Type the date as ${todayInLocale('en-US')}`,
      'Choose a category',
      'Enter an amount greater than 0',
    ]);
    await userEvent.click(q(summary, 'button[data-field="amount"]'));
    expect(document.activeElement).toBe(field('amount'));

    await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w1');
    await userEvent.fill(field('amount'), '21474836.48');
    await until(() => errorFor('amount')?.startsWith('Amount too large'), 'live revalidation');
    expect(errorFor('amount')).toBe('Amount too large: at most 21,474,836.47');
    expect(errorFor('workspaceId')).toBeUndefined();
    expect(await m.db.expenses.count()).toBe(0);
    expect(await m.db.outbox.count()).toBe(0);
  });

  it('saves a new expense with Enter: row and outbox entry, then it shows in the list', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await openNewForm();
    await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w2');
    await userEvent.fill(field('date'), '11/20/2026');
    await userEvent.selectOptions(field<HTMLSelectElement>('categoryId'), 'c3');
    // Project w2 is in EUR and tracks expense budgets: the task picker is replaced.
    expect(m.host.querySelector('[name="storyId"]')).toBeNull();
    await userEvent.selectOptions(field<HTMLSelectElement>('expenseBudgetId'), 'b1');
    await userEvent.fill(field('notes'), 'Hotel Berlin');
    await userEvent.click(field('billable'));
    await userEvent.fill(field('amount'), '1,234.50');
    await userEvent.keyboard('{Enter}');
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'form closed after save');

    const [saved] = await m.db.expenses.toArray();
    expect(saved).toMatchObject({
      workspaceId: 'w2',
      date: '2026-11-20',
      categoryId: 'c3',
      category: 'Lodging',
      amountCents: 123450,
      currency: 'EUR',
      notes: 'Hotel Berlin',
      billable: true,
      reimbursable: true,
      expenseBudgetId: 'b1',
      storyId: null,
      syncState: 'pending',
    });
    expect(await m.db.outbox.toArray()).toEqual([{ seq: 1, expenseId: saved!.id, kind: 'create', at: saved!.createdAt }]);
    const row = await until(() => m!.host.querySelector(`[data-testid="expense-row"][data-id="${saved!.id}"]`), 'row');
    expect(row.textContent).toContain('Hotel Berlin');
    expect(row.textContent).toContain('€1,234.50');
    expect(row.textContent).toContain('Waiting to sync');
  });

  it('while a save waits on the database: says Saving…, ignores more Enters, and saves once', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await openNewForm();
    await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w1');
    await userEvent.fill(field('date'), '11/20/2026');
    await userEvent.selectOptions(field<HTMLSelectElement>('categoryId'), 'c1');
    await userEvent.fill(field('amount'), '9.99');

    // Another transaction holds the expenses table (kept alive by reads) until released.
    let release = false;
    const holder = m.db.transaction('rw', m.db.expenses, async () => {
      while (!release) await m!.db.expenses.get('none');
    });
    try {
      const submitButton = q<HTMLButtonElement>(m.host, '[data-testid="expense-form"] button[type="submit"]');
      await userEvent.keyboard('{Enter}');
      await until(() => submitButton.textContent?.includes('Saving…'), 'Saving… shown for a slow save');
      expect(submitButton.disabled).toBe(true);
      await userEvent.keyboard('{Enter}');
      q<HTMLFormElement>(m.host, '[data-testid="expense-form"] form').requestSubmit();
    } finally {
      release = true;
      await holder;
    }
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'form closed after save');
    expect(await m.db.expenses.count()).toBe(1);
    expect(await m.db.outbox.count()).toBe(1);
  });

  it('records a foreign-currency amount with its ISO code', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await openNewForm();
    await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w1');
    await userEvent.selectOptions(field<HTMLSelectElement>('categoryId'), 'c4');
    await userEvent.click(field('foreign'));
    await userEvent.fill(field('foreignValue'), '3500');
    await userEvent.fill(field('foreignCurrency'), 'QQQ');
    await userEvent.click(q(m.host, '[data-testid="expense-form"] button[type="submit"]'));
    await until(() => errorFor('foreignCurrency'), 'currency error');
    expect(errorFor('foreignCurrency')).toBe('Enter a 3-letter ISO currency code, like EUR or JPY');
    await userEvent.fill(field('foreignCurrency'), 'JPY');
    await userEvent.click(q(m.host, '[data-testid="expense-form"] button[type="submit"]'));
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'saved');
    expect((await m.db.expenses.toArray())[0]).toMatchObject({ amountCents: 0, currency: 'USD', foreignAmount: { value: '3500', currency: 'JPY' } });
  });

  it('takes a HUF amount with its two ISO 4217 decimals ("1234,56" and "1234.56"), shows and edits it unrounded', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    // Locale data shows HUF without decimals; Kantata's amount_in_cents counts fillér (currency_base_unit 100).
    await m.db.workspaces.put({ ...seedWorkspaces[0]!, id: 'w9', title: 'Budapest office', currency: 'HUF', currency_symbol: 'Ft', currency_base_unit: 100 });
    for (const [typed, notes] of [['1234,56', 'Taxi Budapest'], ['1234.56', 'Dinner Budapest']] as const) {
      await openNewForm();
      await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w9');
      await userEvent.fill(field('date'), '11/20/2026');
      await userEvent.selectOptions(field<HTMLSelectElement>('categoryId'), 'c1');
      expect(field('amount').placeholder).toBe('12.50');
      await userEvent.fill(field('notes'), notes);
      await userEvent.fill(field('amount'), typed);
      await userEvent.keyboard('{Enter}');
      await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), `saved ${typed}`);
    }
    const saved = await m.db.expenses.toArray();
    expect(saved.map((e) => [e.notes, e.amountCents, e.currency]).sort()).toEqual([
      ['Dinner Budapest', 123456, 'HUF'],
      ['Taxi Budapest', 123456, 'HUF'],
    ]);
    const row = await until(() => m!.host.querySelector<HTMLElement>(`[data-testid="expense-row"][data-id="${saved[0]!.id}"]`), 'row');
    expect(row.querySelector('.amount')?.textContent?.trim()).toBe('HUF\u00a01,234.56');
    expect(m.host.querySelector('[data-testid="month-totals"]')?.textContent).toContain('HUF\u00a02,469.12');

    await userEvent.click(row);
    await until(() => m!.host.querySelector('[data-testid="expense-form"]'), 'edit form');
    expect(field('amount').value).toBe('1234.56');
    await userEvent.fill(field('amount'), '1234,5');
    await userEvent.click(q(m.host, '[data-testid="expense-form"] button[type="submit"]'));
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'edited');
    expect(await m.db.expenses.get(saved[0]!.id)).toMatchObject({ amountCents: 123450 });
  });

  it('edits only what changed, deletes after confirmation, and undoes the delete', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    const synced = syntheticExpense(1, { date: '2026-11-02', notes: 'Train ticket' });
    await m.db.expenses.put(synced);
    const row = await until(() => m!.host.querySelector<HTMLElement>(`[data-id="${synced.id}"]`), 'row');
    await userEvent.click(row);
    await until(() => m!.host.querySelector('[data-testid="expense-form"]'), 'form');
    expect(field<HTMLSelectElement>('workspaceId').disabled).toBe(true); // already in Kantata
    expect(field('notes').value).toBe('Train ticket');
    await userEvent.fill(field('notes'), 'Train ticket return');
    await userEvent.click(q(m.host, '[data-testid="expense-form"] button[type="submit"]'));
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'saved');
    expect(await m.db.outbox.toArray()).toMatchObject([{ kind: 'update', expenseId: synced.id, changes: { notes: 'Train ticket return' } }]);
    expect(Object.keys((await m.db.outbox.toArray())[0]!.changes!)).toEqual(['notes']);

    await userEvent.click(await until(() => m!.host.querySelector<HTMLElement>(`[data-id="${synced.id}"]`), 'row'));
    await userEvent.click(await until(() => [...m!.host.querySelectorAll<HTMLElement>('button')].find((b) => b.textContent?.trim() === 'Delete'), 'delete button'));
    const dialog = await until(() => m!.host.querySelector<HTMLDialogElement>('[data-testid="confirm-dialog"]'), 'confirm');
    expect(dialog.open).toBe(true);
    await userEvent.click(q(dialog, '.btn.danger'));
    await until(() => !m!.host.querySelector(`[data-id="${synced.id}"]`), 'row hidden');
    expect(await m.db.expenses.get(synced.id)).toMatchObject({ deleted: true });
    expect((await m.db.outbox.toArray()).map((e) => e.kind)).toEqual(['update', 'delete']);

    await userEvent.click(q(q(m.host, '[data-testid="undo-toast"]'), 'button'));
    await until(() => m!.host.querySelector(`[data-id="${synced.id}"]`), 'row back');
    expect((await m.db.outbox.toArray()).map((e) => e.kind)).toEqual(['update']);
    expect(await m.db.expenses.get(synced.id)).toMatchObject({ deleted: false, syncState: 'pending' });
  });

  it('duplicates an expense into a new one with the same values', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    const original = syntheticExpense(2, { notes: 'Weekly train', date: '2026-11-03' });
    await m.db.expenses.put(original);
    await userEvent.click(await until(() => m!.host.querySelector<HTMLElement>(`[data-id="${original.id}"]`), 'row'));
    await userEvent.click(await until(() => [...m!.host.querySelectorAll<HTMLElement>('button')].find((b) => b.textContent?.trim() === 'Duplicate'), 'duplicate'));
    await until(() => m!.host.querySelector('[data-testid="expense-form"] h2')?.textContent === 'New expense', 'new form');
    expect(field('notes').value).toBe('Weekly train');
    await userEvent.fill(field('date'), '11/10/2026');
    await userEvent.click(q(m.host, '[data-testid="expense-form"] button[type="submit"]'));
    await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'saved');
    const copies = (await m.db.expenses.toArray()).filter((e) => e.id !== original.id);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({
      notes: 'Weekly train', date: '2026-11-10', workspaceId: original.workspaceId, amountCents: original.amountCents,
      remoteId: null, syncState: 'pending',
    });
  });

  it('turns an open form read-only when a sync locks the expense meanwhile', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    const e = syntheticExpense(1);
    await m.db.expenses.put(e);
    await userEvent.click(await until(() => m!.host.querySelector<HTMLElement>(`[data-id="${e.id}"]`), 'row'));
    await until(() => m!.host.querySelector('[data-testid="expense-form"] button[type="submit"]'), 'editable form');
    await m.db.expenses.update(e.id, { userCanEdit: false, syncState: 'locked', syncMessage: 'Submitted for approval' });
    const banner = await until(() => m!.host.querySelector('[data-testid="locked-banner"]'), 'locked banner');
    expect(banner.textContent).toContain('Submitted for approval');
    expect(m.host.querySelector('[data-testid="expense-form"] button[type="submit"]')).toBeNull();
  });

  it('opens a locked expense read-only with the reason', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    const locked = syntheticExpense(6, { syncMessage: 'Approved on 2026-11-03' });
    await m.db.expenses.put(locked);
    await userEvent.click(await until(() => m!.host.querySelector<HTMLElement>(`[data-id="${locked.id}"]`), 'row'));
    const banner = await until(() => m!.host.querySelector('[data-testid="locked-banner"]'), 'locked banner');
    expect(banner.textContent).toContain('Locked in Kantata');
    // The banner speaks the user's language; the sentence the sync stored is kept behind Details.
    expect(banner.querySelector('.plain')!.textContent).not.toContain('Approved on');
    expect(banner.querySelector('[data-testid="error-technical"]')!.textContent).toContain('Approved on 2026-11-03');
    expect(field('notes').closest('fieldset')!.disabled).toBe(true);
    expect(m.host.querySelector('[data-testid="expense-form"] button[type="submit"]')).toBeNull();
    expect([...m.host.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Delete')).toBe(false);
  });

  it('tells the user the disk is full, keeps every value, and Retry saves once there is space', async () => {
    const bucket = await openBucketDatabase('form', 256 * 1024);
    await seedReferenceData(bucket.db);
    const fillers = await fillUntilFull(bucket.db);
    m = await mountWithDb(ExpensesView, { db: bucket.db, keepDb: true });
    try {
      await openNewForm();
      await userEvent.selectOptions(field<HTMLSelectElement>('workspaceId'), 'w1');
      await userEvent.selectOptions(field<HTMLSelectElement>('categoryId'), 'c1');
      await userEvent.fill(field('amount'), '42.00');
      await userEvent.fill(field('notes'), 'Airport taxi '.repeat(40));
      await userEvent.keyboard('{Control>}{Enter}{/Control}');
      const alert = await until(() => m!.host.querySelector('[data-testid="write-error"]'), 'write error');
      expect(alert.getAttribute('role')).toBe('alert');
      expect(alert.textContent).toContain(
        'Your disk is full: free some space, then press Retry. Nothing you entered was lost: the form is still filled.',
      );
      expect(field<HTMLSelectElement>('workspaceId').value).toBe('w1');
      expect(field('amount').value).toBe('42.00');
      expect(field('notes').value).toBe('Airport taxi '.repeat(40));
      expect(await bucket.db.expenses.count()).toBe(0);
      expect(await bucket.db.outbox.count()).toBe(0);

      await bucket.db.receipts.bulkDelete(fillers);
      await userEvent.click(q(alert, 'button'));
      await until(() => !m!.host.querySelector('[data-testid="expense-form"]'), 'saved after retry');
      expect(await bucket.db.expenses.count()).toBe(1);
      expect(await bucket.db.outbox.count()).toBe(1);
    } finally {
      await m.cleanup();
      m = null;
      await bucket.dispose();
    }
  });

  it('on first run offers one thing to do: Connect to Kantata; the form says it needs projects', async () => {
    m = await mountWithDb(ExpensesView);
    const empty = await until(() => m!.host.querySelector('[data-testid="first-run"]'), 'first-run state');
    expect(empty.textContent).toContain('Connect your Kantata account to download your projects');
    expect([...empty.querySelectorAll('button')].map((b) => b.textContent!.trim())).toEqual(['Connect to Kantata']);
    expect(m.host.querySelector('[data-testid="empty-projects"]')).toBeNull();
    await userEvent.click(q(m.host, '[data-testid="new-expense"]'));
    await until(() => m!.host.querySelector('[data-testid="no-projects"]'), 'form notice');
    expect(q<HTMLButtonElement>(m.host, '[data-testid="expense-form"] button[type="submit"]').disabled).toBe(true);
  });
});
