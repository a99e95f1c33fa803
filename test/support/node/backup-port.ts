/**
 * The renderer's backup port over main's real file calls (src/main/core/files/file-calls.ts),
 * each call checked against the contract and copied as Electron's IPC copies it (callMain), with
 * the dialogs answering paths the test chose. Settings go through the real desktop calls, the
 * account through main's real AccountService (unconnected unless the test connects it).
 */
import type { CourierApi } from '@shared/contract';
import type { FileCalls } from '../../../src/main/core/files/file-calls';
import type { FileDialogs } from '../../../src/main/core/files/dialogs';
import type { DesktopCalls } from '../../../src/main/core/tray/desktop-calls';
import type { BackupWritePort } from '@renderer/backup/write';
import type { BackupReadPort } from '@renderer/backup/read';
import type { BackupRestorePort } from '@renderer/backup/restore';
import { callMain } from './device';
import { AccountService } from '../../../src/main/core/account/account-service';
import { MemoryTokenStore } from '../../../src/main/core/account/token-store';
import { backupAccountOf, type BackupAccount } from '@shared/backup-account';
import type Dexie from 'dexie';

/** Main's account service as the file calls see it (createFileCalls' `account`). */
export function mainAccount(service = new AccountService({ tokenStore: new MemoryTokenStore() })): {
  service: AccountService;
  current: () => Promise<BackupAccount | null>;
} {
  return { service, current: async () => backupAccountOf(await service.status()) };
}

const ctx = { senderUrl: 'app://test' };

/** Dialogs that answer what the test set last (null: the user cancels). */
export function scriptedDialogs(): FileDialogs & { savePath: string | null; openPath: string | null } {
  const dialogs = {
    savePath: null as string | null,
    openPath: null as string | null,
    chooseSavePath: async () => dialogs.savePath,
    chooseOpenPath: async () => dialogs.openPath,
    chooseFolder: async () => null,
  };
  return dialogs;
}

export type BackupPort = BackupWritePort & BackupReadPort & BackupRestorePort & Pick<CourierApi, 'fileSave'>;

export function backupPort(files: FileCalls, desktop: Pick<DesktopCalls, 'settingsGet' | 'settingsSet'>, account: AccountService): BackupPort {
  return {
    accountStatus: () => callMain('accountStatus', undefined, () => account.status()),
    fileSave: (r) => callMain('fileSave', r, (q) => files.fileSave(q, ctx)),
    backupWriteBegin: (r) => callMain('backupWriteBegin', r, (q) => files.backupWriteBegin(q, ctx)),
    backupWriteChunk: (r) => callMain('backupWriteChunk', r, (q) => files.backupWriteChunk(q, ctx)),
    backupWriteEnd: (r) => callMain('backupWriteEnd', r, (q) => files.backupWriteEnd(q, ctx)),
    backupMainState: () => callMain('backupMainState', undefined, () => files.backupMainState(undefined, ctx)),
    backupReadBegin: () => callMain('backupReadBegin', undefined, () => files.backupReadBegin(undefined, ctx)),
    backupReadChunk: (r) => callMain('backupReadChunk', r, (q) => files.backupReadChunk(q, ctx)),
    backupReadEnd: (r) => callMain('backupReadEnd', r, (q) => files.backupReadEnd(q, ctx)),
    backupRestoreMainState: (r) => callMain('backupRestoreMainState', r, (q) => files.backupRestoreMainState(q, ctx)),
    settings: async () => (await callMain('settingsGet', undefined, () => desktop.settingsGet(undefined, ctx))).settings,
    applySettings: (patch) => callMain('settingsSet', patch, (q) => desktop.settingsSet(q, ctx)),
  };
}

/** Every table of a book as plain values (Blobs as their type and bytes), for comparing two books. */
export async function bookValues(db: Dexie): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) {
    const rows = await table.toArray();
    out[table.name] = await Promise.all(
      rows.map(async (row: Record<string, unknown>) => {
        const copy: Record<string, unknown> = { ...row };
        for (const [k, v] of Object.entries(row)) if (v instanceof Blob) copy[k] = { type: v.type, bytes: [...new Uint8Array(await v.arrayBuffer())] };
        return copy;
      }),
    );
  }
  return out;
}
