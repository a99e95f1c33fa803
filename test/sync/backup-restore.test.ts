/**
 * Backup → wipe → restore → sync, against the simulator over HTTP: the renderer's real data layer
 * (a Device on fake-indexeddb) and its real backup modules, main's real file calls writing a real
 * file, the real engine with the ledger of writes in doubt. The restored profile is a new
 * database and a new main-process ledger (another laptop): nothing may be sent twice, nothing lost.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { zipSync, unzipSync, strToU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBackup } from '@renderer/backup/write';
import { BackupError, readBackup } from '@renderer/backup/read';
import { restoreBackup } from '@renderer/backup/restore';
import { SCHEMA_V1 } from '@renderer/db/database';
import { KantataClient } from '../../src/main/core/kantata/client';
import { ReceiptUploader, UploadLedger, memoryLedgerStore } from '../../src/main/core/receipts';
import { SentCreates } from '../../src/main/core/sync/sent-creates';
import { createFileCalls } from '../../src/main/core/files/file-calls';
import { createDetachedDesktopCalls } from '../../src/main/core/tray/desktop-calls';
import { Device } from '../support/node/device';
import { backupPort, bookValues, mainAccount, scriptedDialogs, type BackupPort } from '../support/node/backup-port';
import { assertConverged, engineFor, recordsPerClientId, requests, serverExpenses, startWorld, type SimWorld } from './support';

const dexieOptions = { indexedDB, IDBKeyRange };
const receiptBytes = new Uint8Array(readFileSync(new URL('../fixtures/receipts/taxi-receipt.jpg', import.meta.url)));

let world: SimWorld;
let dir: string;
beforeEach(async () => {
  world = await startWorld();
  dir = await mkdtemp(join(tmpdir(), 'courier-backup-'));
});
afterEach(async () => {
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

/** One installation's main process: its ledgers, uploader, settings, file calls. */
function mainProcess() {
  const sentCreates = new SentCreates(memoryLedgerStore());
  const uploadLedger = new UploadLedger(memoryLedgerStore());
  const dialogs = scriptedDialogs();
  const desktop = createDetachedDesktopCalls();
  const account = mainAccount();
  const files = createFileCalls({ dialogs, sentCreates, uploadLedger, account: account.current });
  const client = new KantataClient({ baseUrl: world.sim.baseUrl, token: world.sim.token, timeoutMs: 5_000 });
  return {
    sentCreates,
    dialogs,
    desktop,
    account: account.service,
    port: backupPort(files, desktop, account.service),
    engine: engineFor(world, { sentCreates }),
    uploader: new ReceiptUploader({ client: () => client, ledger: uploadLedger, retry: { baseDelayMs: 10, maxDelayMs: 50 } }),
  };
}

const book = bookValues;

async function backupTo(port: BackupPort, dialogs: ReturnType<typeof scriptedDialogs>, db: Dexie, name = 'book.ecbackup'): Promise<string> {
  dialogs.savePath = join(dir, name);
  const result = await writeBackup(db, port, { to: 'dialog', suggestedName: name });
  expect(result.fileName).toBe(name);
  return dialogs.savePath;
}

