/**
 * A restore cut short between any two of its steps (the app killed, the window reloaded) is
 * finished or rolled back at the next start, then syncs against the simulator with zero
 * duplicates and zero losses. The renderer's real data layer on fake-indexeddb, its real backup
 * modules, main's real file calls and ledgers, the real engine.
 *
 * "Killed" here: the restore's step report never returns (nothing after it runs), every database
 * connection of the dead window is closed, and for the app a new main process starts over the
 * ledgers it had written through (main writes them before it answers).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBackup } from '@renderer/backup/write';
import { BackupError, readBackup, SCRATCH_PREFIX, type StagedBackup } from '@renderer/backup/read';
import { restoreBackup, type RestoreStep } from '@renderer/backup/restore';
import { recoverInterruptedRestore, restoreRecovery } from '@renderer/backup/restore-recovery';
import { setUserLocale } from '@renderer/locale';
import { KantataClient } from '../../src/main/core/kantata/client';
import { ReceiptUploader, UploadLedger, memoryLedgerStore } from '../../src/main/core/receipts';
import { SentCreates } from '../../src/main/core/sync/sent-creates';
import { createFileCalls } from '../../src/main/core/files/file-calls';
import { createDetachedDesktopCalls } from '../../src/main/core/tray/desktop-calls';
import { Device } from '../support/node/device';
import { backupPort, bookValues, mainAccount, scriptedDialogs } from '../support/node/backup-port';
import { assertConverged, engineFor, recordsPerClientId, serverExpenses, startWorld, type SimWorld } from './support';

const dexieOptions = { indexedDB, IDBKeyRange };
const receiptBytes = new Uint8Array(readFileSync(new URL('../fixtures/receipts/taxi-receipt.jpg', import.meta.url)));

let world: SimWorld;
let dir: string;
beforeEach(async () => {
  world = await startWorld();
  dir = await mkdtemp(join(tmpdir(), 'courier-restore-cut-'));
});
afterEach(async () => {
  setUserLocale('en');
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

/** What main keeps on disk: its ledgers and settings survive the process. */
interface MainDisk {
  sentCreates: ReturnType<typeof memoryLedgerStore>;
  uploads: ReturnType<typeof memoryLedgerStore>;
  desktop: ReturnType<typeof createDetachedDesktopCalls>;
}
const newDisk = (): MainDisk => ({ sentCreates: memoryLedgerStore(), uploads: memoryLedgerStore(), desktop: createDetachedDesktopCalls() });

/** One start of main over what it kept on disk. */
function mainProcess(disk: MainDisk) {
  const sentCreates = new SentCreates(disk.sentCreates);
  const uploadLedger = new UploadLedger(disk.uploads);
  const dialogs = scriptedDialogs();
  const account = mainAccount();
  const files = createFileCalls({ dialogs, sentCreates, uploadLedger, account: account.current });
  const client = new KantataClient({ baseUrl: world.sim.baseUrl, token: world.sim.token, timeoutMs: 5_000 });
  return {
    sentCreates,
    dialogs,
    files,
    port: backupPort(files, disk.desktop, account.service),
    engine: engineFor(world, { sentCreates }),
    uploader: new ReceiptUploader({ client: () => client, ledger: uploadLedger, retry: { baseDelayMs: 10, maxDelayMs: 50 } }),
  };
}

async function stagedCopies(): Promise<string[]> {
  return (await indexedDB.databases()).map((d: { name?: string }) => d.name ?? '').filter((n: string) => n.startsWith(SCRATCH_PREFIX));
}

/**
 * The backed-up book: synced expenses, a create whose answer was lost (Kantata commits it a moment
 * later: in doubt in main's ledger), an edit, and two new ones, one with a receipt never uploaded.
 */
async function backedUpBook() {
  const disk = newDisk();
  const main = mainProcess(disk);
  await disk.desktop.settingsSet({ defaultCurrency: 'EUR' }, { senderUrl: 'app://test' });
  const a = new Device(world);
  const synced = await a.createMany(3, (i) => ({ amountCents: 100 + i, notes: `synced ${i}` }));
  expect((await a.round(main.engine)).status).toBe('ok');
  const inDoubt = await a.create({ notes: 'in doubt' });
  world.sim.admin.injectFault({ kind: 'late-commit', method: 'POST', pathPattern: '^/expenses$', ms: 300, drop: true, times: 1 });
  expect((await a.round(main.engine)).settlements.find((s) => s.expenseId === inDoubt)).toMatchObject({ outcome: 'pending', settled: false });
  await a.edit(synced[0]!, { notes: 'edited after sync' });
  const receiptId = await a.addReceipt('taxi.jpg', 'image/jpeg', receiptBytes);
  const pending = [await a.create({ notes: 'pending' }), await a.create({ notes: 'pending with receipt', receiptId })];
  const values = await bookValues(a.db);
  main.dialogs.savePath = join(dir, 'book.ecbackup');
  expect((await writeBackup(a.db, main.port, { to: 'dialog', suggestedName: 'book.ecbackup' })).fileName).toBe('book.ecbackup');
  await a.close();
  // Kantata commits the lost create meanwhile: a restored book must adopt it, never send it again.
  await new Promise((r) => setTimeout(r, 400));
  return { file: main.dialogs.savePath, values, ids: [...synced, inDoubt, ...pending], inDoubt };
}

