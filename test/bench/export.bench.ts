/**
 * Issue 14's export and backup figures, measured in Node on the renderer's own modules (the same
 * code the app runs) over fake-indexeddb, with main's real file calls writing real files (each
 * call copied as Electron's IPC copies it):
 *
 * - export.csv_100k_ms: the list as filtered (in memory in the app: the list store holds it) to a
 *   saved file: cells, CSV text, UTF-8 bytes, the transfer to main and main's atomic write. The
 *   save dialog is answered at once.
 * - export.pdf_50_receipts_s: a report of 50 expenses, each with a receipt (photos and a 3-page PDF).
 * - backup.100k_200_receipts_s / restore.100k_200_receipts_s: 100,000 expenses and 200 receipts
 *   of 600 KiB, through main's file calls to a real file and back into a fresh database.
 * - backup.peak_rss_mb: the peak resident memory of THIS one Node process, which plays the
 *   renderer and main at once AND holds the whole fake-indexeddb database in its heap (in the app
 *   the book lives in Chromium's IndexedDB on disk). So it is not the app's renderer figure: the
 *   baseline before the backup (the database itself) and the growth during it are given beside it;
 *   the growth is what the backup code adds. Same for the restore.
 * `insights.render_100k_ms` is the real Insights view in Chromium over real IndexedDB (./insights-render.ts).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { CourierDatabase } from '@renderer/db/database';
import type { ReceiptRow } from '@renderer/db/schema';
import { saveCsv } from '@renderer/export/save';
import { buildExpenseReport, type ReportReceipt } from '@renderer/export/pdf-report';
import { writeBackup } from '@renderer/backup/write';
import { readBackup } from '@renderer/backup/read';
import { restoreBackup } from '@renderer/backup/restore';
import { generateExpenses } from '../support/node/in-page/tools';
import { backupPort, mainAccount, scriptedDialogs } from '../support/node/backup-port';
import { createFileCalls } from '../../src/main/core/files/file-calls';
import { createDetachedDesktopCalls } from '../../src/main/core/tray/desktop-calls';
import { SentCreates } from '../../src/main/core/sync/sent-creates';
import { UploadLedger, memoryLedgerStore } from '../../src/main/core/receipts/ledger';
import { median, round1, type Bench, type Figure } from './bench';
import { insightsFigures } from './insights-render';
import { loadReportFonts } from '../support/node/report-fonts';

const COUNT = 100_000;
const RECEIPTS = 200;
/** A typical phone photo of a receipt after the app's preparation. */
const RECEIPT_BYTES = 600 * 1024;
const dexieOptions = { indexedDB, IDBKeyRange };
const log = (message: string): void => void process.stderr.write(`  export: ${message}\n`);
const mb = (bytes: number): number => round1(bytes / (1024 * 1024));

// A full collection before each baseline, so garbage of the step before does not count.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

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