describe('backup and restore', () => {
  it('backup → wipe → restore → sync: zero duplicates, zero losses, with pending entries, an unsent receipt and an in-doubt create', async () => {
    const before = mainProcess();
    const a = new Device(world);
    await before.desktop.settingsSet({ defaultCurrency: 'EUR', notifications: false }, { senderUrl: 'app://test' });

    // Synced expenses (Kantata ids, base versions, a cursor).
    const synced = await a.createMany(3, (i) => ({ amountCents: 100 + i, notes: `synced ${i}` }));
    expect((await a.round(before.engine)).status).toBe('ok');
    // A create whose answer is lost: Kantata commits it 4 s later. In doubt in main's ledger.
    const inDoubt = await a.create({ notes: 'in doubt' });
    world.sim.admin.injectFault({ kind: 'late-commit', method: 'POST', pathPattern: '^/expenses$', ms: 4_000, drop: true, times: 1 });
    const doubtful = await a.round(before.engine);
    expect(doubtful.settlements.find((s) => s.expenseId === inDoubt)).toMatchObject({ outcome: 'pending', settled: false });
    expect(before.sentCreates.lastSent(inDoubt)).toBeDefined();
    // Pending work: an edit of a synced one, two new ones, one of them with a receipt never uploaded.
    await a.edit(synced[0]!, { notes: 'edited after sync', amountCents: 999 });
    const receiptId = await a.addReceipt('taxi.jpg', 'image/jpeg', receiptBytes);
    const pending = [await a.create({ notes: 'pending' }), await a.create({ notes: 'pending with receipt', receiptId })];
    const original = await book(a.db);
    expect(original.outbox!.length).toBeGreaterThanOrEqual(3);

    const file = await backupTo(before.port, before.dialogs, a.db);
    expect((await readFile(file)).includes(Buffer.from(world.sim.token))).toBe(false);

    // The laptop dies: a new profile, a new main process with empty ledgers.
    await a.close();
    const after = mainProcess();
    const b = new Device(world);
    after.dialogs.openPath = file;
    const staged = await readBackup(after.port, dexieOptions);
    expect(staged).not.toBeNull();
    await restoreBackup(b.db, staged!, after.port);
    expect(await book(b.db)).toEqual(original);
    expect(after.sentCreates.lastSent(inDoubt)).toBe(before.sentCreates.lastSent(inDoubt));
    expect((await after.desktop.settingsGet(undefined, { senderUrl: 'app://test' })).settings).toMatchObject({ defaultCurrency: 'EUR', notifications: false });

    // First round while Kantata may still be committing the create: it is not sent again.
    world.sim.admin.clearRequestLog();
    await b.uploadReceipts(after.uploader);
    const first = await b.round(after.engine);
    expect(first.settlements.find((s) => s.expenseId === inDoubt)).toMatchObject({ outcome: 'pending', settled: false });
    // Kantata commits the lost create; the next round adopts it.
    await new Promise((r) => setTimeout(r, 4_300));
    const second = await b.round(after.engine);
    expect(second.settlements.find((s) => s.expenseId === inDoubt)?.outcome).toBe('adopted');

    const server = serverExpenses(world);
    expect(server).toHaveLength(6);
    expect([...recordsPerClientId(world).values()].every((n) => n === 1)).toBe(true);
    expect([...recordsPerClientId(world).keys()].sort()).toEqual([...synced, inDoubt, ...pending].sort());
    for (const row of await b.rows()) expect(row.syncState, row.notes).toBe('synced');
    expect(await b.outbox()).toEqual([]);
    const edited = server.find((e) => e.id === (original.expenses as Array<{ id: string; remoteId: string }>).find((r) => r.id === synced[0])!.remoteId)!;
    expect(edited).toMatchObject({ notes: 'edited after sync' });
    const withReceipt = await b.row(pending[1]!);
    expect(server.find((e) => e.id === withReceipt.remoteId)!.receipt_id).toBe((await b.receipt(receiptId)).attachmentId);
    expect(world.sim.admin.listAttachments()).toHaveLength(1);
    expect(requests(world, { method: 'POST', path: /^\/expenses/ })).toBe(1); // the two pending creates, in one bulk request
    await assertConverged(world, b);
  });

  it('a damaged backup is refused with a clear message and nothing changes', async () => {
    const main = mainProcess();
    const a = new Device(world);
    await a.createMany(5, (i) => ({ notes: `row ${i}` }));
    await a.addReceipt('taxi.jpg', 'image/jpeg', receiptBytes);
    const file = await backupTo(main.port, main.dialogs, a.db);
    const bytes = new Uint8Array(await readFile(file));

    const target = new Device(world);
    await target.create({ notes: 'already here' });
    const untouched = await book(target.db);
    const refuse = async (name: string, content: Uint8Array, message: RegExp): Promise<void> => {
      await writeFile(join(dir, name), content);
      main.dialogs.openPath = join(dir, name);
      const error = await readBackup(main.port, dexieOptions).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupError);
      // The plain sentence, with what exactly is wrong kept for "Details".
      const { message: plain, detail } = error as BackupError;
      expect(`${plain} (${detail ?? ''})`).toMatch(message);
      expect(plain).toMatch(/Nothing was changed/);
      expect(await book(target.db)).toEqual(untouched);
    };

    // A byte flipped inside the stored receipt (the ZIP still unpacks): its checksum fails.
    const flipped = bytes.slice();
    const at = Buffer.from(bytes).indexOf(Buffer.from(receiptBytes.subarray(0, 64)));
    expect(at).toBeGreaterThan(0);
    flipped[at + 100] = flipped[at + 100]! ^ 0xff;
    await refuse('flipped.ecbackup', flipped, /flipped\.ecbackup is damaged.*\(blobs\/receipts\/0\/blob does not match its checksum\)/);
    // Cut short.
    await refuse('short.ecbackup', bytes.slice(0, Math.floor(bytes.length * 0.6)), /short\.ecbackup is damaged/);
    // Only the ZIP's closing directory missing: every entry is there, but the file is not whole.
    await refuse('no-directory.ecbackup', bytes.slice(0, bytes.length - 200), /no-directory\.ecbackup is damaged.*\(it ends early\)/);
    // Another program's ZIP, and not a ZIP at all.
    await refuse('other.ecbackup', zipSync({ 'readme.txt': strToU8('hello') }), /other\.ecbackup is not an Expense Courier backup/);
    await refuse('text.ecbackup', strToU8('date,amount\n2026-01-01,3\n'), /text\.ecbackup is not an Expense Courier backup/);
    // Made by a newer version.
    const entries = unzipSync(bytes);
    const header = JSON.parse(new TextDecoder().decode(entries['header.json'])) as { schemaVersion: number };
    await refuse('newer.ecbackup', zipSync({ 'header.json': strToU8(JSON.stringify({ ...header, schemaVersion: header.schemaVersion + 1 })) }), /newer version of Expense Courier/);
    // No scratch database is left behind.
    expect((await indexedDB.databases()).filter((d: { name?: string }) => d.name?.startsWith('expense-courier-restore-'))).toEqual([]);
  });

  it('a backup made by an older database version (1) restores, upgraded by the app', async () => {
    const main = mainProcess();
    const old = new Dexie(`v1-${crypto.randomUUID()}`, dexieOptions);
    old.version(1).stores(SCHEMA_V1);
    await old.open();
    await old.table('expenses').add({
      id: 'old-1', remoteId: '77', date: '2025-11-02', workspaceId: world.workspaceId, categoryId: world.categoryId,
      category: world.category, amountCents: 4200, currency: 'USD', notes: 'from version 1', billable: true,
      reimbursable: false, vendorId: null, storyId: null, expenseBudgetId: null, syncState: 'pending', createdAt: 1, updatedAt: 2,
    });
    await old.table('outbox').add({ expenseId: 'old-1' });
    const file = await backupTo(main.port, main.dialogs, old, 'old.ecbackup');
    await old.delete();

    const b = new Device(world);
    main.dialogs.openPath = file;
    const staged = await readBackup(main.port, dexieOptions);
    expect(staged!.header.schemaVersion).toBe(1);
    await restoreBackup(b.db, staged!, main.port);
    expect(await b.row('old-1')).toMatchObject({ notes: 'from version 1', receiptId: null, deleted: false, base: null, userCanEdit: true });
    expect(await b.outbox()).toMatchObject([{ expenseId: 'old-1', kind: 'create', at: 2 }]);
  });

  it("a backup of another Kantata account is refused, and so is any while no account is connected; the same account's restores", async () => {
    const other = await startWorld();
    try {
      const before = mainProcess();
      expect((await before.account.connect({ baseUrl: world.sim.baseUrl, token: world.sim.token })).ok).toBe(true);
      const a = new Device(world);
      const pending = await a.createMany(2, (i) => ({ notes: `pending ${i}` }));
      const original = await book(a.db);
      const file = await backupTo(before.port, before.dialogs, a.db);

      const b = new Device(world);
      await b.create({ notes: 'already here' });
      const untouched = await book(b.db);
      const refused = async (main: ReturnType<typeof mainProcess>, problem: string, message: RegExp): Promise<void> => {
        main.dialogs.openPath = file;
        const staged = await readBackup(main.port, dexieOptions);
        expect(staged!.owner).toEqual({ userId: expect.any(String), host: new URL(world.sim.baseUrl).host });
        const error = await restoreBackup(b.db, staged!, main.port).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BackupError);
        expect((error as BackupError).problem).toBe(problem);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).toMatch(/Nothing was changed/);
        expect(await book(b.db)).toEqual(untouched);
        expect(main.sentCreates.snapshot()).toEqual(new SentCreates(memoryLedgerStore()).snapshot());
      };

      // Connected to another Kantata (another host): refused, main's ledgers and the book untouched.
      const elsewhere = mainProcess();
      expect((await elsewhere.account.connect({ baseUrl: other.sim.baseUrl, token: other.sim.token })).ok).toBe(true);
      await refused(elsewhere, 'other-account', /book\.ecbackup belongs to the Kantata account of .+, not to the account connected now/);
      // Main refuses too, should a renderer ask it directly: with a code, its ledgers untouched.
      const state = (await before.port.backupMainState()) as Parameters<BackupPort['backupRestoreMainState']>[0];
      expect(await elsewhere.port.backupRestoreMainState(state)).toEqual({ refused: 'other-account' });
      expect(await mainProcess().port.backupRestoreMainState(state)).toEqual({ refused: 'not-connected' });
      expect(elsewhere.sentCreates.snapshot()).toEqual(new SentCreates(memoryLedgerStore()).snapshot());
      // Not connected: the account cannot be checked, so the user connects first.
      await refused(mainProcess(), 'not-connected', /Connect to Kantata with that account first/);

      // The same account restores; nothing sent twice afterwards.
      const same = mainProcess();
      expect((await same.account.connect({ baseUrl: world.sim.baseUrl, token: world.sim.token })).ok).toBe(true);
      same.dialogs.openPath = file;
      await restoreBackup(b.db, (await readBackup(same.port, dexieOptions))!, same.port);
      expect(await book(b.db)).toEqual(original);
      expect(await b.db.meta.get('restoreInProgress')).toBeUndefined();
      expect((await b.round(same.engine)).status).toBe('ok');
      expect([...recordsPerClientId(world).values()].every((n) => n === 1)).toBe(true);
      for (const id of pending) expect(recordsPerClientId(world).get(id)).toBe(1);
      expect(serverExpenses(other)).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('a receipt whose bytes hold ZIP signatures comes back whole (entries carry their sizes)', async () => {
    const main = mainProcess();
    const a = new Device(world);
    // A photo's bytes may contain any 4 bytes, among them the ZIP's own record signatures.
    const tricky = new Uint8Array(200_000).map((_, i) => (i * 7919) % 251);
    tricky.set([0x50, 0x4b, 0x07, 0x08], 1_000);
    tricky.set([0x50, 0x4b, 0x03, 0x04], 50_000);
    tricky.set([0x50, 0x4b, 0x01, 0x02], 120_000);
    tricky.set([0x50, 0x4b, 0x05, 0x06], 199_000);
    const receiptId = await a.addReceipt('odd.jpg', 'image/jpeg', tricky);
    await a.create({ notes: 'with the odd receipt', receiptId });
    const original = await book(a.db);
    const file = await backupTo(main.port, main.dialogs, a.db);
    // A standard ZIP: any unzipper reads it.
    expect(Object.keys(unzipSync(new Uint8Array(await readFile(file))))).toContain('manifest.json');

    const b = new Device(world);
    main.dialogs.openPath = file;
    await restoreBackup(b.db, (await readBackup(main.port, dexieOptions))!, main.port);
    expect(await book(b.db)).toEqual(original);
  });

  it('a cancelled dialog writes and changes nothing', async () => {
    const main = mainProcess();
    const a = new Device(world);
    await a.create();
    expect(await writeBackup(a.db, main.port, { to: 'dialog', suggestedName: 'x.ecbackup' })).toEqual({ fileName: null, rowCounts: {} });
    expect(await readBackup(main.port, dexieOptions)).toBeNull();
  });
});
