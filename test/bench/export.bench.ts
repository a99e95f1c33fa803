/**
 * Issue 14's export and backup figures.
 *
 * CSV and PDF are measured in Node on the renderer's own modules (the same code the app runs),
 * with main's real file calls writing real files (each call copied as Electron's IPC copies it):
 * - export.csv_100k_ms: the list as filtered (in memory in the app: the list store holds it) to a
 *   saved file: cells, CSV text, UTF-8 bytes, the transfer to main and main's atomic write. The
 *   save dialog is answered at once.
 * - export.pdf_50_receipts_s: a report of 50 expenses, each with a receipt (photos and a 3-page PDF).
 *
 * `insights.render_100k_ms` is the real Insights view in Chromium over real IndexedDB
 * (./insights-render.ts); the backup and restore figures (`backup.100k_200_receipts_s`,
 * `backup.peak_rss_mb`: the renderer process's peak RSS, `backup.main_peak_rss_mb`,
 * `restore.100k_200_receipts_s`, …) are the built app in Chromium too (./backup-app.ts).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCsv } from '@renderer/export/save';
import { buildExpenseReport, type ReportReceipt } from '@renderer/export/pdf-report';
import { generateExpenses } from '../support/node/in-page/tools';
import { backupPort, mainAccount, scriptedDialogs } from '../support/node/backup-port';
import { createFileCalls } from '../../src/main/core/files/file-calls';
import { createDetachedDesktopCalls } from '../../src/main/core/tray/desktop-calls';
import { SentCreates } from '../../src/main/core/sync/sent-creates';
import { UploadLedger, memoryLedgerStore } from '../../src/main/core/receipts/ledger';
import { median, round1, type Bench, type Figure } from './bench';
import { insightsFigures } from './insights-render';
import { backupFigures } from './backup-app';
import { loadReportFonts } from '../support/node/report-fonts';

const COUNT = 100_000;
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

/** CSV and PDF; the 100,000 expenses made for them are let go after, so main's RSS figures do not carry them. */
async function csvAndPdfFigures(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const { expenses } = history();
  const dir = await mkdtemp(join(tmpdir(), 'courier-bench-export-'));
  try {
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

  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}

/**
 * `EXPORT_BENCH=backup npm run bench -- export` measures only the backup (no restore, no CSV, PDF
 * or Insights): a few minutes instead of many when working on the backup's memory.
 */
const only = process.env.EXPORT_BENCH;

export const bench: Bench = {
  name: 'export',
  async run(): Promise<Figure[]> {
    if (only === 'backup') return backupFigures({ restore: false });
    if (only) throw new Error(`EXPORT_BENCH=${only}: only "backup" is known`);
    return [...(await insightsFigures()), ...(await csvAndPdfFigures()), ...(await backupFigures({ restore: true }))];
  },
};
