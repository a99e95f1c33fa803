import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExpenseFields } from '@shared/model/expense';
import { CourierDatabase } from '@renderer/db/database';
import {
  deleteExpense,
  ExpenseLockedError,
  listExpenses,
  outboxFor,
  pendingOutbox,
  saveExpense,
  undoDeleteExpense,
} from '@renderer/db/expenses-repo';
import { InvalidExpenseError } from '@shared/validation';
import { syntheticExpense, taxiFields, testDbName } from '../../support/browser/seed';

const fields: ExpenseFields = { ...taxiFields };

let db: CourierDatabase;
beforeEach(() => {
  db = new CourierDatabase(testDbName('repo'));
});
afterEach(async () => {
  await db.delete();
});

describe('saveExpense', () => {
  it('creates the expense and one create outbox entry together', async () => {
    const saved = await saveExpense({ fields }, db);
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await db.expenses.get(saved.id)).toEqual({
      ...fields,
      id: saved.id,
      remoteId: null,
      syncState: 'pending',
      syncMessage: null,
      createdAt: saved.createdAt,
      updatedAt: saved.createdAt,
      base: null,
      userCanEdit: true,
      deleted: false,
    });
    expect(await pendingOutbox(db)).toEqual([{ seq: 1, expenseId: saved.id, kind: 'create', at: saved.createdAt }]);
  });

  it('records an edit as an update carrying only the changed fields, appended after the create', async () => {
    const saved = await saveExpense({ fields }, db);
    const edited = await saveExpense({ id: saved.id, fields: { ...fields, notes: 'Taxi home', amountCents: 1300 } }, db);
    expect(edited).toMatchObject({ notes: 'Taxi home', amountCents: 1300, syncState: 'pending' });
    const entries = await outboxFor(saved.id, db);
    expect(entries.map((e) => e.kind)).toEqual(['create', 'update']);
    expect(entries[1]).toMatchObject({ changes: { notes: 'Taxi home', amountCents: 1300 }, at: edited.updatedAt });
    expect(Object.keys(entries[1]!.changes!)).toEqual(['amountCents', 'notes']);
  });

  it('writes nothing for an edit that changes nothing', async () => {
    const saved = await saveExpense({ fields }, db);
    await saveExpense({ id: saved.id, fields: { ...fields } }, db);
    expect(await db.outbox.count()).toBe(1);
  });

  it('marks a synced expense pending again on edit and keeps its server id', async () => {
    await db.expenses.put(syntheticExpense(0, { syncState: 'error', syncMessage: 'Refused' }));
    const edited = await saveExpense({ id: syntheticExpense(0).id, fields: { ...fields, workspaceId: 'w1' } }, db);
    expect(edited).toMatchObject({ remoteId: '100000', syncState: 'pending', syncMessage: null });
  });

  it('refuses locked expenses and invalid fields without writing anything', async () => {
    const locked = syntheticExpense(6);
    expect(locked.syncState).toBe('locked');
    await db.expenses.put(locked);
    await expect(saveExpense({ id: locked.id, fields }, db)).rejects.toBeInstanceOf(ExpenseLockedError);
    await expect(saveExpense({ fields: { ...fields, amountCents: 2 ** 31 } }, db)).rejects.toBeInstanceOf(InvalidExpenseError);
    await expect(saveExpense({ fields: { ...fields, date: '2026-02-30' } }, db)).rejects.toThrow(/date: dateInvalid/);
    expect(await db.expenses.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('writes neither row when the outbox write fails inside the transaction', async () => {
    const refuse = () => {
      throw new Error('outbox write refused');
    };
    db.outbox.hook('creating', refuse);
    await expect(saveExpense({ fields }, db)).rejects.toThrow('outbox write refused');
    db.outbox.hook('creating').unsubscribe(refuse);
    expect(await db.expenses.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('writes neither row when an enclosing transaction aborts after the save', async () => {
    await expect(
      db.transaction('rw', db.expenses, db.outbox, async () => {
        await saveExpense({ fields }, db);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.expenses.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('survives closing and reopening the database', async () => {
    const saved = await saveExpense({ fields }, db);
    db.close();
    const reopened = new CourierDatabase(db.name);
    expect(await reopened.expenses.get(saved.id)).toMatchObject({ notes: 'Taxi', amountCents: 1250 });
    expect(await reopened.outbox.count()).toBe(1);
    reopened.close();
    db = new CourierDatabase(db.name);
  });
});

describe('deleteExpense', () => {
  it('leaves a tombstone and a delete entry in one transaction, hidden from the list', async () => {
    const saved = await saveExpense({ fields }, db);
    await deleteExpense(saved.id, db);
    expect(await db.expenses.get(saved.id)).toMatchObject({ deleted: true, syncState: 'pending' });
    expect((await outboxFor(saved.id, db)).map((e) => e.kind)).toEqual(['create', 'delete']);
    expect(await listExpenses(db)).toEqual([]);
  });

  it('can be undone while the delete is still queued', async () => {
    const synced = syntheticExpense(1);
    expect(synced.syncState).toBe('synced');
    await db.expenses.put(synced);
    await deleteExpense(synced.id, db);
    expect(await undoDeleteExpense(synced.id, synced, db)).toBe(true);
    expect(await db.expenses.get(synced.id)).toMatchObject({ deleted: false, syncState: 'synced' });
    expect(await db.outbox.count()).toBe(0);
    expect(await undoDeleteExpense(synced.id, synced, db)).toBe(false);
  });

  it('refuses to delete a locked expense', async () => {
    await db.expenses.put(syntheticExpense(6));
    await expect(deleteExpense(syntheticExpense(6).id, db)).rejects.toBeInstanceOf(ExpenseLockedError);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('listExpenses', () => {
  it('orders by date, newest first, then by id', async () => {
    await db.expenses.bulkPut([
      syntheticExpense(1, { date: '2026-01-02' }),
      syntheticExpense(2, { date: '2026-03-01' }),
      syntheticExpense(3, { date: '2026-01-02' }),
    ]);
    expect((await listExpenses(db)).map((e) => e.id)).toEqual([
      syntheticExpense(2).id,
      syntheticExpense(3).id,
      syntheticExpense(1).id,
    ]);
  });
});
