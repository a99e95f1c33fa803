/**
 * Whole-book operations one at a time (book-lock.ts), in real Chromium with its Web Locks and
 * IndexedDB: the daily backup that comes due while a restore runs waits for the restore to end
 * and then saves the restored book, never a half-restored one; the app's own runDueBackup and
 * writeBackup run, with main's side answered at the contract (the only fake).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CourierDatabase } from '@renderer/db/database';
import { setMeta } from '@renderer/db/meta';
import { runDueBackup, type HoldRounds } from '@renderer/backup/auto-backup';
import { wholeBookOperation, withBookLock } from '@renderer/backup/book-lock';
import type { BackupWritePort } from '@renderer/backup/write';

const dbs: CourierDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

/** Main's side of a backup, kept in memory, with the order in which things happened. */
function recordingPort(events: string[]): BackupWritePort {
  return {
    backupWriteBegin: async () => {
      events.push('backup begins');
      return { sessionId: 's1', fileName: 'auto.ecbackup' };
    },
    backupWriteChunk: async () => null,
    backupWriteEnd: async ({ commit }) => {
      events.push(commit ? 'backup saved' : 'backup dropped');
      return { fileName: commit ? 'auto.ecbackup' : null };
    },
    backupMainState: async () => ({ version: 1, sentCreates: [], receiptUploads: [], account: null }),
    settings: async () => null,
  };
}

describe('whole-book operations', () => {
  it('a daily backup due during a restore waits for the restore to end, then saves', async () => {
    const db = new CourierDatabase(`book-lock-${crypto.randomUUID()}`);
    dbs.push(db);
    await setMeta('autoBackup', { enabled: true, folder: '/backups', keep: 3, lastAt: null, lastError: null }, db);
    const events: string[] = [];
    const held: string[] = [];
    const holdRounds: HoldRounds = async (work) => {
      held.push('rounds held');
      return work();
    };

    let endRestore!: () => void;
    const restore = withBookLock(async () => {
      events.push('restore begins');
      await new Promise<void>((resolve) => (endRestore = resolve));
      events.push('restore ends');
    });
    await expect.poll(() => events).toEqual(['restore begins']);

    const backup = runDueBackup(db, recordingPort(events), Date.now(), wholeBookOperation(holdRounds));
    // Long enough for the backup to have begun, were it not waiting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual(['restore begins']);
    expect(held).toEqual([]);

    endRestore();
    await restore;
    expect(await backup).toBe(true);
    expect(events).toEqual(['restore begins', 'restore ends', 'backup begins', 'backup saved']);
    expect(held).toEqual(['rounds held']);
  });

  it('lets the next operation run after one fails', async () => {
    await expect(withBookLock(() => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(await withBookLock(async () => 'ran')).toBe('ran');
  });
});
