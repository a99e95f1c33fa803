/**
 * Taking data out of the built app, end to end: the renderer in Chromium with its real IndexedDB,
 * main's real core writing the files where the (test-answered) save dialog says. The CSV is read
 * back with papaparse and compared with the database; a backup is restored into a fresh profile
 * and into one that already has expenses (after the confirmation); a damaged file is refused.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { PDFDocument } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import type { LocalExpense, OutboxEntry } from '@shared/model/expense';
import { readExpenses, readOutbox, seedRows } from '../support/node/app-db';
import { fetchReferenceRows, type ReferenceRows } from '../support/node/reference-data';
import { createExpenseThroughForm, expenseRows, openBackupPanel, screenshotAndClose, seedUsdBook, waitForList } from './app-ui';
import { startHarness, type Harness } from './harness';

let harness: Harness;
let reference: ReferenceRows;
const pages: Page[] = [];
/** The backup the second test made, for the third. */
let made: { path: string; expenses: LocalExpense[]; outbox: OutboxEntry[] } | null = null;

async function openWithReferenceData(h: Harness): Promise<Page> {
  const page = await h.openMainWindow();
  pages.push(page);
  await seedRows(page, { ...reference });
  await page.reload();
  await waitForList(page);
  return page;
}

beforeAll(async () => {
  harness = await startHarness({ startScheduler: false });
  reference = await fetchReferenceRows(harness.sim!);
});
afterEach(async (context) => {
  await screenshotAndClose(pages, 'export-backup', context.task.name);
});
afterAll(async () => {
  await harness?.close();
});

