/**
 * The outbox as support needs to see it in a diagnostics export: how many changes wait, of which
 * kind, in which state, and the oldest ones with their attempts and messages. Expense notes only
 * when the user ticked the box; amounts, dates and receipts never.
 */
import type { OutboxSummary, OutboxSummaryEntry } from '@shared/diagnostics';
import type { CourierDatabase } from '../db/database';

const OLDEST = 200;

const bump = (counts: Record<string, number>, key: string): void => void (counts[key] = (counts[key] ?? 0) + 1);

export async function summariseOutbox(db: CourierDatabase, includeNotes: boolean): Promise<OutboxSummary> {
  return db.transaction('r', db.outbox, db.expenses, async () => {
    const rows = await db.outbox.orderBy('seq').toArray();
    const expenses = new Map((await db.expenses.bulkGet([...new Set(rows.map((row) => row.expenseId))])).flatMap((e) => (e ? [[e.id, e] as const] : [])));
    const byKind: Record<string, number> = {};
    const bySyncState: Record<string, number> = {};
    const oldest: OutboxSummaryEntry[] = [];
    for (const row of rows) {
      const expense = expenses.get(row.expenseId);
      bump(byKind, row.kind);
      bump(bySyncState, expense?.syncState ?? 'missing');
      if (oldest.length >= OLDEST) continue;
      oldest.push({
        expenseId: row.expenseId,
        kind: row.kind,
        at: row.at,
        attempts: row.attempts ?? 0,
        notBefore: row.notBefore ?? null,
        syncState: expense?.syncState ?? null,
        message: expense?.syncMessage ?? null,
        ...(includeNotes && expense ? { notes: expense.notes ?? '' } : {}),
      });
    }
    return { entries: rows.length, byKind, bySyncState, oldest };
  });
}
