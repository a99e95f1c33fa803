/**
 * The contract calls that write exports and backups and read backups back. The renderer builds
 * the bytes (and reads them back in chunks, so a backup of any size never sits in memory whole);
 * main asks where through the shell's dialogs and writes atomically. Main's own part of a backup
 * (the ledgers of writes in doubt and of receipt uploads) is handed out and merged back here.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { MainBackupState } from '@shared/files';
import { matchBackupAccount, type BackupAccount } from '@shared/backup-account';
import type { CoreHandlers } from '../ipc/handlers';
import { UploadLedger } from '../receipts/ledger';
import { SentCreates } from '../sync/sent-creates';
import { createAtomicFile, writeFileAtomic, type AtomicFile } from './atomic-file';
import { automaticBackupName, pruneAutomaticBackups } from './backup-folder';
import type { FileDialogs } from './dialogs';

export type FileCallName =
  | 'fileSave'
  | 'backupWriteBegin'
  | 'backupWriteChunk'
  | 'backupWriteEnd'
  | 'backupChooseFolder'
  | 'backupReadBegin'
  | 'backupReadChunk'
  | 'backupReadEnd'
  | 'backupMainState'
  | 'backupRestoreMainState';
export type FileCalls = Pick<CoreHandlers, FileCallName>;

export interface FileCallDeps {
  dialogs: FileDialogs;
  sentCreates: SentCreates;
  uploadLedger: UploadLedger;
  /** The connected Kantata account (null: none): backups record it, restores must match it. */
  account: () => Promise<BackupAccount | null>;
  now?: () => Date;
  /** Bytes per read chunk (default 4 MiB: few round trips, bounded memory). */
  readChunkBytes?: number;
}

interface WriteSession {
  file: AtomicFile;
  afterCommit?: () => Promise<unknown>;
}

export function createFileCalls(deps: FileCallDeps): FileCalls {
  const now = deps.now ?? (() => new Date());
  const chunkBytes = deps.readChunkBytes ?? 4 * 1024 * 1024;
  const writes = new Map<string, WriteSession>();
  const reads = new Map<string, { handle: FileHandle; position: number }>();

  const writeSession = (sessionId: string): WriteSession => {
    const session = writes.get(sessionId);
    if (!session) throw new Error(`no backup is being written under ${sessionId}`);
    return session;
  };

  return {
    fileSave: async ({ kind, suggestedName, bytes }) => {
      const path = await deps.dialogs.chooseSavePath({ kind, suggestedName });
      if (!path) return { saved: false, fileName: null };
      await writeFileAtomic(path, bytes);
      return { saved: true, fileName: basename(path) };
    },
    backupWriteBegin: async (target) => {
      let path: string | null;
      let afterCommit: (() => Promise<unknown>) | undefined;
      if (target.to === 'dialog') {
        path = await deps.dialogs.chooseSavePath({ kind: 'backup', suggestedName: target.suggestedName });
      } else {
        await mkdir(target.folder, { recursive: true });
        path = join(target.folder, automaticBackupName(now()));
        afterCommit = () => pruneAutomaticBackups(target.folder, target.keep);
      }
      if (!path) return { sessionId: null, fileName: null };
      const sessionId = randomUUID();
      writes.set(sessionId, { file: await createAtomicFile(path), afterCommit });
      return { sessionId, fileName: basename(path) };
    },
    backupWriteChunk: async ({ sessionId, bytes }) => {
      await writeSession(sessionId).file.append(bytes);
      return null;
    },
    backupWriteEnd: async ({ sessionId, commit }) => {
      const session = writeSession(sessionId);
      writes.delete(sessionId);
      if (!commit) {
        await session.file.abort();
        return { fileName: null };
      }
      await session.file.commit();
      await session.afterCommit?.();
      return { fileName: basename(session.file.path) };
    },
    backupChooseFolder: async () => ({ folder: await deps.dialogs.chooseFolder() }),
    backupReadBegin: async () => {
      const path = await deps.dialogs.chooseOpenPath({ kind: 'backup' });
      if (!path) return { sessionId: null, fileName: null };
      const sessionId = randomUUID();
      reads.set(sessionId, { handle: await open(path, 'r'), position: 0 });
      return { sessionId, fileName: basename(path) };
    },
    backupReadChunk: async ({ sessionId }) => {
      const session = reads.get(sessionId);
      if (!session) throw new Error(`no backup is being read under ${sessionId}`);
      const buffer = new Uint8Array(chunkBytes);
      const { bytesRead } = await session.handle.read(buffer, 0, chunkBytes, session.position);
      session.position += bytesRead;
      // A view would carry the whole buffer over IPC (structured clone copies the ArrayBuffer).
      return { bytes: bytesRead === chunkBytes ? buffer : buffer.slice(0, bytesRead), done: bytesRead === 0 };
    },
    backupReadEnd: async ({ sessionId }) => {
      const session = reads.get(sessionId);
      reads.delete(sessionId);
      await session?.handle.close();
      return null;
    },
    backupMainState: async (): Promise<MainBackupState> => ({
      version: 1,
      sentCreates: deps.sentCreates.snapshot(),
      receiptUploads: deps.uploadLedger.snapshot(),
      account: await deps.account(),
    }),
    backupRestoreMainState: async (state) => {
      // The renderer refuses another account's backup before it asks; main, which knows the
      // connection, refuses too, before its ledgers or the book change.
      // A code, not a sentence: the renderer words it in the user's language with the backup's names.
      const match = matchBackupAccount(state.account ?? null, await deps.account());
      if (match === 'other-account' || match === 'not-connected') return { refused: match };
      // Both checked before either changes: a broken part leaves main's ledgers as they were.
      SentCreates.assertSnapshot(state.sentCreates);
      UploadLedger.assertSnapshot(state.receiptUploads);
      deps.sentCreates.merge(state.sentCreates);
      deps.uploadLedger.merge(state.receiptUploads);
      return { refused: null };
    },
  };
}