/** The laptop the backup is restored on: it has a book of its own (one expense not yet sent). */
async function otherLaptop() {
  const disk = newDisk();
  const device = new Device(world);
  const ownPending = await device.create({ notes: 'made on this laptop' });
  return { disk, device, ownPending, values: await bookValues(device.db) };
}

/** Starts a restore and kills the app once it has passed `step` (of `table`): resolves when it is dead. */
async function restoreKilledAfter(
  device: Device,
  main: ReturnType<typeof mainProcess>,
  file: string,
  step: RestoreStep,
  table?: string,
): Promise<StagedBackup> {
  main.dialogs.openPath = file;
  const staged = (await readBackup(main.port, dexieOptions))!;
  let killed!: () => void;
  const dead = new Promise<void>((resolve) => (killed = resolve));
  const running = restoreBackup(device.db, staged, main.port, (passed, of) => {
    if (passed !== step || (table !== undefined && of !== table)) return;
    killed();
    return new Promise<void>(() => undefined); // nothing after this step ever runs
  });
  await Promise.race([dead, running.then(() => expect.fail(`the restore ran past ${step}`))]);
  // The window's connections die with it.
  device.db.close();
  staged.scratch.close();
  return staged;
}

type Cut = { after: RestoreStep; table?: string; outcome: 'rolled-back' | 'finished' };
const CUTS: Cut[] = [
  { after: 'prepared', outcome: 'rolled-back' },
  { after: 'main-restored', outcome: 'rolled-back' },
  { after: 'emptied', outcome: 'finished' },
  // Receipts are back, the expenses only partly, the outbox not at all.
  { after: 'page-copied', table: 'receipts', outcome: 'finished' },
  // Everything but the outboxes.
  { after: 'page-copied', table: 'meta', outcome: 'finished' },
  { after: 'copied', outcome: 'finished' },
  { after: 'settings-applied', outcome: 'finished' },
  { after: 'scratch-discarded', outcome: 'finished' },
];

