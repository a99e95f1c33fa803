/**
 * The automatic daily backup: the renderer's real scheduler logic (runDueBackup) over a real
 * Dexie database on fake-indexeddb, writing through main's real file calls into a real folder
 * where only the newest N backups stay; each one restores.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CourierDatabase } from '@renderer/db/database';
import { getMeta, setMeta } from '@renderer/db/meta';
import { saveExpense } from '@renderer/db/expenses-repo';
import { DAY_MS, runDueBackup } from '@renderer/backup/auto-backup';
import { readBackup } from '@renderer/backup/read';
import { createFileCalls } from '../../../src/main/core/files/file-calls';
import { createDetachedDesktopCalls } from '../../../src/main/core/tray/desktop-calls';
import { SentCreates } from '../../../src/main/core/sync/sent-creates';
import { UploadLedger, memoryLedgerStore } from '../../../src/main/core/receipts/ledger';
import { backupPort, mainAccount, scriptedDialogs } from '../../support/node/backup-port';
import { simExpenseFields } from '../../support/common/sim-expense-fields';

const dexieOptions = { indexedDB, IDBKeyRange };
let dir: string;
let db: CourierDatabase;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'courier-auto-'));
  db = new CourierDatabase(`auto-${crypto.randomUUID()}`, dexieOptions);
});
afterEach(async () => {
  await db.delete();
  await rm(dir, { recursive: true, force: true });
});

describe('automatic daily backup', () => {
  it('writes one backup a day to the folder, keeps the newest N, and records when', async () => {
    let clock = Date.parse('2026-12-01T09:00:00Z');
    const dialogs = scriptedDialogs();
    const account = mainAccount();
    const files = createFileCalls({
      dialogs,
      sentCreates: new SentCreates(memoryLedgerStore()),
      uploadLedger: new UploadLedger(memoryLedgerStore()),
      account: account.current,
      now: () => new Date(clock),
    });
    const port = backupPort(files, createDetachedDesktopCalls(), account.service);
    await saveExpense({ fields: simExpenseFields({ workspaceId: 'w1', categoryId: 'c1', category: 'Travel' }) }, db);

    expect(await runDueBackup(db, port, clock)).toBe(false); // off until the user turns it on
    await setMeta('autoBackup', { enabled: true, folder: dir, keep: 2, lastAt: null, lastError: null }, db);
    expect(await runDueBackup(db, port, clock)).toBe(true);
    expect(await runDueBackup(db, port, clock + DAY_MS - 1)).toBe(false); // not again the same day
    for (let day = 1; day <= 3; day++) {
      clock += DAY_MS;
      expect(await runDueBackup(db, port, clock)).toBe(true);
    }
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(['expense-courier-20261203T090000Z.ecbackup', 'expense-courier-20261204T090000Z.ecbackup']);
    expect((await getMeta('autoBackup', db))?.lastAt).toBe(clock);

    dialogs.openPath = join(dir, names[1]!);
    const staged = await readBackup(port, dexieOptions);
    expect(staged!.rowCounts.expenses).toBe(1);
    await staged!.discard();
  });

  it('keeps the failure for the Settings view and tries again at the next check', async () => {
    const account = mainAccount();
    const files = createFileCalls({
      dialogs: scriptedDialogs(), sentCreates: new SentCreates(memoryLedgerStore()), uploadLedger: new UploadLedger(memoryLedgerStore()), account: account.current,
    });
    const port = backupPort(files, createDetachedDesktopCalls(), account.service);
    // A file where the folder should be: the folder cannot be made.
    await writeFile(join(dir, 'blocker'), 'x');
    await setMeta('autoBackup', { enabled: true, folder: join(dir, 'blocker', 'backups'), keep: 3, lastAt: null, lastError: null }, db);
    expect(await runDueBackup(db, port)).toBe(false);
    const config = await getMeta('autoBackup', db);
    expect(config?.lastError).toMatch(/ENOTDIR|EEXIST/);
    expect(config?.lastAt).toBeNull();
  });
});