describe('export and backup in the app', () => {
  it('exports the filtered list as CSV through the save dialog; parsed back, it equals the database', async () => {
    const page = await openWithReferenceData(harness);
    const project = reference.workspaces.find((w) => w.currency === 'USD')!;
    const awkward = 'Dinner, "Chez Léa" 🍷 — مطعم';
    await createExpenseThroughForm(page, { project: project.title, date: '2026-11-18', category: 'Travel', amount: '1234.50', notes: awkward });
    await createExpenseThroughForm(page, { project: project.title, date: '2026-11-19', category: 'Travel', amount: '7', notes: 'Parking' });
    await expect.poll(() => expenseRows(page).count()).toBeGreaterThanOrEqual(2);
    // Filter by text: only the awkward one is shown, so only it is exported.
    await page.locator('#search').fill('Chez');
    await expect.poll(() => page.getByTestId('list-summary').textContent()).toMatch(/^1 of/);

    await page.getByTestId('export-csv').click();
    await expect.poll(() => page.getByTestId('export-notice').textContent()).toMatch(/Saved expenses-\d{4}-\d{2}-\d{2}\.csv/);
    const saved = harness.dialogs.saveRequests.at(-1)!;
    expect(saved.kind).toBe('csv');
    const bytes = await readFile(join(harness.dialogs.folder, saved.suggestedName));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1).trimEnd(), { header: true });
    expect(parsed.errors).toEqual([]);
    const stored = (await readExpenses(page)).find((e) => e.notes === awkward)!;
    expect(parsed.data).toEqual([
      expect.objectContaining({
        client_id: stored.id,
        date: '2026-11-18',
        project: project.title,
        category: 'Travel',
        amount: '1234.50',
        currency: 'USD',
        notes: awkward,
        sync_state: 'pending',
        kantata_id: '',
      }),
    ]);
  });

  it('saves a PDF report of one project and period through the save dialog', async () => {
    const page = await openWithReferenceData(harness);
    const project = reference.workspaces.find((w) => w.currency === 'USD')!;
    await page.getByRole('button', { name: /^Filters/ }).click();
    const option = await page.locator('#f-project option', { hasText: project.title }).first().textContent();
    await page.locator('#f-project').selectOption({ label: option! });
    await page.locator('#f-from').fill('2026-11-01');
    await page.locator('#f-to').fill('2026-11-30');
    await page.getByTestId('export-pdf').click();
    await expect.poll(() => page.getByTestId('export-notice').textContent(), { timeout: 20_000 }).toMatch(/Saved expense-report-.*-2026-11-01-2026-11-30\.pdf/);
    const saved = harness.dialogs.saveRequests.at(-1)!;
    expect(saved.kind).toBe('pdf');
    const pdf = await PDFDocument.load(await readFile(join(harness.dialogs.folder, saved.suggestedName)));
    expect(pdf.getPageCount()).toBe(1); // two expenses, no receipts
    expect(pdf.getTitle()).toBe(`Expense report: ${project.title}, Nov 1, 2026 to Nov 30, 2026`);
  });

  it('backs up, refuses a damaged file, and restores over an existing book after the confirmation', async () => {
    const page = await openWithReferenceData(harness);
    const project = reference.workspaces.find((w) => w.currency === 'USD')!;
    await seedUsdBook(page, reference, 300, 90);
    const original = await readExpenses(page);
    const originalOutbox = await readOutbox(page);
    await openBackupPanel(page);
    const builders = backupBuilders(page);
    await page.getByTestId('backup-now').click();
    await expect.poll(() => page.getByTestId('backup-notice').textContent(), { timeout: 20_000 }).toMatch(
      new RegExp(`Backed up ${original.filter((e) => !e.deleted).length} expenses to expense-courier-.*\\.ecbackup`),
    );
    // The file was built in a worker of its own, which ended with it.
    expect(builders.started()).toBe(1);
    await expect.poll(() => builders.running()).toBe(0);
    const backupName = harness.dialogs.saveRequests.at(-1)!.suggestedName;
    const backupPath = join(harness.dialogs.folder, backupName);

    // A damaged copy is refused in the app, with the file's name and nothing changed.
    const bytes = await readFile(backupPath);
    const damaged = join(harness.dialogs.folder, 'damaged.ecbackup');
    await writeFile(damaged, bytes.subarray(0, bytes.length - 200));
    harness.dialogs.openPath = damaged;
    await page.getByTestId('restore-backup').click();
    await expect.poll(() => page.getByTestId('backup-problem').textContent()).toMatch(/damaged\.ecbackup is damaged .* Nothing was changed\./);
    expect(await readExpenses(page)).toEqual(original);

    // Over the existing book: asks first (saying what would be lost), then replaces it.
    await createExpenseThroughFormFromSettings(page, project.title);
    harness.dialogs.openPath = backupPath;
    await page.getByTestId('restore-backup').click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect.poll(() => confirm.textContent()).toMatch(new RegExp(`holds ${original.length} expenses\\. Restoring it replaces the ${original.length + 1} expenses on this computer, including \\d+ not yet sent`));
    await confirm.getByRole('button', { name: 'Replace with the backup' }).click();
    await expect.poll(() => page.getByTestId('backup-notice').textContent(), { timeout: 20_000 }).toMatch(`Restored ${original.length} expenses`);
    expect(sortById(await readExpenses(page))).toEqual(sortById(original));
    expect(await readOutbox(page)).toEqual(originalOutbox);
    made = { path: backupPath, expenses: original, outbox: originalOutbox };
  }, 120_000);

  it('restores into a fresh profile (another laptop) without a question', async () => {
    expect(made, 'the backup test ran first').not.toBeNull();
    const { path: backupPath, expenses: original, outbox: originalOutbox } = made!;
    const fresh = await startHarness({ startScheduler: false, sim: false });
    try {
      const other = await fresh.openMainWindow();
      await openBackupPanel(other);
      fresh.dialogs.openPath = backupPath;
      await other.getByTestId('restore-backup').click();
      await expect.poll(() => other.getByTestId('backup-notice').textContent(), { timeout: 20_000 }).toMatch(`Restored ${original.length} expenses`);
      expect(sortById(await readExpenses(other))).toEqual(sortById(original));
      expect(await readOutbox(other)).toEqual(originalOutbox);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('a backup main cannot write (disk full) fails with the reason, leaves no file and stops its worker; the next one saves', async () => {
    const page = await openWithReferenceData(harness);
    await seedUsdBook(page, reference, 300, 90);
    await openBackupPanel(page);
    const builders = backupBuilders(page);
    const before = (await readdir(harness.dialogs.folder)).sort();
    const writeChunk = harness.core.backupWriteChunk;
    harness.core.backupWriteChunk = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    try {
      await page.getByTestId('backup-now').click();
      await expect.poll(() => page.getByTestId('backup-problem').textContent(), { timeout: 20_000 }).toMatch(/could not be written[\s\S]*no space left on device/);
    } finally {
      harness.core.backupWriteChunk = writeChunk;
    }
    expect((await readdir(harness.dialogs.folder)).sort()).toEqual(before);
    await expect.poll(() => builders.running()).toBe(0);

    await page.getByTestId('backup-now').click();
    await expect.poll(() => page.getByTestId('backup-notice').textContent(), { timeout: 20_000 }).toMatch(/Backed up \d+ expenses to expense-courier-/);
    expect(builders.started()).toBe(2);
    await expect.poll(() => builders.running()).toBe(0);
  }, 120_000);
});

/** Counts the backup workers the page starts (build.worker.ts) and those still running. */
function backupBuilders(page: Page): { started(): number; running(): number } {
  const started: Worker[] = [];
  const ended = new Set<Worker>();
  page.on('worker', (worker) => {
    if (!/build\.worker/.test(worker.url())) return;
    started.push(worker);
    worker.on('close', () => ended.add(worker));
  });
  return { started: () => started.length, running: () => started.length - ended.size };
}

const sortById = <T extends { id: string }>(rows: T[]): T[] => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

/** One more local expense, added from the Expenses screen, then back to Settings. */
async function createExpenseThroughFormFromSettings(page: Page, project: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Expenses/ }).click();
  await createExpenseThroughForm(page, { project, date: '2026-12-01', category: 'Travel', amount: '3', notes: 'after the backup' });
  await openBackupPanel(page);
}
