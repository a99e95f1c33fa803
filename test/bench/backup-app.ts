/**
 * Issue 14's backup and restore figures, for export.bench.ts, measured in the built app: the
 * renderer in Debian Chromium through the e2e harness (its real IndexedDB, seeded in the page
 * with 100,000 expenses of the app's shape and 200 receipts of 600 KiB of random bytes, a
 * prepared phone photo each), main's real core in this Node process writing the real file.
 *
 * - backup.100k_200_receipts_s: from the click on Settings → "Back up now" until the panel says
 *   it saved the file (the save dialog is answered at once): every table read in pages, the ZIP
 *   built and streamed to main in chunks (backupWriteBegin/Chunk/End), main's atomic write.
 * - backup.peak_rss_mb: the peak resident memory (RSS) of the renderer process that runs the
 *   window, during the backup. The process is found below this one in /proc and told from
 *   Chromium's other renderers by its CPU time (support/node/process-memory.ts); its peak is the
 *   kernel's high-water mark (VmHWM, reset just before), which no sampling gap can miss. RSS is
 *   the whole process: the app's JS heap (the list store holds the 100,000 expenses, as in the
 *   app), the backup's worker (a thread of the same process), array buffers, Blink and V8. Chrome's `performance.memory` and CDP's Performance
 *   metrics give only the JS heap, so they are not used. The book itself and the receipts' bytes
 *   are not in the renderer: IndexedDB lives in Chromium's storage service, Blobs in the browser
 *   process (their peaks are logged beside).
 * - backup.rss_baseline_mb: that renderer's RSS before the click, after a garbage collection,
 *   the list of 100,000 expenses loaded; backup.rss_growth_mb: peak minus baseline.
 * - backup.main_peak_rss_mb: the peak RSS of main's side, this Node process (in the app the
 *   Electron main process, which writes the file), which also runs the harness and Playwright;
 *   backup.main_rss_baseline_mb before the click.
 * - restore.100k_200_receipts_s and restore.peak_rss_mb (renderer) / restore.main_peak_rss_mb:
 *   that file restored in a fresh profile (another laptop: no question asked), from the click on
 *   "Restore from a backup…" until the panel says it restored (read and checked into a scratch
 *   database, upgraded, copied in), with the renderer's and main's RSS the same way.
 * The chunks cross between the page and this process as raw bytes over HTTP beside the harness's
 * Playwright binding (support/node/ipc-bytes.ts), as Electron's IPC copies them; through the
 * binding as base64 JSON they made ~330 MB of strings in the renderer that the app never makes,
 * and posted as arrays rather than Blobs, DevTools copied each into its network events as base64
 * (~100 ms per 512 KiB chunk: 41 of the 47 s a backup took). The harness's transport still costs
 * more than Electron's IPC (~18 ms per chunk), so these figures are on the safe side.
 * Needs `npm run build` first.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumProcesses, rendererPid, rssBytes, watchPeakRss } from '../support/node/process-memory';
import { startHarness, type Harness } from '../e2e/harness';
import { round1, type Figure } from './bench';
import { BOOK_EXPENSES as COUNT, openSeededWindow } from './seeded-window';

const RECEIPTS = 200;
const RECEIPT_BYTES = 600 * 1024;
const log = (message: string): void => void process.stderr.write(`  backup: ${message}\n`);
const mb = (bytes: number): number => round1(bytes / (1024 * 1024));

v8.setFlagsFromString('--expose-gc');
const collectNodeGarbage = vm.runInNewContext('gc') as () => void;

export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByTestId('backup-panel').waitFor();
}

/** Both processes' garbage collected, so what the step before left behind does not count. */
async function collectGarbage(harness: Harness, page: Page): Promise<void> {
  const session = await harness.context.newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  await session.detach();
  collectNodeGarbage();
  await new Promise((resolve) => setTimeout(resolve, 500));
}

interface Measured {
  seconds: number;
  notice: string;
  renderer: { baseline: number; peak: number };
  main: { baseline: number; peak: number };
}

/**
 * Clicks `button` in the backup panel and waits until the panel reports (its notice) or fails
 * (its problem, thrown), watching the renderer's and this process's resident memory meanwhile.
 */
