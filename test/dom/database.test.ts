/**
 * The same database guarantees as test/browser/db, in Node with fake-indexeddb (fast, no browser):
 * schema, one-transaction saves, migration from version 1, and the live list store.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { effectScope } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { ExpenseFields } from '@shared/model/expense';
import { CourierDatabase, CURRENT_VERSION, SCHEMA_V1, SCHEMA_V5, SCHEMA_V6 } from '@renderer/db/database';
import { useDatabase } from '@renderer/db/current';
import { deleteExpense, saveExpense } from '@renderer/db/expenses-repo';
import { useExpensesStore } from '@renderer/stores/expenses';

const fields: ExpenseFields = {
  workspaceId: 'w1', date: '2026-11-21', categoryId: 'c1', category: 'Travel', amountCents: 1250, currency: 'USD',
  foreignAmount: null, notes: 'Taxi', billable: false, reimbursable: true, vendorId: null, storyId: null,
  expenseBudgetId: null, receiptId: null,
};

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function freshDb(): CourierDatabase {
  const db = new CourierDatabase(`dom-${crypto.randomUUID()}`);
  cleanups.push(() => db.delete());
  return db;
}

describe('schema', () => {
  it('declares the tables and indexes the app and the sync engine rely on', async () => {
    const db = freshDb();
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(SCHEMA_V6).sort());
    const expenses = db.table('expenses').schema;
    expect(expenses.primKey.name).toBe('id');
    expect(expenses.indexes.map((i) => i.name).sort()).toEqual(
      [
        'remoteId',
        'syncState',
        '[date+id]',
        // Version 5: the duplicate check before saving.
        'receiptId',
        '[currency+amountCents+date]',
        '[foreignAmount.currency+foreignAmount.value+date]',
        // Version 6: Kantata expenses by the receipt attachment their record holds.
        'base.receipt_id',
        // Version 6: the category a read receipt suggests from the user's history.
        'vendorId',
        'notes',
      ].sort(),
    );
    expect(db.table('remoteReceipts').schema.indexes.map((i) => i.name).sort()).toEqual(['filesize', 'hash']);
    expect(db.table('receipts').schema.indexes.map((i) => i.name)).toContain('hash');
    expect(db.table('outbox').schema.primKey).toMatchObject({ name: 'seq', auto: true });
  });
});

describe('saving', () => {
  it('writes the expense and its outbox entry together, or neither', async () => {
    const db = freshDb();
    const saved = await saveExpense({ fields }, db);
    expect(await db.outbox.toArray()).toEqual([{ seq: 1, expenseId: saved.id, kind: 'create', at: saved.createdAt }]);
    const refuse = () => {
      throw new Error('disk error');
    };
    db.outbox.hook('creating', refuse);
    await expect(saveExpense({ id: saved.id, fields: { ...fields, notes: 'Changed' } }, db)).rejects.toThrow('disk error');
    await expect(saveExpense({ fields }, db)).rejects.toThrow('disk error');
    db.outbox.hook('creating').unsubscribe(refuse);
    expect(await db.expenses.count()).toBe(1);
    expect((await db.expenses.get(saved.id))?.notes).toBe('Taxi');
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('migration', () => {
  it('upgrades version-1 data without loss', async () => {
    const name = `dom-v1-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.table('expenses').add({ ...fields, id: 'e1', remoteId: '9', syncState: 'synced', createdAt: 1, updatedAt: 2 });
    await v1.table('outbox').add({ expenseId: 'e1' });
    v1.close();
    const db = new CourierDatabase(name);
    cleanups.push(() => db.delete());
    expect(await db.expenses.get('e1')).toEqual({
      ...fields, id: 'e1', remoteId: '9', syncState: 'synced', createdAt: 1, updatedAt: 2,
      receiptId: null, foreignAmount: null, syncMessage: null, base: null, userCanEdit: true, deleted: false,
    });
    expect(await db.outbox.toArray()).toEqual([{ seq: 1, expenseId: 'e1', kind: 'create', at: 2 }]);
  });
});

describe('migration to version 6', () => {
  it('keeps version-5 rows and finds the pulled ones by their Kantata receipt at once', async () => {
    const name = `dom-v5-${crypto.randomUUID()}`;
    const v5 = new Dexie(name);
    v5.version(5).stores(SCHEMA_V5);
    const pulled = {
      ...fields, id: 'k1', remoteId: '501', syncState: 'synced', syncMessage: null, createdAt: 1, updatedAt: 2,
      base: { id: '501', receipt_id: '8001', updated_at: '2026-11-21T10:00:00Z', workspace_id: 'w1' }, userCanEdit: true, deleted: false,
    };
    const local = { ...pulled, id: 'l1', remoteId: null, syncState: 'pending', base: null, receiptId: 'r1' };
    await v5.table('expenses').bulkAdd([pulled, local]);
    await v5.table('receipts').add({ id: 'r1', hash: 'ab'.repeat(32), size: 3, name: 'a.jpg', mime: 'image/jpeg', createdAt: 1, attachmentId: null });
    v5.close();

    const db = new CourierDatabase(name);
    cleanups.push(() => db.delete());
    await db.open();
    expect(db.verno).toBe(6);
    expect(await db.expenses.orderBy('id').toArray()).toEqual([local, pulled].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect((await db.expenses.where('base.receipt_id').equals('8001').toArray()).map((e) => e.id)).toEqual(['k1']);
    expect((await db.receipts.where('hash').equals('ab'.repeat(32)).toArray()).map((r) => r.id)).toEqual(['r1']);
    expect(await db.remoteReceipts.count()).toBe(0);
  });
});

describe('live list store', () => {
  it('follows saves and deletes made through another database instance', async () => {
    const writer = freshDb();
    const reader = useDatabase(new CourierDatabase(writer.name));
    cleanups.push(() => reader.close());
    const pinia = createPinia();
    setActivePinia(pinia);
    const scope = effectScope();
    const store = scope.run(() => useExpensesStore())!;
    cleanups.push(() => scope.stop());
    const saved = await saveExpense({ fields }, writer);
    await expect.poll(() => store.get(saved.id)?.notes).toBe('Taxi');
    await deleteExpense(saved.id, writer);
    await expect.poll(() => store.all.length).toBe(0);
  });
});
