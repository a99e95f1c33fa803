/**
 * Restores a staged backup (read.ts) in place of the current book, as a journaled sequence of
 * steps that a restart can complete: whatever step the app is killed after (or the window
 * reloaded), restore-recovery.ts either finishes it or rolls it back at the next start.
 *
 * 1. The account: a backup of another Kantata account (or, while none is connected, of any
 *    account) is refused before anything changes (src/shared/backup-account.ts), so a book is
 *    never pushed into the wrong account.
 * 2. The journal (meta `restoreInProgress`, phase 'prepared') names the staged copy (the scratch
 *    database) and the backup's settings. Cut short from here until step 4, the book is untouched:
 *    the restore is rolled back (the staged copy deleted).
 * 3. Main's ledgers are merged (main writes them through before it answers). Main goes first: a
 *    ledger holding more doubt than the book needs only costs a look-up, while a book restored
 *    without its ledger could send an in-doubt create again. Main refuses another account too.
 * 4. One transaction empties every table and moves the journal to 'copying'. From here the
 *    previous book is gone, so a cut-short restore is finished from the staged copy, which is
 *    deleted only after the copy is complete.
 * 5. Each page of the staged book is copied in its own transaction, so memory stays bounded.
 *    Tables go in an order that keeps even a half-filled book harmless to a sync round: what
 *    others point to first (reference data, receipts), then expenses, the conflict log, meta (the
 *    cursors), and the outboxes last. Copying puts every row again, so doing it twice is harmless.
 * 6. 'copied'; the settings are applied (the shortcut and login item through main, as if the user
 *    set them); the staged copy is deleted; the journal is deleted.
 *
 * The app holds sync rounds meanwhile. Client ids, Kantata ids, base versions, the outbox and the
 * cursor come back as they were, so the next sync finds what was already sent instead of sending
 * it again.
 */
import { pageReader } from './pages';
import type { CourierApi } from '@shared/contract';
import type { AppSettingsPatch } from '@shared/settings';
import { backupAccountOf, matchBackupAccount, restoreAllowed } from '@shared/backup-account';
import type { CourierDatabase } from '@renderer/db/database';
import type { RestoreJournal } from '@renderer/db/schema';
import { t } from '@renderer/i18n';
import { BackupError, type StagedBackup } from './read';

export type BackupRestorePort = Pick<CourierApi, 'backupRestoreMainState' | 'accountStatus'> & {
  /** Applies the backup's settings (the Settings view's call). */
  applySettings(settings: AppSettingsPatch): Promise<unknown>;
};

/** The steps a restore reports as it passes them (progress; the tests cut a restore short after each). */
export type RestoreStep = 'prepared' | 'main-restored' | 'emptied' | 'page-copied' | 'copied' | 'settings-applied' | 'scratch-discarded';
export type OnRestoreStep = (step: RestoreStep, table?: string) => void | Promise<void>;

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
  const match = matchBackupAccount(staged.owner, backupAccountOf(await port.accountStatus()));
  if (restoreAllowed(match)) return;
  throw accountRefusal(staged, match === 'not-connected' ? 'not-connected' : 'other-account');
}

/** The user's sentence for a refused account, whoever noticed it (the renderer, or main). */
function accountRefusal(staged: StagedBackup, problem: 'not-connected' | 'other-account'): BackupError {
  const who = staged.ownerName ?? staged.owner?.userId ?? t('exportBackup.unknownHost');
  const where = staged.owner?.host ?? t('exportBackup.unknownHost');
  const key = problem === 'not-connected' ? 'exportBackup.restoreConnectFirst' : 'exportBackup.restoreOtherAccount';
  return new BackupError(problem, t(key, { file: staged.fileName, who, where }));
}

export const RESTORE_JOURNAL = 'restoreInProgress' as const;

export async function restoreBackup(
  db: CourierDatabase,
  staged: StagedBackup,
  port: BackupRestorePort,
  onStep: OnRestoreStep = () => undefined,
): Promise<RestoreSummary> {
  const journal: RestoreJournal = {
    fileName: staged.fileName,
    startedAt: Date.now(),
    scratchName: staged.scratch.name,
    phase: 'prepared',
    settings: staged.main.settings,
  };
  try {
    await assertBackupAccount(staged, port);
    await db.meta.put({ key: RESTORE_JOURNAL, value: journal });
    await onStep('prepared');
    const main = await port.backupRestoreMainState({ ...staged.main.main, account: staged.owner });
    if (main.refused) throw accountRefusal(staged, main.refused);
    await onStep('main-restored');
  } catch (error) {
    // The book is untouched: nothing to finish.
    await rollBackRestore(db, staged.scratch);
    throw error;
  }
  // From here a failure keeps the journal and the staged copy: the restore is finished later.
  await finishRestore(db, staged.scratch, journal, port, onStep);
  return localBookSummary(db);
}

/** Undoes a restore that has not touched the book yet: its staged copy and its journal go. */
export async function rollBackRestore(db: CourierDatabase, scratch: { delete(): Promise<void> }): Promise<void> {
  await scratch.delete().catch(() => undefined);
  await db.meta.delete(RESTORE_JOURNAL);
}

/** Steps 4 to 6 from wherever `journal` says the restore got to. */
export async function finishRestore(
  db: CourierDatabase,
  scratch: CourierDatabase,
  journal: RestoreJournal,
  port: Pick<BackupRestorePort, 'applySettings'>,
  onStep: OnRestoreStep = () => undefined,
): Promise<void> {
  if (journal.phase !== 'copied') {
    await copyBook(db, scratch, journal, onStep);
    await db.meta.put({ key: RESTORE_JOURNAL, value: { ...journal, phase: 'copied' } });
    await onStep('copied');
  }
  if (journal.settings) {
    await port.applySettings(journal.settings).catch((error: unknown) => console.warn('settings not restored', error));
  }
  await onStep('settings-applied');
  await scratch.delete();
  await onStep('scratch-discarded');
  await db.meta.delete(RESTORE_JOURNAL);
}

/** Rows copied per transaction. */
const PAGE_ROWS = 1_000;
/** Copied after every other table, in this order (see the top of this file). */
const LAST_TABLES = ['receipts', 'submissions', 'expenses', 'conflicts', 'meta', 'outbox', 'submissionOutbox'];

async function copyBook(db: CourierDatabase, source: CourierDatabase, journal: RestoreJournal, onStep: OnRestoreStep): Promise<void> {
  const rank = (name: string): number => LAST_TABLES.indexOf(name);
  const order = [...db.tables].sort((a, b) => rank(a.name) - rank(b.name));
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
    await db.meta.put({ key: RESTORE_JOURNAL, value: { ...journal, phase: 'copying' } });
  });
  await onStep('emptied');
  for (const target of order) {
    const nextPage = pageReader(source.table(target.name), PAGE_ROWS);
    for (let page = await nextPage(); page; page = await nextPage()) {
      // A backup of a book that held a journal must not put it back over this restore's.
      const rows = target === db.meta ? page.filter((row) => (row as { key: string }).key !== RESTORE_JOURNAL) : page;
      await db.transaction('rw', target, () => target.bulkPut(rows));
      await onStep('page-copied', target.name);
    }
  }
}
