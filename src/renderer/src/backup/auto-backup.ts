/**
 * The optional daily backup: the leading window checks at start and every hour whether a day
 * has passed since the last one, and writes one to the chosen folder, where main keeps the last N.
 * Its settings live in the meta table (autoBackup), next to the book they protect.
 */
import type { CourierDatabase } from '@renderer/db/database';
import type { AutoBackupConfig } from '@renderer/db/schema';
import { getMeta, setMeta } from '@renderer/db/meta';
import { writeBackup, type BackupWritePort } from './write';

export const DAY_MS = 24 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 60 * 1000;

/** Runs work with sync rounds held (the sync store's withRoundsHeld): a backup reads the book in pages. */
export type HoldRounds = <T>(work: () => Promise<T>) => Promise<T>;
const noHold: HoldRounds = (work) => work();

export function isBackupDue(config: AutoBackupConfig | null | undefined, now: number): config is AutoBackupConfig {
  return !!config && config.enabled && config.folder !== '' && (config.lastAt === null || now - config.lastAt >= DAY_MS);
}

/** Writes the automatic backup if one is due; answers whether it did. A failure is kept for the Settings view. */
export async function runDueBackup(db: CourierDatabase, port: BackupWritePort, now = Date.now(), hold: HoldRounds = noHold): Promise<boolean> {
  const config = await getMeta('autoBackup', db);
  if (!isBackupDue(config, now)) return false;
  try {
    await hold(() => writeBackup(db, port, { to: 'folder', folder: config.folder, keep: config.keep }));
    await setMeta('autoBackup', { ...config, lastAt: now, lastError: null }, db);
    return true;
  } catch (error) {
    await setMeta('autoBackup', { ...config, lastError: error instanceof Error ? error.message : String(error) }, db);
    return false;
  }
}

/** Checks now and every hour; answers the stop function. */
export function startAutomaticBackups(db: CourierDatabase, port: BackupWritePort, hold: HoldRounds = noHold): () => void {
  const check = (): void => void runDueBackup(db, port, Date.now(), hold).catch((error: unknown) => console.warn('automatic backup failed', error));
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  return () => clearInterval(timer);
}