async function measureClick(harness: Harness, page: Page, button: string): Promise<Measured> {
  const renderer = await rendererPid(page);
  await collectGarbage(harness, page);
  const others = chromiumProcesses().filter((p) => p.type === 'browser' || p.type === 'utility');
  const baseline = { renderer: rssBytes(renderer), main: rssBytes(process.pid) };
  const watch = watchPeakRss([renderer, process.pid, ...others.map((p) => p.pid)]);
  const start = performance.now();
  let peaks: Map<number, number>;
  try {
    await page.getByTestId(button).click();
    await page.waitForFunction(
      () => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
        return doc.querySelector('[data-testid=backup-notice]') !== null || doc.querySelector('[data-testid=backup-problem]') !== null;
      },
      undefined,
      { polling: 'raf', timeout: 900_000 },
    );
  } finally {
    peaks = watch.stop();
  }
  const seconds = (performance.now() - start) / 1000;
  const problem = page.getByTestId('backup-problem');
  if (await problem.count()) throw new Error(`${button} failed: ${await problem.textContent()}`);
  for (const other of others) log(`  Chromium ${other.type === 'browser' ? 'browser process (Blobs)' : `utility ${other.pid}`}: peak ${mb(peaks.get(other.pid)!)} MB`);
  return {
    seconds,
    notice: (await page.getByTestId('backup-notice').textContent()) ?? '',
    renderer: { baseline: baseline.renderer, peak: peaks.get(renderer)! },
    main: { baseline: baseline.main, peak: peaks.get(process.pid)! },
  };
}

function figuresOf(name: 'backup' | 'restore', m: Measured): Figure[] {
  return [
    { figure: `${name}.100k_200_receipts_s`, value: round1(m.seconds), unit: 's (Chromium, built app)' },
    { figure: `${name}.peak_rss_mb`, value: mb(m.renderer.peak), unit: 'MB (renderer process RSS)' },
    { figure: `${name}.rss_baseline_mb`, value: mb(m.renderer.baseline), unit: 'MB (renderer, before)' },
    { figure: `${name}.rss_growth_mb`, value: mb(m.renderer.peak - m.renderer.baseline), unit: 'MB (renderer)' },
    { figure: `${name}.main_peak_rss_mb`, value: mb(m.main.peak), unit: 'MB (main side: harness Node process)' },
    { figure: `${name}.main_rss_baseline_mb`, value: mb(m.main.baseline), unit: 'MB (main side, before)' },
  ];
}

/** `restore: false` measures the backup only. */
export async function backupFigures(options: { restore: boolean }): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'courier-bench-backup-'));
  const file = join(dir, 'bench.ecbackup');
  try {
    let backup: Measured;
    const harness = await startHarness({ startScheduler: false });
    try {
      log(`seeding ${COUNT} expenses and ${RECEIPTS} receipts of ${RECEIPT_BYTES / 1024} KiB in Chromium's IndexedDB`);
      const { page } = await openSeededWindow(harness, { count: RECEIPTS, bytes: RECEIPT_BYTES });
      await openSettings(page);
      harness.dialogs.savePath = file;
      backup = await measureClick(harness, page, 'backup-now');
      log(`${backup.notice}; file ${mb((await stat(file)).size)} MB`);
      if (harness.problems.length > 0) log(`page problems: ${harness.problems.map((p) => p.text).join(' | ')}`);
    } finally {
      await harness.close();
    }

    if (!options.restore) {
      log(`backup: ${round1(backup.seconds)} s; renderer RSS ${mb(backup.renderer.baseline)} MB before, peak ${mb(backup.renderer.peak)} MB; main ${mb(backup.main.baseline)} MB before, peak ${mb(backup.main.peak)} MB`);
      return figuresOf('backup', backup);
    }
    let restore: Measured;
    const fresh = await startHarness({ startScheduler: false, sim: false });
    try {
      const page = await fresh.openMainWindow();
      await openSettings(page);
      fresh.dialogs.openPath = file;
      restore = await measureClick(fresh, page, 'restore-backup');
      log(restore.notice);
      if (fresh.problems.length > 0) log(`page problems: ${fresh.problems.map((p) => p.text).join(' | ')}`);
    } finally {
      await fresh.close();
    }
    for (const [name, m] of [['backup', backup], ['restore', restore]] as const) {
      log(`${name}: ${round1(m.seconds)} s; renderer RSS ${mb(m.renderer.baseline)} MB before, peak ${mb(m.renderer.peak)} MB; main ${mb(m.main.baseline)} MB before, peak ${mb(m.main.peak)} MB`);
    }
    return [...figuresOf('backup', backup), ...figuresOf('restore', restore)];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
