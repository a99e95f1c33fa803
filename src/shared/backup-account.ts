/**
 * Whose book a backup is: the Kantata user and host it syncs with. A backup records them (main
 * knows the connected account); a restore is allowed only into the same account, so a book is
 * never pushed into another user's Kantata, nor restored beside a different account's records
 * where its pending creates would become records nobody asked for.
 */
import { z } from 'zod';
import type { AccountStatus } from './protocol/account';

export const BackupAccountSchema = z.object({
  userId: z.string().min(1),
  /** The Kantata API host (e.g. "api.mavenlink.com"), lower case; null when unknown (older backups). */
  host: z.string().nullable(),
});
export type BackupAccount = z.infer<typeof BackupAccountSchema>;

/** The connected account as a backup records it; null when none is connected. */
export function backupAccountOf(status: Pick<AccountStatus, 'connected' | 'baseUrl' | 'user'>): BackupAccount | null {
  if (!status.user) return null;
  return { userId: status.user.id, host: hostOf(status.baseUrl) };
}

function hostOf(baseUrl: string | null): string | null {
  if (!baseUrl) return null;
  try {
    return new URL(baseUrl).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * May a book of `owner` be restored while `connected` is the account?
 * - 'unknown-owner': the backup names no account (its book never synced): allowed;
 * - 'same': allowed;
 * - 'not-connected': refused until the user connects (the account cannot be checked);
 * - 'other-account': refused.
 */
export type BackupAccountMatch = 'same' | 'unknown-owner' | 'not-connected' | 'other-account';

export function matchBackupAccount(owner: BackupAccount | null, connected: BackupAccount | null): BackupAccountMatch {
  if (!owner) return 'unknown-owner';
  if (!connected) return 'not-connected';
  if (owner.userId !== connected.userId) return 'other-account';
  if (owner.host !== null && connected.host !== null && owner.host !== connected.host) return 'other-account';
  return 'same';
}

export const restoreAllowed = (match: BackupAccountMatch): boolean => match === 'same' || match === 'unknown-owner';
