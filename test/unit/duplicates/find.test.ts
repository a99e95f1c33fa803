/**
 * The duplicate check on real Dexie (fake-indexeddb): each rule, through the indexes of schema
 * version 4; downloaded Kantata expenses (with a remoteId) are checked like local ones.
 */
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newLocalExpense, type LocalExpense } from '@shared/model/expense';
import { CourierDatabase } from '@renderer/db/database';
import { findPossibleDuplicates, type AttachmentDigester, type DuplicateProbe } from '@renderer/duplicates/find';

/** These rules never need a Kantata file: asking main for one is a failure. */
const noDownloads: AttachmentDigester = (request) => {
  throw new Error(`unexpected download of attachment ${request.attachmentId}`);
};

let db: CourierDatabase;
let seq = 0;
beforeEach(() => {
  db = new CourierDatabase(`dup-${++seq}-${Date.now()}`, { indexedDB, IDBKeyRange });
});
afterEach(async () => {
  await db.delete();
});

const vendors: Record<string, string> = { v1: 'Hilton', v2: 'Lufthansa' };
const vendorName = (id: string): string | null => vendors[id] ?? null;

function expense(overrides: Partial<LocalExpense>): LocalExpense {
  return {
    ...newLocalExpense({
      workspaceId: 'w1',
      date: '2026-03-14',
      categoryId: 'c1',
      category: 'Food',
      amountCents: 2050,
      currency: 'EUR',
      foreignAmount: null,
      notes: 'Cafe Lumiere',
      billable: false,
      reimbursable: true,
      vendorId: null,
      storyId: null,
      expenseBudgetId: null,
      receiptId: null,
    }),
    ...overrides,
  };
}

const probe = (overrides: Partial<DuplicateProbe> = {}): DuplicateProbe => ({
  id: null,
  date: '2026-03-14',
  amountCents: 2050,
  currency: 'EUR',
  foreignAmount: null,
  notes: 'CAFE LUMIERE SARL',
  vendorId: null,
  receiptId: null,
  ...overrides,
});

describe('possible duplicates', () => {
  it('finds another expense holding the same receipt file', async () => {
    await db.expenses.bulkPut([expense({ id: 'a', receiptId: 'r1', notes: 'Taxi', amountCents: 999 }), expense({ id: 'b', receiptId: 'r2' , notes: 'x', amountCents: 1})]);
    const found = await findPossibleDuplicates(probe({ receiptId: 'r1', notes: 'Dinner', amountCents: 5 }), vendorName, noDownloads, db);
    expect(found.map((d) => [d.expense.id, d.reason])).toEqual([['a', 'same-receipt']]);
  });

  it('finds the same amount and currency within a day with similar notes, local or from Kantata', async () => {
    await db.expenses.bulkPut([
      expense({ id: 'day-before', date: '2026-03-13', notes: 'Cafe Lumière' }),
      expense({ id: 'from-kantata', date: '2026-03-15', remoteId: '777', syncState: 'synced', notes: 'cafe lumiere' }),
      expense({ id: 'two-days', date: '2026-03-12' }),
      expense({ id: 'other-amount', amountCents: 2051 }),
      expense({ id: 'other-currency', currency: 'USD' }),
      expense({ id: 'other-place', notes: 'Hotel Adlon' }),
    ]);
    const found = await findPossibleDuplicates(probe(), vendorName, noDownloads, db);
    expect(found.map((d) => d.expense.id).sort()).toEqual(['day-before', 'from-kantata']);
    expect(found.every((d) => d.reason === 'same-amount')).toBe(true);
  });

  it('counts the same vendor, or notes naming the vendor, as the same place', async () => {
    await db.expenses.bulkPut([
      expense({ id: 'same-vendor', vendorId: 'v1', notes: '' }),
      expense({ id: 'notes-name-vendor', notes: 'Hilton Berlin' }),
    ]);
    const found = await findPossibleDuplicates(probe({ vendorId: 'v1', notes: '' }), vendorName, noDownloads, db);
    expect(found.map((d) => d.expense.id).sort()).toEqual(['notes-name-vendor', 'same-vendor']);
  });

  it('compares an amount paid in another currency with amounts paid in that currency', async () => {
    await db.expenses.bulkPut([
      expense({ id: 'paid-in-myr', currency: 'USD', amountCents: 220, foreignAmount: { value: '9.00', currency: 'MYR' }, notes: 'Book Ta.K Sdn Bhd' }),
      expense({ id: 'other-value', currency: 'USD', amountCents: 220, foreignAmount: { value: '9.50', currency: 'MYR' }, notes: 'Book Ta.K' }),
    ]);
    const found = await findPossibleDuplicates(
      probe({ currency: 'USD', amountCents: 0, foreignAmount: { value: '9.00', currency: 'MYR' }, notes: 'BOOK TA .K (TAMAN DAYA) SDN BHD' }),
      vendorName,
      noDownloads,
      db,
    );
    expect(found.map((d) => d.expense.id)).toEqual(['paid-in-myr']);
  });

  it('ignores the expense itself and deleted expenses', async () => {
    await db.expenses.bulkPut([expense({ id: 'me' }), expense({ id: 'gone', deleted: true })]);
    expect(await findPossibleDuplicates(probe({ id: 'me' }), vendorName, noDownloads, db)).toEqual([]);
  });
});