/**
 * Samples RSS every 20 ms while `work` runs; answers its wall time, the CPU time this process
 * spent meanwhile (on a machine shared by many, wall time mostly measures the queue for a core),
 * and the peak RSS.
 */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number; peakRss: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    const result = await work();
    const used = process.cpuUsage(cpu);
    return { result, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, peakRss: Math.max(peak, process.memoryUsage().rss) };
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
    let { expenses, outbox } = history();
    const dir = await mkdtemp(join(tmpdir(), 'courier-bench-export-'));
    const sentCreates = new SentCreates(memoryLedgerStore());
    const dialogs = scriptedDialogs();
    const account = mainAccount();
    const files = createFileCalls({ dialogs, sentCreates, uploadLedger: new UploadLedger(memoryLedgerStore()), account: account.current });
    const port = backupPort(files, createDetachedDesktopCalls(), account.service);

    dialogs.savePath = join(dir, 'expenses.csv');
    const names = { workspace: (id: string) => `Project ${id}`, vendor: () => undefined, baseUnit: () => null };
    const csvRuns: number[] = [];
    const csvCpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      const csv = await measured(() => saveCsv(port, expenses, names));
      if (!csv.result.saved) throw new Error(`CSV not saved: ${csv.result.message}`);
      csvRuns.push(csv.ms);
      csvCpu.push(csv.cpuMs);
    }
    log(`CSV of ${COUNT} expenses: ${mb((await stat(dialogs.savePath)).size)} MB saved; wall ${csvRuns.map(Math.round).join(', ')} ms, CPU ${csvCpu.map(Math.round).join(', ')} ms`);
    figures.push({ figure: 'export.csv_100k_ms', value: round1(median(csvRuns)), unit: 'ms' });
    figures.push({ figure: 'export.csv_100k_cpu_ms', value: round1(median(csvCpu)), unit: 'ms CPU' });

    const photos: ReportReceipt[] = [
      { name: 'taxi.jpg', mime: 'image/jpeg', bytes: fixture('taxi-receipt.jpg') },
      { name: 'hotel.png', mime: 'image/png', bytes: fixture('hotel-receipt.png') },
      { name: 'invoice.pdf', mime: 'application/pdf', bytes: fixture('invoice-3-pages.pdf') },
    ];
    const fifty = expenses.slice(0, 50).map((e, i) => ({ ...e, receiptId: `r${i}` }));
    const pdf = await measured(async () =>
      buildExpenseReport({
        userName: 'Bench User', projectTitle: 'Bench project', from: '2024-01-01', to: '2026-11-30', expenses: fifty,
        vendorName: () => undefined, receipt: async (id) => photos[Number(id.slice(1)) % photos.length], locale: 'en-US',
        fonts: await loadReportFonts(),
      }),
    );
    log(`PDF with 50 receipts: ${mb(pdf.result.byteLength)} MB`);
    figures.push({ figure: 'export.pdf_50_receipts_s', value: round1(pdf.ms / 1000), unit: 's' });
    figures.push({ figure: 'export.pdf_50_receipts_cpu_s', value: round1(pdf.cpuMs / 1000), unit: 's CPU' });

    const source = new CourierDatabase(`bench-${randomUUID()}`, dexieOptions);
    const target = new CourierDatabase(`bench-${randomUUID()}`, dexieOptions);
    try {
      log(`seeding ${COUNT} expenses and ${RECEIPTS} receipts of ${RECEIPT_BYTES / 1024} KiB`);
      for (let i = 0; i < RECEIPTS; i++) {
        const bytes = randomBytes(RECEIPT_BYTES);
        const receipt: ReceiptRow = {
          id: randomUUID(), hash: createHash('sha256').update(bytes).digest('hex'), blob: new Blob([bytes], { type: 'image/jpeg' }),
          mime: 'image/jpeg', size: bytes.byteLength, name: `receipt-${i}.jpg`, createdAt: i, attachmentId: null, thumbnail: null, pageCount: null,
        };
        await source.receipts.add(receipt);
        expenses[i] = { ...expenses[i]!, receiptId: receipt.id };
      }
      await source.expenses.bulkAdd(expenses);
      await source.outbox.bulkAdd(outbox);
      // From here the book lives only in the (fake) database, as in the app.
      expenses = [];
      outbox = [];
      collectGarbage();

      dialogs.savePath = join(dir, 'bench.ecbackup');
      const baseline = process.memoryUsage().rss;
      const backup = await measured(() => writeBackup(source, port, { to: 'dialog', suggestedName: 'bench.ecbackup' }));
      log(`backup file: ${mb((await stat(dialogs.savePath)).size)} MB; RSS ${mb(baseline)} MB before (the fake database), peak ${mb(backup.peakRss)} MB`);
      figures.push({ figure: 'backup.100k_200_receipts_s', value: round1(backup.ms / 1000), unit: 's' });
      figures.push({ figure: 'backup.100k_200_receipts_cpu_s', value: round1(backup.cpuMs / 1000), unit: 's CPU' });
      figures.push({ figure: 'backup.peak_rss_mb', value: mb(backup.peakRss), unit: 'MB' });
      figures.push({ figure: 'backup.rss_baseline_mb', value: mb(baseline), unit: 'MB' });
      figures.push({ figure: 'backup.rss_growth_mb', value: mb(backup.peakRss - baseline), unit: 'MB' });

      await source.delete();
      collectGarbage();
      dialogs.openPath = dialogs.savePath;
      const restoreBaseline = process.memoryUsage().rss;
      const restore = await measured(async () => {
        const staged = await readBackup(port, dexieOptions);
        return restoreBackup(target, staged!, port);
      });
      log(`restored ${restore.result.expenses} expenses, ${restore.result.pending} waiting to sync; RSS ${mb(restoreBaseline)} MB before, peak ${mb(restore.peakRss)} MB`);
      figures.push({ figure: 'restore.100k_200_receipts_s', value: round1(restore.ms / 1000), unit: 's' });
      figures.push({ figure: 'restore.100k_200_receipts_cpu_s', value: round1(restore.cpuMs / 1000), unit: 's CPU' });
      figures.push({ figure: 'restore.peak_rss_mb', value: mb(restore.peakRss), unit: 'MB' });
      figures.push({ figure: 'restore.rss_growth_mb', value: mb(restore.peakRss - restoreBaseline), unit: 'MB' });
    } finally {
      await source.delete().catch(() => undefined);
      await target.delete();
      await rm(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
