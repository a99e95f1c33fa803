/**
 * Issue 14's export and backup figures, measured in Node on the renderer's own modules (the same
 * code the app runs) over fake-indexeddb: the CSV of 100,000 expenses, a PDF report with 50
 * receipts, and a backup and restore of 100,000 expenses with 200 receipts through main's real
 * file calls to a real file. Not in Chromium: fake-indexeddb keeps the whole database in this
 * process's memory, so the RSS figures include the database itself (growth is given beside it).
 * `insights.render_100k_ms` is the real Insights view in Chromium over real IndexedDB (./insights-render.ts).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { CourierDatabase } from '@renderer/db/database';
import type { ReceiptRow } from '@renderer/db/schema';
import { expensesToCsvBytes } from '@renderer/export/csv';
import { buildExpenseReport, type ReportReceipt } from '@renderer/export/pdf-report';
import { writeBackup } from '@renderer/backup/write';
import { readBackup } from '@renderer/backup/read';
import { restoreBackup } from '@renderer/backup/restore';
import { generateExpenses } from '../support/node/in-page/tools';
import { backupPort, scriptedDialogs } from '../support/node/backup-port';
import { createFileCalls } from '../../src/main/core/files/file-calls';
import { createDetachedDesktopCalls } from '../../src/main/core/tray/desktop-calls';
import { SentCreates } from '../../src/main/core/sync/sent-creates';
import { UploadLedger, memoryLedgerStore } from '../../src/main/core/receipts/ledger';
import { round1, type Bench, type Figure } from './bench';
import { insightsFigures } from './insights-render';

const COUNT = 100_000;
const RECEIPTS = 200;
/** A typical phone photo of a receipt after the app's preparation. */
const RECEIPT_BYTES = 600 * 1024;
const dexieOptions = { indexedDB, IDBKeyRange };
const log = (message: string): void => void process.stderr.write(`  export: ${message}\n`);
const mb = (bytes: number): number => round1(bytes / (1024 * 1024));

function history() {
  return generateExpenses({
    count: COUNT,
    workspaces: [{ id: 'w1', currency: 'USD' }, { id: 'w2', currency: 'EUR' }, { id: 'w3', currency: 'JPY' }],
    categories: [{ id: 'c1', name: 'Travel' }, { id: 'c2', name: 'Meals' }, { id: 'c3', name: 'Lodging' }],
    endDate: '2026-11-30',
    spanDays: 3 * 365,
    stateShares: { pending: 0.02, error: 0.005 },
  });
}

/** Samples RSS every 20 ms while `work` runs; answers its time and the peak. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakRss: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - start, peakRss: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/receipts/${name}`, import.meta.url)));

export const bench: Bench = {
  name: 'export',
  async run(): Promise<Figure[]> {
    const figures: Figure[] = [];
    figures.push(...(await insightsFigures()));
    const { expenses, outbox } = history();

    const csv = await measured(async () => expensesToCsvBytes(expenses, { workspace: (id) => `Project ${id}`, vendor: () => undefined, baseUnit: () => null }));
    log(`CSV of ${COUNT} expenses: ${mb(csv.result.byteLength)} MB`);
    figures.push({ figure: 'export.csv_100k_ms', value: round1(csv.ms), unit: 'ms' });

    const photos: ReportReceipt[] = [
      { name: 'taxi.jpg', mime: 'image/jpeg', bytes: fixture('taxi-receipt.jpg') },
      { name: 'hotel.png', mime: 'image/png', bytes: fixture('hotel-receipt.png') },
      { name: 'invoice.pdf', mime: 'application/pdf', bytes: fixture('invoice-3-pages.pdf') },
    ];
    const fifty = expenses.slice(0, 50).map((e, i) => ({ ...e, receiptId: `r${i}` }));
    const pdf = await measured(() =>
      buildExpenseReport({
        userName: 'Bench User', projectTitle: 'Bench project', from: '2024-01-01', to: '2026-11-30', expenses: fifty,
        vendorName: () => undefined, receipt: async (id) => photos[Number(id.slice(1)) % photos.length], locale: 'en-US',
      }),
    );
    log(`PDF with 50 receipts: ${mb(pdf.result.byteLength)} MB`);
    figures.push({ figure: 'export.pdf_50_receipts_s', value: round1(pdf.ms / 1000), unit: 's' });

    const dir = await mkdtemp(join(tmpdir(), 'courier-bench-export-'));
    const source = new CourierDatabase(`bench-${randomUUID()}`, dexieOptions);
    const target = new CourierDatabase(`bench-${randomUUID()}`, dexieOptions);
    try {
      log(`seeding ${COUNT} expenses and ${RECEIPTS} receipts of ${RECEIPT_BYTES / 1024} KiB`);
      const receipts: ReceiptRow[] = Array.from({ length: RECEIPTS }, (_, i) => {
        const bytes = randomBytes(RECEIPT_BYTES);
        return {
          id: randomUUID(), hash: createHash('sha256').update(bytes).digest('hex'), blob: new Blob([bytes], { type: 'image/jpeg' }),
          mime: 'image/jpeg', size: bytes.byteLength, name: `receipt-${i}.jpg`, createdAt: i, attachmentId: null, thumbnail: null, pageCount: null,
        };
      });
      for (let i = 0; i < RECEIPTS; i++) expenses[i] = { ...expenses[i]!, receiptId: receipts[i]!.id };
      await source.expenses.bulkAdd(expenses);
      await source.outbox.bulkAdd(outbox);
      await source.receipts.bulkAdd(receipts);

      const sentCreates = new SentCreates(memoryLedgerStore());
      const dialogs = scriptedDialogs();
      const port = backupPort(createFileCalls({ dialogs, sentCreates, uploadLedger: new UploadLedger(memoryLedgerStore()) }), createDetachedDesktopCalls());
      dialogs.savePath = join(dir, 'bench.ecbackup');
      const baseline = process.memoryUsage().rss;
      const backup = await measured(() => writeBackup(source, port, { to: 'dialog', suggestedName: 'bench.ecbackup' }));
      log(`backup file: ${mb((await stat(dialogs.savePath)).size)} MB`);
      figures.push({ figure: 'backup.100k_200_receipts_s', value: round1(backup.ms / 1000), unit: 's' });
      figures.push({ figure: 'backup.peak_rss_mb', value: mb(backup.peakRss), unit: 'MB' });
      figures.push({ figure: 'backup.rss_growth_mb', value: mb(backup.peakRss - baseline), unit: 'MB' });

      dialogs.openPath = dialogs.savePath;
      const restore = await measured(async () => {
        const staged = await readBackup(port, dexieOptions);
        return restoreBackup(target, staged!, port);
      });
      log(`restored ${restore.result.expenses} expenses, ${restore.result.pending} waiting to sync`);
      figures.push({ figure: 'restore.100k_200_receipts_s', value: round1(restore.ms / 1000), unit: 's' });
    } finally {
      await source.delete();
      await target.delete();
      await rm(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
