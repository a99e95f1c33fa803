/**
 * Likely duplicates of an expense about to be saved, found through indexes (never a scan of all
 * expenses): the receiptId index for the same receipt file, and the [currency+amountCents+date]
 * and [foreignAmount.currency+foreignAmount.value+date] indexes for the same amount within a day.
 * Local expenses and those downloaded from Kantata are in the same table, so both are checked.
 */
import type { LocalExpense } from '@shared/model/expense';
import { describesSamePlace, shiftDate, type DuplicateReason } from '@shared/duplicates/rules';
import type { CourierDatabase } from '@renderer/db/database';
import { getDb } from '@renderer/db/current';

export interface PossibleDuplicate {
  expense: LocalExpense;
  reason: DuplicateReason;
}

export type DuplicateProbe = Pick<
  LocalExpense,
  'date' | 'amountCents' | 'currency' | 'foreignAmount' | 'notes' | 'vendorId' | 'receiptId'
> & { id?: string | null };

export async function findPossibleDuplicates(
  probe: DuplicateProbe,
  vendorName: (id: string) => string | null,
  db: CourierDatabase = getDb(),
): Promise<PossibleDuplicate[]> {
  const found = new Map<string, PossibleDuplicate>();
  const keep = (expense: LocalExpense, reason: DuplicateReason): void => {
    if (expense.id === probe.id || expense.deleted || found.has(expense.id)) return;
    found.set(expense.id, { expense, reason });
  };
  if (probe.receiptId) {
    for (const expense of await db.expenses.where('receiptId').equals(probe.receiptId).toArray()) keep(expense, 'same-receipt');
  }
  const from = shiftDate(probe.date, -1);
  const to = shiftDate(probe.date, 1);
  const sameAmount = probe.foreignAmount
    ? await db.expenses
        .where('[foreignAmount.currency+foreignAmount.value+date]')
        .between([probe.foreignAmount.currency, probe.foreignAmount.value, from], [probe.foreignAmount.currency, probe.foreignAmount.value, to], true, true)
        .toArray()
    : await db.expenses
        .where('[currency+amountCents+date]')
        .between([probe.currency, probe.amountCents, from], [probe.currency, probe.amountCents, to], true, true)
        .toArray();
  const self = { id: probe.id ?? '', date: probe.date, notes: probe.notes, vendorId: probe.vendorId, receiptId: probe.receiptId };
  for (const expense of sameAmount) {
    if (describesSamePlace(self, expense, vendorName)) keep(expense, 'same-amount');
  }
  return [...found.values()];
}
