/**
 * "Discard unsynced changes" (offered when disconnecting): every queued change is dropped in one
 * transaction. Expenses that never reached Kantata go; the others return to the last version the
 * server confirmed (their merge base), deletes included.
 */
import { localFromApi } from '@shared/kantata/mapping';
import type { CourierDatabase } from '@renderer/db/database';

/** Returns how many expenses had unsynced changes. */
export async function discardUnsyncedChanges(db: CourierDatabase): Promise<number> {
  return db.transaction('rw', db.expenses, db.outbox, async () => {
    const ids = [...new Set((await db.outbox.toArray()).map((e) => e.expenseId))];
    const rows = await db.expenses.bulkGet(ids);
    for (const row of rows) {
      if (!row) continue;
      if (row.remoteId === null || row.base === null) await db.expenses.delete(row.id);
      else await db.expenses.put(localFromApi(row.base, row, row.id));
    }
    await db.outbox.clear();
    return ids.length;
  });
}
