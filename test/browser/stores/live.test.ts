import { afterEach, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { ExpenseFields } from '@shared/model/expense';
import { CourierDatabase } from '@renderer/db/database';
import { useDatabase } from '@renderer/db/current';
import { deleteExpense, saveExpense } from '@renderer/db/expenses-repo';
import { useExpensesStore } from '@renderer/stores/expenses';
import { useReferenceStore } from '@renderer/stores/reference';
import { useStatusStore } from '@renderer/stores/status';
import ExpensesView from '@renderer/views/ExpensesView.vue';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedReferenceData, seedWorkspaces, syntheticExpense, taxiFields, testDbName } from '../../support/browser/seed';

const fields: ExpenseFields = { ...taxiFields, notes: 'Written elsewhere', billable: false };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Stores on their own Dexie instance and Pinia, as another window would have. */
function storesOn(db: CourierDatabase) {
  useDatabase(db);
  const pinia = createPinia();
  setActivePinia(pinia);
  const scope = effectScope();
  const stores = scope.run(() => ({ expenses: useExpensesStore(), reference: useReferenceStore(), status: useStatusStore() }))!;
  cleanups.push(() => {
    pinia._s.forEach((s) => s.$dispose());
    scope.stop();
  });
  return stores;
}

it('stores on one Dexie instance follow writes made through another instance of the same database', async () => {
  const name = testDbName('live');
  const writer = new CourierDatabase(name);
  const reader = new CourierDatabase(name);
  cleanups.push(() => writer.delete());
  await writer.expenses.put(syntheticExpense(1));
  const { expenses, reference, status } = storesOn(reader);
  await until(() => !expenses.loading && expenses.all.length === 1, 'initial load');

  const saved = await saveExpense({ fields }, writer);
  await until(() => expenses.get(saved.id), 'created row seen');
  expect(expenses.all.map((e) => e.id)).toEqual([syntheticExpense(1).id, saved.id]); // 2026-11-30 before 2026-11-21
  await until(() => status.waitingCount === 1, 'waiting count');
  expect(expenses.stateCounts).toEqual({ pending: 1, synced: 1, conflict: 0, error: 0, locked: 0 });

  await saveExpense({ id: saved.id, fields: { ...fields, date: '2020-01-01' } }, writer);
  await saveExpense({ id: saved.id, fields: { ...fields, date: '2026-12-01' } }, writer);
  await until(() => expenses.all[0]?.id === saved.id, 'edit moved the row to its new date');

  await deleteExpense(saved.id, writer);
  await until(() => !expenses.get(saved.id), 'deleted row gone');
  expect(expenses.all).toHaveLength(1);
  expect(expenses.stateCounts).toEqual({ pending: 0, synced: 1, conflict: 0, error: 0, locked: 0 });

  await seedReferenceData(writer);
  await until(() => reference.workspaces.length === seedWorkspaces.length, 'reference data seen');
  expect(reference.expenseTrackingOf('w2')).toBe('budgets');

  // A bulk change the engine might make (modify over a range) reloads everything.
  await writer.expenses.put({ ...syntheticExpense(2), syncState: 'error' });
  await until(() => expenses.stateCounts.error === 1, 'an error row counted');
  await writer.expenses.toCollection().modify({ syncState: 'synced' });
  await until(() => expenses.all.every((e) => e.syncState === 'synced'), 'range modify seen');
  expect(expenses.stateCounts).toEqual({ pending: 0, synced: 2, conflict: 0, error: 0, locked: 0 });
  reader.close();
});

it('two mounted apps on separate database instances see each other’s saves', async () => {
  const name = testDbName('two-apps');
  const first: Mounted = await mountWithDb(ExpensesView, { db: new CourierDatabase(name), keepDb: true });
  cleanups.push(first.cleanup);
  const second: Mounted = await mountWithDb(ExpensesView, { db: new CourierDatabase(name) });
  cleanups.push(second.cleanup);
  await seedReferenceData(first.db);
  const saved = await saveExpense({ fields: { ...fields, notes: 'From window one' } }, first.db);
  for (const m of [first, second]) {
    const row = await until(() => m.host.querySelector(`[data-id="${saved.id}"]`), 'row in both apps');
    expect(row.textContent).toContain('From window one');
  }
  await saveExpense({ id: saved.id, fields: { ...fields, notes: 'Edited in window two' } }, second.db);
  await until(() => first.host.querySelector(`[data-id="${saved.id}"]`)?.textContent?.includes('Edited in window two'), 'edit seen');
});

it('text search follows rows added, moved and removed elsewhere, and renamed projects', async () => {
  const name = testDbName('search');
  const writer = new CourierDatabase(name);
  const reader = new CourierDatabase(name);
  cleanups.push(() => writer.delete());
  await seedReferenceData(writer);
  await writer.expenses.bulkPut(Array.from({ length: 300 }, (_, i) => syntheticExpense(i, { notes: i % 3 === 0 ? `Taxi ${i}` : `Lunch ${i}` })));
  const { expenses, reference } = storesOn(reader);
  await until(() => !expenses.loading && expenses.all.length === 300 && reference.workspaces.length > 0, 'loaded');
  expenses.filters.text = 'taxi';
  const expected = () =>
    expenses.all
      .filter((e) => `${e.notes} ${reference.workspaceById.get(e.workspaceId)?.title ?? ''}`.toLowerCase().includes(expenses.filters.text))
      .map((e) => e.id);
  expect(expenses.filtered.map((e) => e.id)).toEqual(expected());
  expect(expenses.filtered).toHaveLength(100);

  // Rows change in another window: a new match at the top, a match edited away, one deleted, one moved.
  await writer.expenses.put(syntheticExpense(1000, { date: '2026-12-31', notes: 'Taxi at the top' }));
  await writer.expenses.put({ ...syntheticExpense(3), notes: 'Dinner now' });
  await writer.expenses.delete(syntheticExpense(6).id);
  await writer.expenses.put(syntheticExpense(9, { notes: 'Taxi 9', date: '2020-01-01' }));
  await until(() => expenses.all.length === 300 && expenses.get(syntheticExpense(1000).id), 'changes seen');
  await until(() => expenses.get(syntheticExpense(9).id)?.date === '2020-01-01', 'move seen');
  expect(expenses.filtered.map((e) => e.id)).toEqual(expected());
  expect(expenses.filtered).toHaveLength(99);
  expect(expenses.filtered[0]!.notes).toBe('Taxi at the top');

  // A project renamed by a reference refresh: searching the new name finds its rows.
  expenses.filters.text = 'zanzibar';
  expect(expenses.filtered).toHaveLength(0);
  await writer.workspaces.update('w1', { title: 'Zanzibar launch' });
  await until(() => expenses.filtered.length > 0, 'renamed project searchable');
  expect(expenses.filtered.map((e) => e.id)).toEqual(expected());
  reader.close();
});
