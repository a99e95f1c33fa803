/**
 * Main's file calls on real files in a temporary folder: exports and backups written atomically
 * where the dialog says, cancelled dialogs change nothing, automatic backups keep the last N,
 * backups read back in chunks, and main's ledgers handed out and merged back.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileCalls } from '../../../src/main/core/files/file-calls';
import type { FileDialogs } from '../../../src/main/core/files/dialogs';
import { automaticBackupName } from '../../../src/main/core/files/backup-folder';
import { SentCreates } from '../../../src/main/core/sync/sent-creates';
import { UploadLedger, memoryLedgerStore } from '../../../src/main/core/receipts/ledger';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'courier-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ctx = { senderUrl: 'app://main' };

function calls(answer: { save?: string | null; open?: string | null } = {}, now = () => new Date('2026-12-04T10:00:00Z')) {
  const dialogs: FileDialogs = {
    chooseSavePath: async ({ suggestedName }) => (answer.save === undefined ? join(dir, suggestedName) : answer.save),
    chooseOpenPath: async () => answer.open ?? null,
    chooseFolder: async () => dir,
  };
  const sentCreates = new SentCreates(memoryLedgerStore());
  const uploadLedger = new UploadLedger(memoryLedgerStore());
  return { sentCreates, uploadLedger, files: createFileCalls({ dialogs, sentCreates, uploadLedger, account: async () => null, now, readChunkBytes: 5 }) };
}

describe('file calls', () => {
  it('fileSave writes the bytes where the dialog says, replacing an older file whole', async () => {
    const { files } = calls();
    await writeFile(join(dir, 'e.csv'), 'old');
    const result = await files.fileSave({ kind: 'csv', suggestedName: 'e.csv', bytes: new TextEncoder().encode('a,b\r\n') }, ctx);
    expect(result).toEqual({ saved: true, fileName: 'e.csv' });
    expect(await readFile(join(dir, 'e.csv'), 'utf8')).toBe('a,b\r\n');
    expect(await readdir(dir)).toEqual(['e.csv']); // no temporary file left behind
  });

  it('a cancelled dialog writes nothing', async () => {
    const { files } = calls({ save: null });
    expect(await files.fileSave({ kind: 'pdf', suggestedName: 'r.pdf', bytes: new Uint8Array([1]) }, ctx)).toEqual({ saved: false, fileName: null });
    expect(await files.backupWriteBegin({ to: 'dialog', suggestedName: 'b.ecbackup' }, ctx)).toEqual({ sessionId: null, fileName: null });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a backup appears only when committed; an aborted one leaves the previous file as it was', async () => {
    const { files } = calls();
    const first = await files.backupWriteBegin({ to: 'dialog', suggestedName: 'b.ecbackup' }, ctx);
    await files.backupWriteChunk({ sessionId: first.sessionId!, bytes: new Uint8Array([1, 2]) }, ctx);
    expect(await readdir(dir)).not.toContain('b.ecbackup');
    await files.backupWriteChunk({ sessionId: first.sessionId!, bytes: new Uint8Array([3]) }, ctx);
    expect(await files.backupWriteEnd({ sessionId: first.sessionId!, commit: true }, ctx)).toEqual({ fileName: 'b.ecbackup' });
    const second = await files.backupWriteBegin({ to: 'dialog', suggestedName: 'b.ecbackup' }, ctx);
    await files.backupWriteChunk({ sessionId: second.sessionId!, bytes: new Uint8Array([9, 9, 9, 9]) }, ctx);
    await files.backupWriteEnd({ sessionId: second.sessionId!, commit: false }, ctx);
    expect([...(await readFile(join(dir, 'b.ecbackup')))]).toEqual([1, 2, 3]);
    expect(await readdir(dir)).toEqual(['b.ecbackup']);
  });

  it('automatic backups go to the folder by time and keep only the newest N of them', async () => {
    let t = Date.parse('2026-12-01T08:00:00Z');
    const { files } = calls({}, () => new Date(t));
    const folder = join(dir, 'auto');
    await rm(folder, { force: true, recursive: true });
    for (let day = 0; day < 5; day++) {
      const s = await files.backupWriteBegin({ to: 'folder', folder, keep: 3 }, ctx);
      await files.backupWriteChunk({ sessionId: s.sessionId!, bytes: new Uint8Array([day]) }, ctx);
      await files.backupWriteEnd({ sessionId: s.sessionId!, commit: true }, ctx);
      t += 86_400_000;
    }
    await writeFile(join(folder, 'notes.txt'), 'the user keeps this here');
    const s = await files.backupWriteBegin({ to: 'folder', folder, keep: 3 }, ctx);
    await files.backupWriteEnd({ sessionId: s.sessionId!, commit: true }, ctx);
    expect((await readdir(folder)).sort()).toEqual(
      ['notes.txt', ...[3, 4, 5].map((d) => automaticBackupName(new Date(Date.parse('2026-12-01T08:00:00Z') + d * 86_400_000)))].sort(),
    );
  });

  it('reads a backup back in chunks until done', async () => {
    const path = join(dir, 'x.ecbackup');
    await writeFile(path, new Uint8Array([...Array(12).keys()]));
    const { files } = calls({ open: path });
    const s = await files.backupReadBegin(undefined, ctx);
    expect(s.fileName).toBe('x.ecbackup');
    const got: number[] = [];
    for (;;) {
      const chunk = await files.backupReadChunk({ sessionId: s.sessionId! }, ctx);
      if (chunk.done) break;
      expect(chunk.bytes.byteLength).toBeLessThanOrEqual(5);
      expect(chunk.bytes.buffer.byteLength).toBe(chunk.bytes.byteLength); // no oversized buffer crosses IPC
      got.push(...chunk.bytes);
    }
    await files.backupReadEnd({ sessionId: s.sessionId! }, ctx);
    expect(got).toEqual([...Array(12).keys()]);
  });

  it("main's ledgers go out with a backup and merge back, a broken part changing nothing", async () => {
    const source = calls();
    source.sentCreates.markSent(['c1'], 1_000);
    source.sentCreates.markUpdateInDoubt('c2', 2_000, { notes: 'x' });
    source.uploadLedger.record('acct', 'h'.repeat(64), { attachmentId: 'a1', fileName: 'r.jpg', bytes: 3, uploadedAt: 5 });
    const state = await source.files.backupMainState(undefined, ctx);
    expect(JSON.stringify(state)).not.toMatch(/token/i);

    const target = calls();
    target.sentCreates.markSent(['c1'], 500);
    await expect(target.files.backupRestoreMainState({ ...state, receiptUploads: { version: 2 } }, ctx)).rejects.toThrow(/receipt uploads is unreadable/);
    expect(target.sentCreates.lastSent('c1')).toBe(500);
    await target.files.backupRestoreMainState(state, ctx);
    expect(target.sentCreates.lastSent('c1')).toBe(1_000);
    expect(target.sentCreates.updateInDoubt('c2')).toEqual({ at: 2_000, values: { notes: 'x' } });
    expect(target.uploadLedger.get('acct', 'h'.repeat(64))?.attachmentId).toBe('a1');
  });
});
