/**
 * Writes and reads of expenses. Every user change writes the expense row AND its outbox entry in
 * one read-write transaction: once the promise resolves the change survives a crash, and if any
 * part fails nothing is written. Coalescing the outbox is the sync engine's job, not this one's.
 */
import { EXPENSE_FIELD_NAMES, newLocalExpense, type ExpenseFields, type LocalExpense, type OutboxEntry } from '@shared/model/expense';
import { assertExpenseFields } from '@shared/validation';
import { refusedValues } from '@shared/sync/plan-local-apply';
import type { CourierDatabase } from './database';
import { getDb } from './current';

export interface SaveExpenseInput {
  /** Absent for a new expense; the local id (UUID) of the one being edited. */
  id?: string;
  fields: ExpenseFields;
}

export class ExpenseNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`This expense no longer exists on this computer (id ${id}).`);
    this.name = 'ExpenseNotFoundError';
  }
}

export class ExpenseLockedError extends Error {
  constructor(readonly id: string) {
    super('This expense is locked in Kantata (submitted, approved or invoiced) and cannot be changed.');
    this.name = 'ExpenseLockedError';
  }
}

/** Fields whose value differs between two versions (deep for the foreign amount). */
export function changedFields(before: ExpenseFields, after: ExpenseFields): Partial<ExpenseFields> {
  const changes: Partial<Record<keyof ExpenseFields, unknown>> = {};
  for (const name of EXPENSE_FIELD_NAMES) {
    if (JSON.stringify(before[name]) !== JSON.stringify(after[name])) changes[name] = after[name];
  }
  return changes as Partial<ExpenseFields>;
}

function pickFields(e: ExpenseFields): ExpenseFields {
  const out: Partial<Record<keyof ExpenseFields, unknown>> = {};
  for (const name of EXPENSE_FIELD_NAMES) out[name] = e[name];
  return out as ExpenseFields;
}

/**
 * Create (no id) or edit an expense. Validates the fields, then writes the row and one outbox
 * entry ('create', or 'update' carrying only the changed fields) in one transaction.
 * An edit that changes nothing writes nothing. Throws InvalidExpenseError, ExpenseLockedError,
 * ExpenseNotFoundError, or the database's error (quota, closed...) with nothing written.
 */
export async function saveExpense(input: SaveExpenseInput, db: CourierDatabase = getDb()): Promise<LocalExpense> {
  const fields = pickFields(assertExpenseFields(input.fields));
  const now = Date.now();
  const saved = await db.transaction('rw', db.expenses, db.outbox, async () => {
    if (input.id === undefined) {
      const expense = newLocalExpense(fields, { now });
      // Both requests queued at once: one round trip, still one transaction (either fails, both roll back).
      await Promise.all([db.expenses.add(expense), db.outbox.add({ expenseId: expense.id, kind: 'create', at: now })]);
      return expense;
    }
    const existing = await db.expenses.get(input.id);
    if (!existing || existing.deleted) throw new ExpenseNotFoundError(input.id);
    if (!existing.userCanEdit || existing.syncState === 'locked') throw new ExpenseLockedError(input.id);
    const changes = changedFields(existing, fields);
    if (Object.keys(changes).length === 0) return existing;
    const updated: LocalExpense = { ...existing, ...changes, syncState: 'pending', syncMessage: null, updatedAt: now };
    await db.expenses.put(updated);
    // Saving a refused expense saves again what Kantata refused: the form showed those values and
    // the user kept them. Queued with the new change, or they would be dropped by the next sync.
    const refused = existing.syncState === 'error' && existing.base ? refusedValues(existing, existing.base) : {};
    await db.outbox.add({ expenseId: existing.id, kind: 'update', changes: { ...refused, ...changes }, at: now });
    return updated;
  });
  return saved;
}

/**
 * Delete an expense: a tombstone (deleted: true, hidden from the list) plus an outbox 'delete', in
 * one transaction. Even a never-synced expense keeps its tombstone: its create may be on the wire in
 * a running sync round, and only the engine knows; it drops the row once the delete has settled.
 */
