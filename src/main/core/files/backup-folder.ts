/**
 * The automatic backup folder: one file per backup, named by its UTC time so names sort in time
 * order, and only the newest `keep` of this app's backups kept (other files are never touched).
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_EXTENSIONS } from './dialogs';

const PREFIX = 'expense-courier-';
const PATTERN = new RegExp(`^${PREFIX}\\d{8}T\\d{6}Z\\.${FILE_EXTENSIONS.backup}$`);

export function automaticBackupName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `${PREFIX}${stamp}.${FILE_EXTENSIONS.backup}`;
}

/** Deletes this app's automatic backups in `folder` beyond the newest `keep`; answers the names deleted. */
export async function pruneAutomaticBackups(folder: string, keep: number): Promise<string[]> {
  const names = (await readdir(folder)).filter((name) => PATTERN.test(name)).sort();
  const excess = names.slice(0, Math.max(0, names.length - keep));
  for (const name of excess) await rm(join(folder, name), { force: true });
  return excess;
}
