/**
 * The built app: a restore cut short by a reload of the window while it copies the book is
 * finished at the next start, and the sidebar says so. Chromium's real IndexedDB, main's real core.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DB_NAME, readExpenses, readOutbox, seedRows } from '../support/node/app-db';
import { fetchReferenceRows, type ReferenceRows } from '../support/node/reference-data';
import { openBackupPanel, screenshotAndClose, seedUsdBook } from './app-ui';
import { startHarness, type Harness } from './harness';

/** The page's IndexedDB and location as the callbacks below use them (this project has no DOM types). */
interface Request<T> { result: T; error?: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null }
interface Store { clear(): unknown; get(key: string): Request<unknown> }
interface Tx { objectStore(name: string): Store; error?: unknown; oncomplete: (() => void) | null; onerror: (() => void) | null }
interface Db { objectStoreNames: ArrayLike<string>; transaction(names: string | ArrayLike<string>, mode?: string): Tx; close(): void }
type PageGlobals = { indexedDB: { open(name: string): Request<Db> }; location: { reload(): void } };

let harness: Harness;
let reference: ReferenceRows;
const pages: Page[] = [];

beforeAll(async () => {
  harness = await startHarness({ startScheduler: false });
  reference = await fetchReferenceRows(harness.sim!);
});
afterEach(async (context) => {
  await screenshotAndClose(pages, 'restore-interrupted', context.task.name);
});
afterAll(async () => {
  await harness?.close();
});

it('a window reloaded while a restore copies the book finishes the restore when it starts again', async () => {
  const page = await harness.openMainWindow();
  pages.push(page);
  await seedRows(page, { ...reference });
  // Enough pages of rows that the copy takes a while.
  await seedUsdBook(page, reference, 12_000, 300);
  const original = await readExpenses(page);
  const originalOutbox = await readOutbox(page);
  await openBackupPanel(page);
  await page.getByTestId('backup-now').click();
  await expect.poll(() => page.getByTestId('backup-notice').textContent(), { timeout: 60_000 }).toMatch(/Backed up/);
  const backupPath = join(harness.dialogs.folder, harness.dialogs.saveRequests.at(-1)!.suggestedName);

  // Over an empty book, so no question: the restore starts at once.
  await page.evaluate((name) => new Promise<void>((resolve, reject) => {
    const open = (globalThis as unknown as PageGlobals).indexedDB.open(name);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(db.objectStoreNames, 'readwrite');
      for (const store of Array.from(db.objectStoreNames)) if (store !== 'meta') tx.objectStore(store).clear();
      tx.oncomplete = () => (db.close(), resolve());
      tx.onerror = () => reject(tx.error);
    };
  }), DB_NAME);
  harness.dialogs.openPath = backupPath;
  // The window watches its own book and reloads itself the moment the copy has begun.
  const reloaded = page.waitForEvent('load', { timeout: 120_000 });
  await page.evaluate((name) => {
    const phase = (): Promise<string | null> =>
      new Promise((resolve) => {
        const open = (globalThis as unknown as PageGlobals).indexedDB.open(name);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('meta').objectStore('meta').get('restoreInProgress');
          get.onsuccess = () => (db.close(), resolve((get.result as { value?: { phase?: string } } | undefined)?.value?.phase ?? null));
          get.onerror = () => (db.close(), resolve(null));
        };
      });
    const watch = async (): Promise<void> => {
      while ((await phase()) !== 'copying') await new Promise((r) => setTimeout(r, 5));
      (globalThis as unknown as PageGlobals).location.reload();
    };
    void watch();
  }, DB_NAME);
  await page.getByTestId('restore-backup').click();
  await reloaded;

  const notice = page.getByTestId('restore-recovery');
  await expect.poll(() => notice.textContent(), { timeout: 120_000 }).toMatch(
    new RegExp(`The restore from .*\\.ecbackup was cut short; it has now been finished: ${original.filter((e) => !e.deleted).length.toLocaleString('en-US')} expenses`),
  );
  const sortById = <T extends { id: string }>(rows: T[]): T[] => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
  expect(sortById(await readExpenses(page))).toEqual(sortById(original));
  expect(await readOutbox(page)).toEqual(originalOutbox);
}, 300_000);
