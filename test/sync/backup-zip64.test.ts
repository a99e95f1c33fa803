/**
 * A book whose backup crosses the ZIP's 65,535-entry limit (each receipt file is an entry): it is
 * written as a ZIP64 file, a standard tool lists every entry, and it restores whole. The
 * renderer's real backup modules over fake-indexeddb and main's real file calls writing a real file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeBackup } from '@renderer/backup/write';
import { readBackup } from '@renderer/backup/read';
import { restoreBackup } from '@renderer/backup/restore';
import { CourierDatabase } from '@renderer/db/database';
import type { ReceiptRow } from '@renderer/db/schema';
import { UploadLedger, memoryLedgerStore } from '../../src/main/core/receipts';
import { SentCreates } from '../../src/main/core/sync/sent-creates';
import { createFileCalls } from '../../src/main/core/files/file-calls';
import { createDetachedDesktopCalls } from '../../src/main/core/tray/desktop-calls';
import { backupPort, mainAccount, scriptedDialogs } from '../support/node/backup-port';

const dexieOptions = { indexedDB, IDBKeyRange };
const RECEIPTS = 66_000;

let dir: string;
const open: CourierDatabase[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'courier-zip64-book-'));
});
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
  await rm(dir, { recursive: true, force: true });
});

function book(): CourierDatabase {
  const db = new CourierDatabase(`zip64-${crypto.randomUUID()}`, dexieOptions);
  open.push(db);
  return db;
}

const bytesOf = (i: number): Uint8Array => new TextEncoder().encode(`receipt ${i}`);

it(`a book of ${RECEIPTS.toLocaleString('en')} receipt files (more entries than a classic ZIP holds) backs up as ZIP64 and restores whole`, async () => {
  const a = book();
  for (let from = 0; from < RECEIPTS; from += 5_000) {
    const rows: ReceiptRow[] = [];
    for (let i = from; i < Math.min(RECEIPTS, from + 5_000); i++) {
      rows.push({
        id: `r-${String(i).padStart(6, '0')}`, hash: String(i).padStart(64, '0'), blob: new Blob([bytesOf(i)], { type: 'image/jpeg' }),
        mime: 'image/jpeg', size: bytesOf(i).byteLength, name: `${i}.jpg`, createdAt: i, attachmentId: null, thumbnail: null, pageCount: null,
      });
    }
    await a.receipts.bulkAdd(rows);
  }

  const dialogs = scriptedDialogs();
  const account = mainAccount();
  const files = createFileCalls({ dialogs, sentCreates: new SentCreates(memoryLedgerStore()), uploadLedger: new UploadLedger(memoryLedgerStore()), account: account.current });
  const port = backupPort(files, createDetachedDesktopCalls(), account.service);
  dialogs.savePath = join(dir, 'big.ecbackup');
  const written = await writeBackup(a, port, { to: 'dialog', suggestedName: 'big.ecbackup' });
  expect(written.rowCounts.receipts).toBe(RECEIPTS);

  if (spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' }).status === 0) {
    const script = 'import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps([len(z.infolist()), z.read("blobs/receipts/65999/blob").decode()]))';
    const [count, last] = JSON.parse(execFileSync('python3', ['-c', script, dialogs.savePath], { encoding: 'utf8' })) as [number, string];
    expect(Number(count)).toBeGreaterThan(65_535);
    expect(Number(count)).toBeGreaterThanOrEqual(RECEIPTS + 3);
    expect(last).toBe('receipt 65999');
  } else {
    console.warn('SKIPPED: python3 is not on this machine; the ZIP64 backup was not listed by a standard tool');
  }

  const b = book();
  dialogs.openPath = dialogs.savePath;
  const staged = await readBackup(port, dexieOptions);
  expect(staged!.rowCounts.receipts).toBe(RECEIPTS);
  await restoreBackup(b, staged!, port);
  expect(await b.receipts.count()).toBe(RECEIPTS);
  for (const i of [0, 1, 40_000, 65_535, RECEIPTS - 1]) {
    const row = await b.receipts.get(`r-${String(i).padStart(6, '0')}`);
    expect(new TextDecoder().decode(await row!.blob.arrayBuffer())).toBe(`receipt ${i}`);
    expect(row!.blob.type).toBe('image/jpeg');
  }
}, 600_000);
