/**
 * `npm run bench -- receipts`: time to store and upload 200 receipts of 2 MB each, and the peak
 * memory of the main-core process doing the uploads.
 *
 * - The renderer part runs the app's own code in Debian Chromium (bundled from
 *   test/support/browser/receipt-bench-page.ts): 200 expenses each get a 2 MB JPEG through the capture pipeline
 *   into IndexedDB, then `uploadPendingReceipts` hands them to main a few at a time.
 * - The main-core part is the real ReceiptUploader in its own Node process
 *   (test/bench/receipts/main-core.ts). The page's `receiptUpload` reaches it over loopback HTTP
 *   (binary body) and the fork IPC channel (structured clone), a stand-in for Electron's IPC; the
 *   e2e harness's Playwright binding would add ~250 ms of serialisation per 2 MB file, which is
 *   the test transport's cost, not the app's.
 * - The Kantata simulator runs in this process (it keeps every uploaded byte in memory, which is
 *   why it must not share the measured process).
 * Figures: receipts.upload_200_s (store + upload, seconds), receipts.store_200_s,
 * receipts.peak_rss_mb (main-core process, kernel high-water mark).
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchArgs, chromiumPath } from '../support/node/chromium';
import { bundleBrowserPage } from '../support/node/page-bundle';
import { startSimulator } from '../kantata-sim/index';
import { round1, type Bench, type Figure } from './bench';
import { forkChildCore, type ChildCore } from './child-core';
import type { FromCore, ToCore } from './receipts/main-core';

/** What the page script exposes (test/support/browser/receipt-bench-page.ts). */
interface BenchPage {
  receiptBench: {
    prepare(size: number): Promise<number>;
    store(count: number, size: number): Promise<number>;
    upload(): Promise<{ ms: number; callMs: number; uploaded: number; failed: number; firstError: string | null }>;
    linked(): Promise<number>;
  };
}

const COUNT = Number(process.env.RECEIPTS_BENCH_COUNT ?? 200);
const SIZE = 2 * 1024 * 1024;

const bundlePage = (): Promise<string> => bundleBrowserPage('test/support/browser/receipt-bench-page.ts', 'receiptBenchPage');

function startMainCore(): ChildCore<ToCore, FromCore> {
  return forkChildCore<ToCore, FromCore>(
    new URL('./receipts/main-core.ts', import.meta.url),
    (m) => ('id' in m ? `${m.type === 'failed' ? 'uploaded' : m.type}:${m.id}` : m.type),
  );
}

/** The page's side of `receiptUpload`: the bytes as the body, the rest in the query. */
function startBridge(core: ReturnType<typeof startMainCore>): Promise<{ server: Server; origin: string }> {
  let nextId = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/bench.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>receipts bench</title>');
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/receiptUpload') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = ++nextId;
      const q = url.searchParams;
      const answer = core.next('uploaded', id);
      core.call({
        type: 'upload',
        id,
        request: { receiptId: q.get('receiptId')!, hash: q.get('hash')!, fileName: q.get('fileName')!, mime: q.get('mime')!, bytes: new Uint8Array(Buffer.concat(chunks)) },
      });
      void answer.then((m: FromCore) => {
        if (m.type === 'uploaded') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ attachmentId: m.attachmentId, reused: false }));
        else res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: m.type === 'failed' ? m.message : 'unexpected' }));
      });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
    }),
  );
}

export const bench: Bench = {
  name: 'receipts',
  async run(): Promise<Figure[]> {
    const sim = await startSimulator({ seed: 'empty' });
    const dir = await mkdtemp(join(tmpdir(), 'receipts-bench-'));
    const core = startMainCore();
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumLaunchArgs, headless: true });
    const bridge = await startBridge(core);
    try {
      core.call({ type: 'init', baseUrl: sim.baseUrl, token: sim.token, ledgerPath: join(dir, 'receipt-uploads.json'), concurrency: 3 });
      await core.next('ready');
      const page = await browser.newPage();
      await page.goto(`${bridge.origin}/bench.html`);
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
        `receipts: stored ${COUNT} x ${SIZE / 1024 / 1024} MB in ${(storeMs / 1000).toFixed(1)} s, uploaded in ${(upload.ms / 1000).toFixed(1)} s (${stats.uploads} POSTs, ${(upload.callMs / 1000).toFixed(1)} s summed inside the page's receiptUpload calls, ${(stats.uploadMsSum / 1000).toFixed(1)} s inside the uploader; 3 at a time); main-core peak RSS ${(stats.peakRssBytes / 1024 / 1024).toFixed(0)} MB`,
      );
      return [
        { figure: 'receipts.upload_200_s', value: round1((storeMs + upload.ms) / 1000), unit: 's' },
        { figure: 'receipts.store_200_s', value: round1(storeMs / 1000), unit: 's' },
        { figure: 'receipts.peak_rss_mb', value: round1(stats.peakRssBytes / 1024 / 1024), unit: 'MB' },
      ];
    } finally {
      await browser.close();
      bridge.server.close();
      core.stop();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
