/**
 * Restores a staged backup (read.ts) in place of the current book.
 *
 * First the account: a backup of another Kantata account (or, while none is connected, of any
 * account) is refused before anything changes (src/shared/backup-account.ts), so a book is never
 * pushed into the wrong account. Then main's ledgers are merged: if that fails nothing local
 * changed, and a ledger holding more doubt than the book needs only costs a look-up.
 *
 * Then the swap, in pages so memory stays bounded: one transaction empties every table and sets
 * the `restoreInProgress` mark, each page of the staged book is copied in its own transaction, and
 * the last one clears the mark. The app holds sync rounds meanwhile. Tables go in an order that
 * keeps even a cut-short copy harmless: what others point to first (reference data, receipts),
 * then expenses, the conflict log, meta (the cursors), and the outboxes last, so a round can only
 * ever send changes whose expenses are already back. A restore cut short (the app closed) leaves
 * the mark, which Settings shows until the user restores again.
 *
 * Client ids, Kantata ids, base versions, the outbox and the cursor come back as they were, so the
 * next sync finds what was already sent instead of sending it again.
 */
import { pagesOf } from './pages';
import type { CourierApi } from '@shared/contract';
import type { AppSettingsPatch } from '@shared/settings';
import { backupAccountOf, matchBackupAccount, restoreAllowed } from '@shared/backup-account';
import type { CourierDatabase } from '@renderer/db/database';
import { t } from '@renderer/i18n';
import { BackupError, type StagedBackup } from './read';

export type BackupRestorePort = Pick<CourierApi, 'backupRestoreMainState' | 'accountStatus'> & {
  /** Applies the backup's settings (the Settings view's call). */
  applySettings(settings: AppSettingsPatch): Promise<unknown>;
};

/** What a replace would throw away: shown in the confirmation. */
export async function localBookSummary(db: CourierDatabase): Promise<{ expenses: number; pending: number }> {
  const [expenses, pending] = await Promise.all([
    db.expenses.filter((e) => !e.deleted).count(),
    db.outbox.orderBy('expenseId').uniqueKeys().then((ids) => ids.length),
  ]);
  return { expenses, pending };
}

export interface RestoreSummary {
  expenses: number;
  pending: number;
}

/** Refuses (BackupError) a backup that belongs to another account than the connected one, or to any while none is. */
export async function assertBackupAccount(staged: StagedBackup, port: Pick<CourierApi, 'accountStatus'>): Promise<void> {
  const connected = backupAccountOf(await port.accountStatus());
  const match = matchBackupAccount(staged.owner, connected);
  if (restoreAllowed(match)) return;
  const owner = staged.owner!;
  const who = staged.ownerName ?? owner.userId;
  const where = owner.host ?? t('exportBackup.unknownHost');
  if (match === 'not-connected') {
    throw new BackupError('not-connected', t('exportBackup.restoreConnectFirst', { file: staged.fileName, who, where }));
  }
  throw new BackupError('other-account', t('exportBackup.restoreOtherAccount', { file: staged.fileName, who, where }));
}

export async function restoreBackup(db: CourierDatabase, staged: StagedBackup, port: BackupRestorePort): Promise<RestoreSummary> {
  try {
    await assertBackupAccount(staged, port);
    await port.backupRestoreMainState({ ...staged.main.main, account: staged.owner });
    await swap(db, staged);
    if (staged.main.settings) {
      // The shortcut and login item take effect through main as if the user set them.
      await port.applySettings(staged.main.settings).catch((error: unknown) => console.warn('settings not restored', error));
    }
    return localBookSummary(db);
  } finally {
    await staged.discard().catch(() => undefined);
  }
}

/** Rows copied per transaction. */
const PAGE_ROWS = 1_000;
/** Copied after every other table, in this order (see the top of this file). */
const LAST_TABLES = ['receipts', 'submissions', 'expenses', 'conflicts', 'meta', 'outbox', 'submissionOutbox'];

async function swap(db: CourierDatabase, staged: StagedBackup): Promise<void> {
  const source = staged.scratch;
  const rank = (name: string): number => LAST_TABLES.indexOf(name);
  const order = [...db.tables].sort((a, b) => rank(a.name) - rank(b.name));
  const mark = { key: 'restoreInProgress' as const, value: { fileName: staged.fileName, startedAt: Date.now() } };
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
    await db.meta.put(mark);
  });
  for (const target of order) {
    const from = source.table(target.name);
    for await (const page of pagesOf(from, PAGE_ROWS)) {
      await db.transaction('rw', target, () => target.bulkPut(page));
    }
  }
  await db.meta.delete('restoreInProgress');
}
