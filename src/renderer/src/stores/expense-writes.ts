/**
 * The user's writes to the expense book: save, delete and undo a delete. Every view writes through
 * these actions (the form, quick-add, the list), and the list store observes them with
 * `$onAction` to show a saved row at once, without waiting for Dexie's change signal.
 * The quick-add window uses this store alone; it never loads the list.
 */
import { defineStore } from 'pinia';
import type { LocalExpense } from '@shared/model/expense';
import { getDb } from '@renderer/db/current';
import { deleteExpense, saveExpense, undoDeleteExpense, type SaveExpenseInput } from '@renderer/db/expenses-repo';

export const useExpenseWritesStore = defineStore('expense-writes', () => {
  const db = getDb();

  /** Create (no id) or edit; see saveExpense for what it checks and throws. */
  function save(input: SaveExpenseInput): Promise<LocalExpense> {
    return saveExpense(input, db);
  }

  function remove(id: string): Promise<void> {
    return deleteExpense(id, db);
  }

  /** False when it is too late: the delete has been sent and settled. */
  function undoRemove(id: string, previous: Pick<LocalExpense, 'syncState' | 'syncMessage' | 'updatedAt'>): Promise<boolean> {
    return undoDeleteExpense(id, previous, db);
  }

  return { save, remove, undoRemove };
});
