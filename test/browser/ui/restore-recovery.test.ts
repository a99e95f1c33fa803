/**
 * A restore cut short, completed at the next start in real Chromium over real IndexedDB (its own
 * list of databases finds the staged copy), and the sidebar's notice saying what happened in the
 * user's language. Main's calls are the Electron boundary: answered here.
 */
import { afterEach, expect, it } from 'vitest';
import { CourierDatabase, CURRENT_VERSION } from '@renderer/db/database';
import { saveExpense } from '@renderer/db/expenses-repo';
import { restoreBackup, type BackupRestorePort, type RestoreStep } from '@renderer/backup/restore';
import { recoverInterruptedRestore, restoreRecovery } from '@renderer/backup/restore-recovery';
import { SCRATCH_PREFIX, type StagedBackup } from '@renderer/backup/read';
import RestoreRecoveryNotice from '@renderer/backup/RestoreRecoveryNotice.vue';
import { setUserLocale } from '@renderer/locale';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { taxiFields, testDbName } from '../../support/browser/seed';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
  restoreRecovery.value = { kind: 'none' };
});

const main: BackupRestorePort = {
  backupRestoreMainState: async () => ({ refused: null }),
  accountStatus: async () => ({ connected: false, baseUrl: null, user: null }) as unknown as Awaited<ReturnType<BackupRestorePort['accountStatus']>>,
  applySettings: async () => null,
};

async function stagedCopies(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(SCRATCH_PREFIX));
}

/** A book with one expense of its own, a restore of three others killed after `step`; answers the book's name. */
async function cutShort(step: RestoreStep, table?: string): Promise<{ name: string; own: string; restored: string[] }> {
  const name = testDbName('restore-cut');
  const book = new CourierDatabase(name);
  const own = (await saveExpense({ fields: { ...taxiFields, notes: 'mine' } }, book)).id;
  const scratch = new CourierDatabase(`${SCRATCH_PREFIX}${crypto.randomUUID()}`);
  const restored: string[] = [];
  for (const notes of ['one', 'two', 'three']) restored.push((await saveExpense({ fields: { ...taxiFields, notes } }, scratch)).id);
  const staged: StagedBackup = {
    fileName: 'book.ecbackup',
    header: { format: 'expense-courier-backup', formatVersion: 1, schemaVersion: CURRENT_VERSION, createdAt: new Date().toISOString(), app: null },
    main: { main: { version: 1, sentCreates: null, receiptUploads: null, account: null }, settings: null },
    rowCounts: { expenses: 3 },
    owner: null,
    ownerName: null,
    scratch,
    discard: () => scratch.delete(),
  };
  let killed!: () => void;
  const dead = new Promise<void>((resolve) => (killed = resolve));
  void restoreBackup(book, staged, main, (passed, of) => {
    if (passed !== step || (table !== undefined && of !== table)) return;
    killed();
    return new Promise<void>(() => undefined);
  });
  await dead;
  book.close();
  scratch.close();
  return { name, own, restored };
}

it('cut short mid-copy: finished at the next start, and the notice says so in German', async () => {
  const cut = await cutShort('page-copied', 'expenses');
  expect(await stagedCopies()).toHaveLength(1);
  m = await mountWithDb(RestoreRecoveryNotice, { db: new CourierDatabase(cut.name) });
  setUserLocale('de-DE');
  expect(await recoverInterruptedRestore(m.db, main)).toEqual({ kind: 'finished', fileName: 'book.ecbackup', expenses: 3, pending: 3 });
  const notice = await until(() => m!.host.querySelector('[data-testid="restore-recovery"]'), 'the notice');
  expect(notice.getAttribute('role')).toBe('alert');
  expect(notice.textContent).toMatch(/Die Wiederherstellung aus book\.ecbackup wurde abgebrochen und ist jetzt abgeschlossen: 3 Ausgaben \(3 warten/);
  expect((await m.db.expenses.toArray()).map((e) => e.id).sort()).toEqual([...cut.restored].sort());
  expect(await m.db.meta.get('restoreInProgress')).toBeUndefined();
  expect(await stagedCopies()).toEqual([]);
  // Closed by the user.
  (notice.querySelector('button') as HTMLButtonElement).click();
  await until(() => !m!.host.querySelector('[data-testid="restore-recovery"]'), 'the notice closed');
});

it('cut short before the book was touched: rolled back, the book as it was', async () => {
  const cut = await cutShort('main-restored');
  m = await mountWithDb(RestoreRecoveryNotice, { db: new CourierDatabase(cut.name) });
  expect(await recoverInterruptedRestore(m.db, main)).toEqual({ kind: 'rolled-back', fileName: 'book.ecbackup' });
  const notice = await until(() => m!.host.querySelector('[data-testid="restore-recovery"]'), 'the notice');
  expect(notice.textContent).toMatch(/The restore from book\.ecbackup was cut short before it changed anything\. Your expenses are as they were/);
  expect((await m.db.expenses.toArray()).map((e) => e.id)).toEqual([cut.own]);
  expect(await stagedCopies()).toEqual([]);
});