export async function deleteExpense(id: string, db: CourierDatabase = getDb()): Promise<void> {
  const now = Date.now();
  await db.transaction('rw', db.expenses, db.outbox, async () => {
    const existing = await db.expenses.get(id);
    if (!existing || existing.deleted) return;
    if (!existing.userCanEdit || existing.syncState === 'locked') throw new ExpenseLockedError(id);
    await db.expenses.update(id, { deleted: true, syncState: 'pending', syncMessage: null, updatedAt: now });
    await db.outbox.add({ expenseId: id, kind: 'delete', at: now });
  });
}

/**
 * Undo a delete within the undo window: takes back the queued 'delete' entry and shows the row
 * again with the sync state it had. Returns false when there is nothing to undo (the delete has
 * already been sent and settled).
 */
export async function undoDeleteExpense(
  id: string,
  previous: Pick<LocalExpense, 'syncState' | 'syncMessage' | 'updatedAt'>,
  db: CourierDatabase = getDb(),
): Promise<boolean> {
  return db.transaction('rw', db.expenses, db.outbox, async () => {
    const existing = await db.expenses.get(id);
    if (!existing?.deleted) return false;
    const entries = await db.outbox.where('expenseId').equals(id).sortBy('seq');
    const last = entries.at(-1);
    if (!last || last.kind !== 'delete' || last.seq === undefined) return false;
    await db.outbox.delete(last.seq);
    // A delete already handed to main may have reached Kantata although no answer came back (the
    // app crashed): a 'create' entry then makes the next round check the record still exists and
    // create it again (same client id) if it does not. Otherwise it is an update that changes nothing.
    const mayHaveReached = (last.attempts ?? 0) > 0;
    const state = stateAfterUndo(existing, previous, entries.length > 1 || mayHaveReached);
    await db.expenses.update(id, { deleted: false, ...state, updatedAt: previous.updatedAt });
    // Nothing queued and never confirmed by Kantata: it is sent again, as a create.
    const confirm = mayHaveReached || (state.syncState === 'pending' && entries.length === 1);
    if (confirm) await db.outbox.add({ expenseId: id, kind: 'create', at: Date.now() });
    return true;
  });
}

/**
 * The sync state an expense shows again after Undo. A round may have settled what was waiting
 * before the delete while the delete waited: the row's own state then says what happened (a
 * refusal, a conflict, a lock), not the state the list showed before the delete.
 */
function stateAfterUndo(
  row: LocalExpense,
  previous: Pick<LocalExpense, 'syncState' | 'syncMessage'>,
  stillQueued: boolean,
): Pick<LocalExpense, 'syncState' | 'syncMessage'> {
  if (stillQueued) return { syncState: 'pending', syncMessage: null };
  if (row.syncState === 'error' || row.syncState === 'conflict' || row.syncState === 'locked') {
    return { syncState: row.syncState, syncMessage: row.syncMessage };
  }
  if (previous.syncState !== 'pending') return { syncState: previous.syncState, syncMessage: previous.syncMessage };
  // What waited before the delete has been sent and settled meanwhile.
  if (row.remoteId !== null) return { syncState: row.userCanEdit ? 'synced' : 'locked', syncMessage: null };
  return { syncState: 'pending', syncMessage: null };
}

export function getExpense(id: string, db: CourierDatabase = getDb()): Promise<LocalExpense | undefined> {
  return db.expenses.get(id);
}

/** All visible (not deleted) expenses, newest date first, ties by id: the list's order. */
export async function listExpenses(db: CourierDatabase = getDb()): Promise<LocalExpense[]> {
  const rows = await db.expenses.orderBy('[date+id]').reverse().toArray();
  return rows.filter((e) => !e.deleted);
}

/** The outbox in the order the user made the changes. */
export function pendingOutbox(db: CourierDatabase = getDb()): Promise<OutboxEntry[]> {
  return db.outbox.orderBy('seq').toArray();
}

export function outboxFor(expenseId: string, db: CourierDatabase = getDb()): Promise<OutboxEntry[]> {
  return db.outbox.where('expenseId').equals(expenseId).sortBy('seq');
}
