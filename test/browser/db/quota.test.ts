import { expect, it } from 'vitest';
import type { ExpenseFields } from '@shared/model/expense';
import { CourierDatabase } from '@renderer/db/database';
import { saveExpense } from '@renderer/db/expenses-repo';
import { describeWriteError, isQuotaError } from '@renderer/db/write-errors';
import { openFullDatabase } from '../../support/browser/quota-bucket';
import { testDbName } from '../../support/browser/seed';

const fields: ExpenseFields = {
  workspaceId: 'w1', date: '2026-11-21', categoryId: 'c1', category: 'Travel', amountCents: 1250, currency: 'USD',
  foreignAmount: null, notes: 'Taxi', billable: false, reimbursable: true, vendorId: null, storyId: null,
  expenseBudgetId: null, receiptId: null,
};

it('reports a real QuotaExceededError from Chromium as "disk full" and writes nothing', async () => {
  const { db, dispose } = await openFullDatabase('repo');
  try {
    const failure = await saveExpense({ fields }, db).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).not.toBeNull();
    expect(isQuotaError(failure)).toBe(true);
    expect(describeWriteError(failure)).toMatchObject({
      kind: 'quota',
      retryable: true,
      message: 'Your disk is full: free some space, then press Retry. Nothing you entered was lost: the form is still filled.',
    });
    expect(await db.expenses.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  } finally {
    await dispose();
  }
});

it('reports a closed database with what to do, and Retry works once it is open again', async () => {
  const db = new CourierDatabase(testDbName('closed'));
  await db.open();
  db.close({ disableAutoOpen: true });
  const failure = await saveExpense({ fields }, db).then(
    () => null,
    (e: unknown) => e,
  );
  expect(describeWriteError(failure)).toMatchObject({ kind: 'closed', retryable: true });
  expect(describeWriteError(failure).message).toMatch(/Press Retry/);
  await db.open();
  await saveExpense({ fields }, db);
  expect(await db.expenses.count()).toBe(1);
  await db.delete();
});
