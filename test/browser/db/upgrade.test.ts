import { afterEach, expect, it } from 'vitest';
import Dexie from 'dexie';
import { CourierDatabase, CURRENT_VERSION, SCHEMA_V1, SCHEMA_V2, upgradeToV2, type ExpenseRowV1 } from '@renderer/db/database';
import type { LocalExpense } from '@shared/model/expense';
import { testDbName } from '../../support/browser/seed';

let name = '';
afterEach(async () => {
  await Dexie.delete(name);
});

const v1Expense = (i: number, over: Partial<ExpenseRowV1> = {}): ExpenseRowV1 => ({
  id: `v1-${i}`,
  workspaceId: 'w1',
  date: `2025-0${(i % 9) + 1}-15`,
  categoryId: 'c1',
  category: 'Travel',
  amountCents: 1000 + i,
  currency: 'USD',
  notes: `note ${i}`,
  billable: true,
  reimbursable: false,
  vendorId: null,
  storyId: null,
  expenseBudgetId: null,
  remoteId: i % 2 ? String(500 + i) : null,
  syncState: i % 2 ? 'synced' : 'pending',
  createdAt: 1_700_000_000_000 + i,
  updatedAt: 1_700_000_100_000 + i,
  ...over,
});

it('upgrades a version-1 database with data to the current schema without losing anything', async () => {
  name = testDbName('upgrade');
  const old = new Dexie(name);
  old.version(1).stores(SCHEMA_V1);
  const expenses = Array.from({ length: 50 }, (_, i) => v1Expense(i));
  expenses.push(v1Expense(50, { syncState: 'locked', remoteId: '999' }));
  await old.table('expenses').bulkAdd(expenses);
  await old.table('outbox').bulkAdd([{ expenseId: 'v1-0' }, { expenseId: 'v1-2', kind: 'update', changes: { notes: 'x' }, at: 5 }]);
  await old.table('workspaces').add({ id: 'w1', title: 'Apollo', currency: 'USD', archived: false });
  await old.table('categories').add({ id: 'c1', name: 'Travel', deleted_at: null });
  await old.table('meta').add({ key: 'syncCursor', value: { since: '2025-09-01T00:00:00Z' } });
  old.close();

  const db = new CourierDatabase(name);
  await db.open();
  expect(db.verno).toBe(CURRENT_VERSION);

  const upgraded = await db.expenses.orderBy('id').toArray();
  expect(upgraded).toHaveLength(51);
  for (const before of expenses) {
    const after = upgraded.find((e) => e.id === before.id);
    expect(after).toEqual({
      ...before,
      receiptId: null,
      foreignAmount: null,
      syncMessage: null,
      base: null,
      userCanEdit: before.syncState !== 'locked',
      deleted: false,
    });
  }
  // The current indexes work on the old rows.
  expect(await db.expenses.where('syncState').equals('locked').count()).toBe(1);
  expect(await db.expenses.where('remoteId').equals('999').count()).toBe(1);
  expect((await db.expenses.orderBy('[date+id]').last())?.date).toBe('2025-09-15');

  expect(await db.outbox.orderBy('seq').toArray()).toEqual([
    { seq: 1, expenseId: 'v1-0', kind: 'create', at: expenses[0]!.updatedAt },
    { seq: 2, expenseId: 'v1-2', kind: 'update', changes: { notes: 'x' }, at: 5 },
  ]);
  expect(await db.workspaces.get('w1')).toMatchObject({ title: 'Apollo', expense_tracking: 'tasks', fetchedAt: expect.any(Number) });
  expect(await db.categories.get('c1')).toMatchObject({ name: 'Travel', fetchedAt: expect.any(Number) });
  expect(await db.meta.get('syncCursor')).toEqual({ key: 'syncCursor', value: { since: '2025-09-01T00:00:00Z' } });
  // New tables exist and are usable.
  await db.conflicts.add({
    id: 'r1:v1-1', roundId: 'r1', expenseId: 'v1-1', remoteId: null, kind: 'merge', winner: 'server',
    decidedAt: '2025-09-02T00:00:00Z', message: '', fields: [], local: null, localEditedAt: null, server: null,
    overwrote: false, at: 1, resolvedAt: null,
  });
  expect(await db.conflicts.where('expenseId').equals('v1-1').count()).toBe(1);
  db.close();
});

it('upgrades a version-2 database to the current schema: same rows, only the indexes the app queries', async () => {
  name = testDbName('upgrade-v2');
  const old = new Dexie(name);
  old.version(1).stores(SCHEMA_V1);
  old.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
  const rows: LocalExpense[] = Array.from({ length: 40 }, (_, i) => ({
    ...v1Expense(i),
    receiptId: null,
    foreignAmount: null,
    syncMessage: i === 3 ? 'Rejected' : null,
    base: null,
    userCanEdit: true,
    deleted: false,
    syncState: i === 3 ? 'error' : i % 2 ? 'synced' : 'pending',
  }));
  await old.table('expenses').bulkAdd(rows);
  await old.table('outbox').add({ expenseId: 'v1-0', kind: 'create', at: 1 });
  await old.table('meta').add({ key: 'syncCursor', value: 'cursor-1' });
  old.close();

  const db = new CourierDatabase(name);
  await db.open();
  expect(db.verno).toBe(CURRENT_VERSION);
  expect(db.expenses.schema.indexes.map((i) => i.name).sort()).toEqual(
    [
      '[date+id]',
      'remoteId',
      'syncState',
      'receiptId',
      '[currency+amountCents+date]',
      '[foreignAmount.currency+foreignAmount.value+date]',
      'vendorId',
      'notes',
      'base.receipt_id',
    ].sort(),
  );
  expect(await db.expenses.orderBy('id').toArray()).toEqual([...rows].sort((a, b) => (a.id < b.id ? -1 : 1)));
  // What the app queries still answers on the upgraded rows.
  expect((await db.expenses.where('syncState').anyOf('error', 'conflict').toArray()).map((e) => e.id)).toEqual(['v1-3']);
  expect(await db.expenses.where('remoteId').equals('501').count()).toBe(1);
  expect((await db.expenses.orderBy('[date+id]').reverse().first())?.date).toBe('2025-09-15');
  // Version 6's history indexes hold the rows written before them.
  expect((await db.expenses.where('notes').equals('note 7').toArray()).map((e) => e.id)).toEqual(['v1-7']);
  expect(await db.outbox.toArray()).toEqual([{ seq: 1, expenseId: 'v1-0', kind: 'create', at: 1 }]);
  expect(await db.meta.get('syncCursor')).toEqual({ key: 'syncCursor', value: 'cursor-1' });
  db.close();
});
