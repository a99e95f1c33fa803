/**
 * Receipts in the local database. A receipt is written as a Blob with its content hash; when it
 * is attached to an existing expense, the receipt row, the expense's new `receiptId` and the
 * outbox entry are written in ONE transaction, so the receipt survives a crash the moment it is
 * accepted and the change is queued like any other edit.
 */
import { EXPENSE_FIELD_NAMES, type ExpenseFields, type LocalExpense } from '@shared/model/expense';
import type { CourierDatabase } from '@renderer/db/database';
import type { ReceiptRow } from '@renderer/db/schema';
import { ExpenseLockedError, ExpenseNotFoundError, saveExpense } from '@renderer/db/expenses-repo';
import { getDb } from '@renderer/db/current';
import { refusal, type ReceiptRefusal } from './refusal';
import type { PreparedReceipt } from './prepare';
import { formatDayLocal, t } from '@renderer/i18n';
import { formatMoney } from '@shared/money';
import { userLocale } from '@renderer/locale';

export type StoreResult = { ok: true; receipt: ReceiptRow } | { ok: false; refusal: ReceiptRefusal };

/** How the user recognises an expense in a message: its date, what it was, its amount. */
export function describeExpense(e: Pick<LocalExpense, 'date' | 'notes' | 'category' | 'amountCents' | 'currency'>): string {
  const amount = formatMoney(e.amountCents, e.currency, userLocale.value);
  const what = e.notes.trim() ? e.notes.trim().slice(0, 40) : e.category;
  return t('receipts.theExpense', { what, date: formatDayLocal(e.date), amount });
}

/** The live expense whose receipt this is, if any. */
export function expenseWithReceipt(db: CourierDatabase, receiptId: string): Promise<LocalExpense | undefined> {
  return db.expenses
    .where('receiptId')
    .equals(receiptId)
    .filter((e) => !e.deleted)
    .first();
}

function withReceipt(expense: LocalExpense, receiptId: string | null): ExpenseFields {
  const fields: Partial<Record<keyof ExpenseFields, unknown>> = {};
  for (const name of EXPENSE_FIELD_NAMES) fields[name] = expense[name];
  return { ...(fields as ExpenseFields), receiptId };
}

function rowFrom(prepared: PreparedReceipt): ReceiptRow {
  return {
    id: crypto.randomUUID(),
    hash: prepared.hash,
    blob: prepared.blob,
    mime: prepared.mime,
    size: prepared.blob.size,
    name: prepared.name,
    createdAt: Date.now(),
    attachmentId: null,
    thumbnail: prepared.thumbnail,
    pageCount: prepared.pageCount,
  };
}

/**
 * Stores the receipt, or finds the same bytes stored before. Refuses a duplicate: the same file
 * already attached to another expense, or to this one (`forExpenseId`, or the form's
 * `currentReceiptId`). A stored copy nobody refers to (a form closed without saving) is reused.
 * Runs inside the caller's transaction when there is one.
 */
export async function storeReceipt(
  prepared: PreparedReceipt,
  options: { forExpenseId?: string | null; currentReceiptId?: string | null } = {},
  db: CourierDatabase = getDb(),
): Promise<StoreResult> {
  return db.transaction('rw', db.receipts, db.expenses, async () => {
    const same = await db.receipts.where('hash').equals(prepared.hash).toArray();
    for (const existing of same) {
      if (existing.id === options.currentReceiptId) {
        return { ok: false, refusal: refusal(prepared.originalName, 'duplicate', t('receipts.why.alreadyHere')) };
      }
      const owner = await expenseWithReceipt(db, existing.id);
      if (owner) {
        const where = owner.id === options.forExpenseId ? t('receipts.thisExpense') : describeExpense(owner);
        return { ok: false, refusal: refusal(prepared.originalName, 'duplicate', t('receipts.why.alreadyElsewhere', { where })) };
      }
    }
    const reusable = same[0];
    if (reusable) return { ok: true, receipt: reusable };
    const row = rowFrom(prepared);
    await db.receipts.add(row);
    return { ok: true, receipt: row };
  });
}

/**
 * Attaches (or replaces) the receipt of a saved expense: receipt row + expense update + outbox
 * entry in one transaction. A refusal (duplicate, locked, gone) writes nothing.
 */
export async function attachReceiptToExpense(
  expenseId: string,
  prepared: PreparedReceipt,
  db: CourierDatabase = getDb(),
): Promise<StoreResult> {
  try {
    return await db.transaction('rw', db.receipts, db.expenses, db.outbox, async () => {
      const expense = await db.expenses.get(expenseId);
      if (!expense || expense.deleted) throw new ExpenseNotFoundError(expenseId);
      const stored = await storeReceipt(prepared, { forExpenseId: expenseId, currentReceiptId: expense.receiptId }, db);
      if (!stored.ok) return stored;
      await saveExpense({ id: expenseId, fields: withReceipt(expense, stored.receipt.id) }, db);
      return stored;
    });
  } catch (e) {
    if (e instanceof ExpenseLockedError) {
      return { ok: false, refusal: refusal(prepared.originalName, 'locked', t('receipts.why.locked')) };
    }
    if (e instanceof ExpenseNotFoundError) {
      return { ok: false, refusal: refusal(prepared.originalName, 'storage', t('receipts.why.gone')) };
    }
    throw e;
  }
}

/** Removes the receipt from a saved expense (queued as an update; the file stays until it is unused). */
export async function removeReceiptFromExpense(expenseId: string, db: CourierDatabase = getDb()): Promise<void> {
  await db.transaction('rw', db.expenses, db.outbox, async () => {
    const expense = await db.expenses.get(expenseId);
    if (!expense || expense.deleted) throw new ExpenseNotFoundError(expenseId);
    if (expense.receiptId === null) return;
    await saveExpense({ id: expenseId, fields: withReceipt(expense, null) }, db);
  });
}

export function getReceipt(id: string, db: CourierDatabase = getDb()): Promise<ReceiptRow | undefined> {
  return db.receipts.get(id);
}
