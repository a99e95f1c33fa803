/**
 * `npm run bench -- receipts`: time to store and upload 200 receipts of 2 MB each, and the peak
 * memory of the main-core process doing the uploads.
 *
 * - The renderer part runs the app's own code in Debian Chromium (bundled from
 *   test/support/browser/receipt-bench-page.ts): 200 expenses each get a 2 MB JPEG through the capture pipeline
 *   into IndexedDB, then `uploadPendingReceipts` hands them to main a few at a time.
 * - The main-core part is the real ReceiptUploader in its own Node process
 *   (test/bench/receipts/main-core.ts), reached as the contract would be (page binding -> IPC).
 * - The Kantata simulator runs in this process (it keeps every uploaded byte in memory, which is
 *   why it must not share the measured process).
 * Figures: receipts.upload_200_s (store + upload, seconds), receipts.store_200_s,
 * receipts.peak_rss_mb (main-core process, kernel high-water mark).
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { chromiumLaunchArgs, chromiumPath } from '../support/node/chromium';
import { startSimulator } from '../kantata-sim/index';
import { round1, type Bench, type Figure } from './bench';
import type { FromCore, ToCore } from './receipts/main-core';

/** What the page script exposes (test/support/browser/receipt-bench-page.ts). */
interface BenchPage {
  receiptBench: {
    prepare(size: number): Promise<number>;
    store(count: number, size: number): Promise<number>;
    upload(): Promise<{ ms: number; uploaded: number; failed: number; firstError: string | null }>;
    linked(): Promise<number>;
  };
}

const COUNT = 200;
const SIZE = 2 * 1024 * 1024;
const root = fileURLToPath(new URL('../..', import.meta.url));

async function bundlePage(): Promise<string> {
  const result = await build({
    configFile: false,
    // pdf.js (loaded on demand, unused here) warns about import.meta in an iife bundle.
    logLevel: 'error',
    root,
    resolve: { alias: { '@shared': join(root, 'src/shared'), '@renderer': join(root, 'src/renderer/src') } },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      emptyOutDir: false,
      minify: false,
      target: 'es2022',
      lib: { entry: join(root, 'test/support/browser/receipt-bench-page.ts'), formats: ['iife'], name: 'receiptBenchPage', fileName: () => 'page.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('receipts bench: no page bundle');
  return chunk.code;
}

function startMainCore(): { call: (m: ToCore) => void; next: <T extends FromCore['type']>(type: T, id?: number) => Promise<Extract<FromCore, { type: T }>>; stop: () => void } {
  const child = fork(fileURLToPath(new URL('./receipts/main-core.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (m: FromCore) => void>();
  child.on('message', (m: FromCore) => {
    const key = 'id' in m ? `${m.type === 'failed' ? 'uploaded' : m.type}:${m.id}` : m.type;
    const resolve = waiting.get(key);
    if (resolve) {
      waiting.delete(key);
      resolve(m);
    }
  });
  return {
    call: (m) => child.send(m),
    next: (type, id) =>
      new Promise((resolve) => waiting.set(id === undefined ? type : `${type}:${id}`, resolve as (m: FromCore) => void)),
    stop: () => child.disconnect(),
  };
}

export const bench: Bench = {
  name: 'receipts',
  async run(): Promise<Figure[]> {
    const sim = await startSimulator({ seed: 'empty' });
    const dir = await mkdtemp(join(tmpdir(), 'receipts-bench-'));
    const core = startMainCore();
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumLaunchArgs, headless: true });
    try {
      core.call({ type: 'init', baseUrl: sim.baseUrl, token: sim.token, ledgerPath: join(dir, 'receipt-uploads.json'), concurrency: 3 });
      await core.next('ready');
      const page = await browser.newPage();
      // An http origin for IndexedDB, without a server: the page is answered by Playwright.
      await page.route('http://127.0.0.1:9/bench.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
      await page.goto('http://127.0.0.1:9/bench.html');
      let nextId = 0;
      await page.exposeBinding('__benchReceiptUpload', async (_source, request: Extract<ToCore, { type: 'upload' }>['request']) => {
        const id = ++nextId;
        const answer = core.next('uploaded', id);
        core.call({ type: 'upload', id, request });
        const m = (await answer) as FromCore;
        if (m.type === 'failed') throw new Error(m.message);
        if (m.type !== 'uploaded') throw new Error('unexpected answer');
        return { attachmentId: m.attachmentId, reused: false };
      });
      await page.addScriptTag({ content: await bundlePage() });
      await page.evaluate((size) => (globalThis as unknown as BenchPage).receiptBench.prepare(size), SIZE);
      const storeMs = await page.evaluate(([count, size]) => (globalThis as unknown as BenchPage).receiptBench.store(count, size), [COUNT, SIZE] as const);
      const upload = await page.evaluate(() => (globalThis as unknown as BenchPage).receiptBench.upload());
      if (upload.failed > 0 || upload.uploaded !== COUNT) {
        throw new Error(`uploaded ${upload.uploaded}/${COUNT}, ${upload.failed} failed: ${upload.firstError}`);
      }
      const linked = await page.evaluate(() => (globalThis as unknown as BenchPage).receiptBench.linked());
      const onServer = sim.admin.listAttachments().length;
      if (linked !== COUNT || onServer !== COUNT) throw new Error(`linked ${linked}, on server ${onServer}`);
      core.call({ type: 'stats' });
      const stats = await core.next('stats');
      console.error(
        `receipts: stored ${COUNT} x ${SIZE / 1024 / 1024} MB in ${(storeMs / 1000).toFixed(1)} s, uploaded in ${(upload.ms / 1000).toFixed(1)} s (${stats.uploads} POSTs); main-core peak RSS ${(stats.peakRssBytes / 1024 / 1024).toFixed(0)} MB`,
      );
      return [
        { figure: 'receipts.upload_200_s', value: round1((storeMs + upload.ms) / 1000), unit: 's' },
        { figure: 'receipts.store_200_s', value: round1(storeMs / 1000), unit: 's' },
        { figure: 'receipts.peak_rss_mb', value: round1(stats.peakRssBytes / 1024 / 1024), unit: 'MB' },
      ];
    } finally {
      await browser.close();
      core.stop();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
