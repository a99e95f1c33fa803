/**
 * The conflict log's actions. "Restore this version" is one action that queues a NORMAL local
 * change through the expenses repository (an update with the restored fields, or a delete), so it
 * syncs like any edit; the entry is marked resolved in the same breath.
 */
import { syncedFieldsFromApi, type SyncedField } from '@shared/kantata/mapping';
import { EXPENSE_FIELD_NAMES, type ExpenseFields } from '@shared/model/expense';
import type { ConflictEntry } from '@shared/protocol/round';
import type { CourierDatabase } from '@renderer/db/database';
import { deleteExpense, saveExpense } from '@renderer/db/expenses-repo';
import type { ConflictRow } from '@renderer/db/schema';

export type ConflictSide = 'local' | 'server';

export interface FieldRow {
  field: string;
  base: unknown;
  local: unknown;
  server: unknown;
  winner: ConflictSide;
}

/** Per field, both versions: the engine's decisions, else the two recorded versions compared. */
export function fieldRows(entry: ConflictEntry): FieldRow[] {
  if (entry.fields.length > 0) {
    return entry.fields.map((d) => ({ field: d.field, base: d.base, local: d.local, server: d.server, winner: d.winner }));
  }
  if (!entry.local || !entry.server) return [];
  const server = syncedFieldsFromApi(entry.server) as Record<string, unknown>;
  const local = entry.local as Record<string, unknown>;
  const winner: ConflictSide = entry.winner === 'local' ? 'local' : 'server';
  return Object.keys(server)
    .filter((name) => name in local && JSON.stringify(local[name]) !== JSON.stringify(server[name]))
    .map((name) => ({ field: name, base: undefined, local: local[name], server: server[name], winner }));
}

/** What restoring a side would do: write these field values, delete the expense, or nothing. */
export type RestorePlan = { kind: 'fields'; values: Partial<ExpenseFields> } | { kind: 'delete' } | { kind: 'none' };

export function restorePlan(entry: ConflictEntry, side: ConflictSide): RestorePlan {
  if (entry.kind === 'locked') return { kind: 'none' };
  // The losing side of a delete race was "deleted": restoring it deletes again.
  if (entry.kind === 'delete-vs-edit' && side === 'local') return { kind: 'delete' };
  if (entry.kind === 'edit-vs-delete' && side === 'server') return { kind: 'delete' };
  const values: Record<string, unknown> = {};
  for (const row of fieldRows(entry)) {
    if (row.winner === side) continue;
    values[row.field] = side === 'local' ? row.local : row.server;
  }
  return Object.keys(values).length > 0 ? { kind: 'fields', values: values as Partial<Pick<ExpenseFields, SyncedField>> } : { kind: 'none' };
}

export async function markResolved(db: CourierDatabase, conflictId: string, at: number = Date.now()): Promise<void> {
  await db.conflicts.update(conflictId, { resolvedAt: at });
}

/** Restore one side's values (one queued update or delete), then mark the entry resolved. */
export async function restoreVersion(db: CourierDatabase, entry: ConflictRow, side: ConflictSide): Promise<void> {
  const plan = restorePlan(entry, side);
  if (plan.kind === 'none') throw new Error('There is nothing to restore from this version.');
  if (plan.kind === 'delete') {
    await deleteExpense(entry.expenseId, db);
  } else {
    const current = await db.expenses.get(entry.expenseId);
    if (!current || current.deleted) throw new Error('This expense no longer exists on this computer.');
    const merged = { ...current, ...plan.values };
    const fields = Object.fromEntries(EXPENSE_FIELD_NAMES.map((name) => [name, merged[name]])) as unknown as ExpenseFields;
    await saveExpense({ id: current.id, fields }, db);
  }
  await markResolved(db, entry.id);
}

/** "Keep as is": the entry is resolved, and an expense only flagged for it counts as synced again. */
export async function dismissConflict(db: CourierDatabase, entry: ConflictRow): Promise<void> {
  await db.transaction('rw', db.conflicts, db.expenses, db.outbox, async () => {
    await markResolved(db, entry.id);
    const row = await db.expenses.get(entry.expenseId);
    const pending = await db.outbox.where('expenseId').equals(entry.expenseId).count();
    if (row?.syncState === 'conflict' && pending === 0) await db.expenses.update(row.id, { syncState: 'synced', syncMessage: null });
  });
}