describe('a restore cut short', () => {
  for (const cut of CUTS) {
    it(`after ${cut.after}${cut.table ? ` (${cut.table})` : ''}: ${cut.outcome} at the next start, then syncs with zero duplicates and zero losses`, async () => {
      const backup = await backedUpBook();
      const laptop = await otherLaptop();
      await restoreKilledAfter(laptop.device, mainProcess(laptop.disk), backup.file, cut.after, cut.table);
      // The next start: a new main over its ledgers, the window over the same database.
      const main = mainProcess(laptop.disk);
      const b = new Device(world, laptop.device.db.name);
      expect((await b.db.meta.get('restoreInProgress'))?.value).toMatchObject({ fileName: 'book.ecbackup' });
      const recovery = await recoverInterruptedRestore(b.db, main.port, dexieOptions);
      expect(restoreRecovery.value).toEqual(recovery);
      expect(await b.db.meta.get('restoreInProgress')).toBeUndefined();
      expect(await stagedCopies()).toEqual([]);

      if (cut.outcome === 'rolled-back') expect((await b.rows()).map((r) => r.id)).toEqual([laptop.ownPending]);
      await b.uploadReceipts(main.uploader);
      expect((await b.round(main.engine)).status).toBe('ok');
      const perClientId = recordsPerClientId(world);
      expect([...perClientId.values()].every((n) => n === 1), 'no record twice').toBe(true);
      if (cut.outcome === 'rolled-back') {
        expect(recovery).toEqual({ kind: 'rolled-back', fileName: 'book.ecbackup' });
        // The laptop's own book syncs (and downloads what the backed-up book had sent, once each).
        expect(perClientId.get(laptop.ownPending)).toBe(1);
        expect(perClientId.size).toBe(5);
        await assertConverged(world, b);
      } else {
        expect(recovery).toEqual({ kind: 'finished', fileName: 'book.ecbackup', expenses: 6, pending: 4 });
        // Every expense of the backup reaches Kantata once, the in-doubt create adopted, the edit and receipt sent.
        expect([...perClientId.keys()].sort()).toEqual([...backup.ids].sort());
        for (const row of await b.rows()) expect(row.syncState, row.notes).toBe('synced');
        expect(await b.outbox()).toEqual([]);
        expect(serverExpenses(world).find((e) => e.notes === 'edited after sync')).toBeDefined();
        const withReceipt = (await b.rows()).find((r) => r.notes === 'pending with receipt')!;
        expect(serverExpenses(world).find((e) => e.id === withReceipt.remoteId)!.receipt_id).toBe((await b.receipt(withReceipt.receiptId!)).attachmentId);
        expect(world.sim.admin.listAttachments()).toHaveLength(1);
        expect((await laptop.disk.desktop.settingsGet(undefined, { senderUrl: 'app://test' })).settings).toMatchObject({ defaultCurrency: 'EUR' });
        await assertConverged(world, b);
      }
    });
  }

  it('before the book was touched, the rolled-back book is exactly the one that was there', async () => {
    const backup = await backedUpBook();
    const laptop = await otherLaptop();
    await restoreKilledAfter(laptop.device, mainProcess(laptop.disk), backup.file, 'main-restored');
    const b = new Device(world, laptop.device.db.name);
    await recoverInterruptedRestore(b.db, mainProcess(laptop.disk).port, dexieOptions);
    expect(await bookValues(b.db)).toEqual(laptop.values);
  });

  it('once emptied, the finished book is exactly the backup', async () => {
    const backup = await backedUpBook();
    const laptop = await otherLaptop();
    await restoreKilledAfter(laptop.device, mainProcess(laptop.disk), backup.file, 'page-copied', 'expenses');
    const b = new Device(world, laptop.device.db.name);
    await recoverInterruptedRestore(b.db, mainProcess(laptop.disk).port, dexieOptions);
    expect(await bookValues(b.db)).toEqual(backup.values);
  });

  it('a backup staged but never confirmed (the app closed on the question) is deleted, and the book stays', async () => {
    const backup = await backedUpBook();
    const laptop = await otherLaptop();
    const main = mainProcess(laptop.disk);
    main.dialogs.openPath = backup.file;
    const staged = (await readBackup(main.port, dexieOptions))!;
    staged.scratch.close();
    laptop.device.db.close();
    expect(await stagedCopies()).toHaveLength(1);
    const b = new Device(world, laptop.device.db.name);
    expect(await recoverInterruptedRestore(b.db, mainProcess(laptop.disk).port, dexieOptions)).toEqual({ kind: 'none' });
    expect(await stagedCopies()).toEqual([]);
    expect(await bookValues(b.db)).toEqual(laptop.values);
  });

  it('when the staged copy is gone mid-copy, the user is told the book holds part of the backup, and it stays marked', async () => {
    const backup = await backedUpBook();
    const laptop = await otherLaptop();
    const staged = await restoreKilledAfter(laptop.device, mainProcess(laptop.disk), backup.file, 'page-copied', 'receipts');
    await staged.discard();
    const b = new Device(world, laptop.device.db.name);
    const recovery = await recoverInterruptedRestore(b.db, mainProcess(laptop.disk).port, dexieOptions);
    expect(recovery).toMatchObject({ kind: 'unfinished', fileName: 'book.ecbackup', detail: expect.stringMatching(/staged copy .* is gone/) });
    expect(await b.db.meta.get('restoreInProgress')).toBeDefined();
  });
});

describe("main's refusal of another account's backup", () => {
  it("is a code the renderer words in the user's language; the book, the journal and the staged copy as before", async () => {
    const backup = await backedUpBook();
    const laptop = await otherLaptop();
    const main = mainProcess(laptop.disk);
    main.dialogs.openPath = backup.file;
    const staged = (await readBackup(main.port, dexieOptions))!;
    // The renderer believes the account matches (its check passed); main, which knows the connection, does not.
    staged.owner = { userId: 'someone-else', host: 'api.example.com' };
    const port = { ...main.port, accountStatus: async () => ({ ...(await main.port.accountStatus()), user: { id: 'someone-else' }, baseUrl: 'https://api.example.com/api/v1' }) } as typeof main.port;
    setUserLocale('de');
    const error = await restoreBackup(laptop.device.db, staged, port).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).problem).toBe('not-connected');
    expect((error as Error).message).toMatch(/^book\.ecbackup gehört zum Kantata-Konto/);
    expect(await bookValues(laptop.device.db)).toEqual(laptop.values);
    expect(await stagedCopies()).toEqual([]);
    expect(main.sentCreates.snapshot()).toEqual(new SentCreates(memoryLedgerStore()).snapshot());
  });
});
