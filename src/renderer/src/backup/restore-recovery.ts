/**
 * Completes a restore that was cut short (the app killed, the window reloaded) from its journal
 * (restore.ts), at the next start of the leading window, before any sync round or automatic
 * backup, or when the user asks in Settings:
 * - the book was not touched yet ('prepared'): the restore is rolled back, the book stays as it was;
 * - the book was emptied ('copying', 'copied'): the restore is finished from the staged copy, whose
 *   main part was merged before the book was emptied;
 * - the staged copy is gone (only if something else deleted it): the book holds part of the
 *   backup, and the user is asked to restore it again.
 * Staged copies no journal names (a restore cut short while the file was read or the confirmation
 * was open) are deleted: the user had not confirmed them.
 */
import Dexie, { type DexieOptions } from 'dexie';
import { ref } from 'vue';
import { CourierDatabase } from '@renderer/db/database';
import type { RestoreJournal } from '@renderer/db/schema';
import { finishRestore, localBookSummary, rollBackRestore, RESTORE_JOURNAL, type BackupRestorePort, type OnRestoreStep } from './restore';
import { SCRATCH_PREFIX } from './read';

export type RestoreRecovery =
  | { kind: 'none' }
  | { kind: 'finishing'; fileName: string }
  | { kind: 'finished'; fileName: string; expenses: number; pending: number }
  | { kind: 'rolled-back'; fileName: string }
  | { kind: 'unfinished'; fileName: string; detail: string | null };

/** What the last recovery in this window did (App's notice, the Backup panel). */
export const restoreRecovery = ref<RestoreRecovery>({ kind: 'none' });

export async function recoverInterruptedRestore(
  db: CourierDatabase,
  port: Pick<BackupRestorePort, 'applySettings'>,
  dexieOptions?: DexieOptions,
  onStep?: OnRestoreStep,
): Promise<RestoreRecovery> {
  const result = await recover(db, port, dexieOptions, onStep);
  restoreRecovery.value = result;
  return result;
}

async function recover(
  db: CourierDatabase,
  port: Pick<BackupRestorePort, 'applySettings'>,
  dexieOptions?: DexieOptions,
  onStep?: OnRestoreStep,
): Promise<RestoreRecovery> {
  const journal = (await db.meta.get(RESTORE_JOURNAL))?.value as RestoreJournal | null | undefined;
  const staged = await stagedCopies(dexieOptions);
  for (const name of staged) {
    if (name !== journal?.scratchName) await new Dexie(name, dexieOptions).delete().catch(() => undefined);
  }
  if (!journal) return { kind: 'none' };
  const { fileName, scratchName, phase } = journal;
  if (!scratchName || !phase) return { kind: 'unfinished', fileName, detail: 'this restore was cut short by an older version of the app' };
  if (phase === 'prepared') {
    await rollBackRestore(db, new Dexie(scratchName, dexieOptions));
    return { kind: 'rolled-back', fileName };
  }
  // 'copied' needs only the settings and the clean-up: its staged copy may already be gone.
  if (phase === 'copying' && !staged.includes(scratchName)) {
    return { kind: 'unfinished', fileName, detail: `the staged copy ${scratchName} is gone` };
  }
  restoreRecovery.value = { kind: 'finishing', fileName };
  const scratch = new CourierDatabase(scratchName, dexieOptions);
  try {
    await finishRestore(db, scratch, journal, port, onStep);
  } catch (error) {
    scratch.close();
    return { kind: 'unfinished', fileName, detail: error instanceof Error ? error.message : String(error) };
  }
  return { kind: 'finished', fileName, ...(await localBookSummary(db)) };
}

/** The names of staged copies on this computer (scratch databases of read.ts). */
async function stagedCopies(dexieOptions?: DexieOptions): Promise<string[]> {
  type Lister = { databases?: () => Promise<Array<{ name?: string }>> };
  const factory = (dexieOptions?.indexedDB ?? (globalThis as { indexedDB?: unknown }).indexedDB) as Lister | undefined;
  if (!factory?.databases) return [];
  const all = await factory.databases();
  return all.map((d) => d.name ?? '').filter((name) => name.startsWith(SCRATCH_PREFIX));
}
