/**
 * Restores a staged backup (read.ts) in place of the current book. Main's ledgers are merged
 * first: if that fails nothing local changed, and a ledger holding more doubt than the book needs
 * only costs a look-up. Then every table is replaced in one transaction: the book is either the
 * old one or the backup's, never a mix. Client ids, Kantata ids, base versions, the outbox and the
 * cursor come back as they were, so the next sync finds what was already sent instead of sending
 * it again.
 */
import type { CourierApi } from '@shared/contract';
import type { AppSettingsPatch } from '@shared/settings';
import type { CourierDatabase } from '@renderer/db/database';
import type { StagedBackup } from './read';

export type BackupRestorePort = Pick<CourierApi, 'backupRestoreMainState'> & {
  /** Applies the backup's settings (the Settings view's call). */
  applySettings(settings: AppSettingsPatch): Promise<unknown>;
};

/** What a replace would throw away: shown in the confirmation. */
export async function localBookSummary(db: CourierDatabase): Promise<{ expenses: number; pending: number }> {
  const [expenses, pending] = await Promise.all([
    db.expenses.filter((e) => !e.deleted).count(),
    db.outbox.toArray().then((rows) => new Set(rows.map((r) => r.expenseId)).size),
  ]);
  return { expenses, pending };
}

export interface RestoreSummary {
  expenses: number;
  pending: number;
}

export async function restoreBackup(db: CourierDatabase, staged: StagedBackup, port: BackupRestorePort): Promise<RestoreSummary> {
  try {
    await port.backupRestoreMainState(staged.main.main);
    const source = staged.scratch;
    const rows = await source.transaction('r', source.tables, () =>
      Promise.all(source.tables.map(async (t) => [t.name, await t.toArray()] as const)),
    );
    await db.transaction('rw', db.tables, async () => {
      for (const table of db.tables) await table.clear();
      for (const [name, tableRows] of rows) await db.table(name).bulkAdd(tableRows);
    });
    if (staged.main.settings) {
      // The shortcut and login item take effect through main as if the user set them.
      await port.applySettings(staged.main.settings).catch((error: unknown) => console.warn('settings not restored', error));
    }
    return localBookSummary(db);
  } finally {
    await staged.discard().catch(() => undefined);
  }
}
