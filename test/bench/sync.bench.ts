/**
 * `npm run bench -- sync`: issue 4's push and pull figures, with the app's own code end to end.
 *
 * - Renderer: Debian Chromium runs the renderer's code (bundled from
 *   test/support/browser/sync-bench-page.ts) on real IndexedDB: the user's changes are queued with
 *   saveExpense/deleteExpense, and rounds run as the sync runner runs them (prepareRound →
 *   syncRound → applyRoundResult).
 * - Main: the real SyncEngine with its default tuning in its own Node process
 *   (test/bench/sync/engine-core.ts), reached over loopback HTTP + fork IPC with the contract's
 *   schemas applied on both sides, so its peak RSS is its own.
 * - Server: the Kantata simulator in this process, with 100 ms added to EVERY API request.
 *
 * Push: 3,000 synced expenses on the server, downloaded first; then 10,000 queued operations
 * (MIX below: creates, edits of new and of synced expenses, deletes of new and of synced ones).
 * After coalescing: creates 4,500 (45 bulk POSTs), deletes 1,000 (10 bulk DELETEs), updates 1,000
 * (one PUT each): lower bound = ceil(creates/100) + ceil(deletes/100) + updates = 1,055 requests.
 * Issued = writes (POST/PUT/DELETE) + any GET that is not a page of the pull (look-ups by id or by
 * external reference), counted from the simulator's request log during the push round.
 *
 * Ideal wall time: every request costs at least L = 100 ms and the engine keeps at most C
 * requests in flight. The round first pulls (page 1, then the other P-1 pages Cp at a time), then
 * pushes B bulk requests and U PUTs through a pool of C:
 *   ideal = L * (1 + ceil((P - 1) / Cp)) + L * ceil((B + U) / C)
 * (the push round's pull is one empty page: the server clock is moved past the overlap window, so
 * P = 1). Wall = time inside SyncEngine.runRound; the page-side total is printed too.
 *
 * Pull: 50,000 expenses on a fresh simulator (same 100 ms latency), a fresh database, one first
 * round through the engine and applyRoundResult: expenses per second of wall time from
 * prepareRound to the end of the apply transaction (pull.expenses_per_s). The same download again
 * into another fresh database without the added latency (pull.expenses_per_s_no_latency), and the
 * apply transaction alone (pull.apply_expenses_per_s), say where the time goes. Each download also
 * logs the CPU seconds of each process (Linux /proc): Chromium (renderer and IndexedDB), the main
 * core, and this process (the simulator and the loopback bridge), beside Chromium's CPU for the
 * floor's writes. All of them share this machine's cores, so the ratio to the floor is only as
 * good as the machine is quiet: the load average is logged with them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { ExpenseFields } from '@shared/model/expense';
import { chromiumLaunchArgs, chromiumPath } from '../support/node/chromium';
import { bundleBrowserPage } from '../support/node/page-bundle';
import { cpuByLabel, cpuSince } from '../support/node/process-cpu';
import type { QueueMix, RoundMeasure } from '../support/browser/sync-bench-types';
import { startSimulator, type RunningSimulator, type RequestLogEntry } from '../kantata-sim/index';
import { median, round1, type Bench, type Figure } from './bench';
import { forkChildCore, type ChildCore } from './child-core';
import type { FromCore, RoundTimes, ToCore } from './sync/engine-core';

const LATENCY_MS = 100;
const SYNCED = 3_000;
const PULL_COUNT = Number(process.env.SYNC_BENCH_PULL ?? 50_000);
const MIX: QueueMix = {
  creates: 5_000,
  editsOfNew: 2_000,
  deletesOfNew: 500,
  editsOfSynced: 1_200,
  secondEditsOfSynced: 300,
  deletesOfSynced: 1_000,
  deletesOfEdited: 200,
};
const QUEUED = MIX.creates + MIX.editsOfNew + MIX.deletesOfNew + MIX.editsOfSynced + MIX.secondEditsOfSynced + MIX.deletesOfSynced;
const EXPECT = {
  creates: MIX.creates - MIX.deletesOfNew,
  deletes: MIX.deletesOfSynced,
  updates: MIX.editsOfSynced - MIX.deletesOfEdited,
};

const log = (message: string): void => void process.stderr.write(`  sync: ${message}\n`);

interface PageApi {
  syncBench: {
    open(name: string): Promise<void>;
    queue(mix: QueueMix, fields: ExpenseFields): Promise<{ outbox: number; ms: number }>;
    round(roundId: string): Promise<RoundMeasure>;
    counts(): Promise<{ expenses: number; live: number; outbox: number; pending: number }>;
    rawWriteFloor(pageSize: number): Promise<{ rows: number; ms: number }>;
    close(): Promise<void>;
  };
}

const bundlePage = (): Promise<string> => bundleBrowserPage('test/support/browser/sync-bench-page.ts', 'syncBenchPage');

type Ready = Extract<FromCore, { type: 'ready' }>;

function startMainCore(): ChildCore<ToCore, FromCore> {
  // SYNC_BENCH_PROFILE=dir also writes the engine process's CPU profile there.
  return forkChildCore<ToCore, FromCore>(
    new URL('./sync/engine-core.ts', import.meta.url),
    (m) => ('id' in m ? `round:${m.id}` : m.type),
    process.env.SYNC_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SYNC_BENCH_PROFILE}`] : [],
  );
}

/** The page's side of `syncRound`: the request's JSON in, the result's JSON out; main's timings kept. */
type MainCore = ReturnType<typeof startMainCore>;

function startBridge(current: () => MainCore, times: RoundTimes[]): Promise<{ server: Server; origin: string }> {
  let nextId = 0;
  const chunkTimes: RoundTimes[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/bench.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>sync bench</title>');
      return;
    }
    if (req.method !== 'POST' || (url.pathname !== '/syncRound' && url.pathname !== '/syncPullChunk')) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = ++nextId;
      const core = current();
      const answer = core.next('round', id) as Promise<FromCore>;
      const isChunk = url.pathname === '/syncPullChunk';
      core.call({ type: isChunk ? 'chunk' : 'round', id, json: Buffer.concat(chunks).toString('utf8') });
      void answer.then((m) => {
        if (m.type === 'round') {
          // A first download's chunks count into the round that follows them.
          if (isChunk) chunkTimes.push(m.times);
          else {
            const sum = (k: keyof RoundTimes): number => chunkTimes.reduce((total, t) => total + t[k], m.times[k]);
            times.push({ decodeMs: sum('decodeMs'), engineMs: sum('engineMs'), encodeMs: sum('encodeMs'), requests: m.times.requests });
            chunkTimes.length = 0;
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end(m.json);
        } else res.writeHead(500).end(m.type === 'failed' ? m.message : 'unexpected');
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

interface World {
  sim: RunningSimulator;
  fields: ExpenseFields;
}

async function world(serverExpenses: number): Promise<World> {
  const sim = await startSimulator({ seed: 'empty' });
  const ws = sim.admin.addWorkspace({ title: 'Bench project', currency: 'USD' });
  const category = sim.admin.state().categories.find((c) => c.name === 'Travel');
  if (!category) throw new Error('the simulator has no Travel category');
  for (let i = 0; i < serverExpenses; i++) {
    sim.admin.addExpense(sim.userId, {
      workspace_id: ws.id,
      date: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      expense_category_id: category.id,
      category: category.name,
      amount_in_cents: 100 + (i % 9_000),
      notes: `Server expense ${i}`,
    });
  }
  const fields: ExpenseFields = {
    workspaceId: ws.id,
    date: '2026-11-20',
    categoryId: category.id,
    category: category.name,
    amountCents: 1250,
    currency: 'USD',
    foreignAmount: null,
    notes: 'Offline',
    billable: false,
    reimbursable: true,
    vendorId: null,
    storyId: null,
    expenseBudgetId: null,
    receiptId: null,
  };
  return { sim, fields };
}

/** Which part of the bench a descendant process is (process-cpu.ts); 'self' is this process: the simulator and the bridge. */
const cpuLabel = (cmdline: string): string | null => (cmdline.includes('engine-core') ? 'main core' : /chrom/i.test(cmdline) ? 'Chromium' : null);
const describeCpu = (cpu: ReadonlyMap<string, number>): string =>
  [...cpu].map(([name, s]) => `${name === 'self' ? 'simulator + bridge' : name} ${s.toFixed(1)}`).join(', ');

const isPullPage = (r: RequestLogEntry): boolean =>
  r.method === 'GET' && r.path === '/expenses' && r.query.page !== undefined && r.query.only === undefined && r.query.external_reference_service_model_refs === undefined;
const isWrite = (r: RequestLogEntry): boolean => r.method !== 'GET' && r.path.startsWith('/expenses');

/** Where the page's main thread spends the full download (SYNC_BENCH_PROFILE set): self time by function. */
async function startPageProfile(page: Page): Promise<() => Promise<string>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples?.forEach((id, i) => {
      const frame = byId.get(id)!.callFrame;
      const key = `${frame.functionName || '(anonymous)'} :${frame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
    });
    return [...self].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, ms]) => `    ${Math.round(ms)} ms ${k}`).join('\n');
  };
}

async function runRound(page: Page, roundId: string): Promise<RoundMeasure> {
  return page.evaluate((id) => (globalThis as unknown as PageApi).syncBench.round(id), roundId);
}

/** The 10,000-operation push round; returns its figures (see the header for the formula). */
async function measurePush(page: Page, core: MainCore, times: RoundTimes[], worlds: World[], dir: string): Promise<Figure[]> {
  // ---------------------------------------------------------------- push
  const push = await world(SYNCED);
  worlds.push(push);
  const pushSim = push.sim;
  core.call({ type: 'init', baseUrl: pushSim.baseUrl, token: pushSim.token, sentCreatesPath: join(dir, 'push-sent-creates.json') });
  const ready = (await core.next('ready')) as Ready;
  // The download's cursor lands past the overlap window of what was just seeded, so the push
  // round's pull is one empty page, as it is for a user who was simply offline for a while.
  pushSim.admin.setClock(5 * 60_000);
  await page.evaluate((name) => (globalThis as unknown as PageApi).syncBench.open(name), 'sync-bench-push');
  const download = await runRound(page, 'download');
  if (download.status !== 'ok' || download.puts !== SYNCED) throw new Error(`first download: ${JSON.stringify(download)}`);
  const queued = await page.evaluate(([mix, fields]) => (globalThis as unknown as PageApi).syncBench.queue(mix, fields), [MIX, push.fields] as const);
  if (queued.outbox !== QUEUED) throw new Error(`queued ${queued.outbox} outbox entries, meant ${QUEUED}`);
  log(`queued ${queued.outbox} operations through saveExpense/deleteExpense in ${Math.round(queued.ms)} ms`);

  pushSim.admin.injectFault({ kind: 'latency', ms: LATENCY_MS });
  pushSim.admin.clearRequestLog();
  const pushRound = await runRound(page, 'push');
  const pushTimes = times.at(-1)!;
  const requests = pushSim.admin.requestLog();
  const after = await page.evaluate(() => (globalThis as unknown as PageApi).syncBench.counts());
  if (pushRound.status !== 'ok' || after.outbox !== 0 || after.pending !== 0) {
    throw new Error(`push round did not settle everything: ${JSON.stringify({ pushRound, after })}`);
  }
  const onServer = pushSim.admin.listExpenses({ userId: pushSim.userId }).length;
  const expectedOnServer = SYNCED - EXPECT.deletes + EXPECT.creates;
  if (onServer !== expectedOnServer || after.live !== expectedOnServer) {
    throw new Error(`server has ${onServer}, local ${after.live}, expected ${expectedOnServer}`);
  }
  const writes = requests.filter(isWrite);
  const pullPages = requests.filter(isPullPage);
  const extraGets = requests.filter((r) => r.method === 'GET' && !isPullPage(r));
  const bulkCreates = writes.filter((r) => r.method === 'POST').length;
  const bulkDeletes = writes.filter((r) => r.method === 'DELETE').length;
  const puts = writes.filter((r) => r.method === 'PUT').length;
  const issued = writes.length + extraGets.length;
  const lowerBound = Math.ceil(EXPECT.creates / 100) + Math.ceil(EXPECT.deletes / 100) + EXPECT.updates;
  const c = ready.concurrency;
  const cp = ready.pullConcurrency;
  const pullIdeal = LATENCY_MS * (1 + Math.ceil(Math.max(0, pullPages.length - 1) / cp));
  const pushIdeal = LATENCY_MS * Math.ceil((bulkCreates + bulkDeletes + puts) / c);
  const ideal = pullIdeal + pushIdeal;
  const wall = pushTimes.engineMs;
  log(
    `push round: ${pushRound.outboxSent} outbox entries -> ${JSON.stringify(pushRound.outcomes)}; requests: ${bulkCreates} POST, ${bulkDeletes} DELETE, ${puts} PUT, ${extraGets.length} extra GET, ${pullPages.length} pull page(s); lower bound ${lowerBound}`,
  );
  log(
    `ideal = L*(1+ceil((P-1)/Cp)) + L*ceil((B+U)/C) = ${LATENCY_MS}*(1+ceil(${pullPages.length - 1}/${cp})) + ${LATENCY_MS}*ceil((${bulkCreates + bulkDeletes}+${puts})/${c}) = ${ideal} ms; engine wall ${Math.round(wall)} ms; page total ${Math.round(pushRound.totalMs)} ms (prepare ${Math.round(pushRound.prepareMs)}, call ${Math.round(pushRound.callMs)}, apply ${Math.round(pushRound.applyMs)})`,
  );
  await page.evaluate(() => (globalThis as unknown as PageApi).syncBench.close());

  return [
    { figure: 'sync.requests_ratio', value: Math.round((issued / lowerBound) * 100) / 100, unit: `x (${issued}/${lowerBound}; target 1.0)` },
    { figure: 'sync.wall_ratio', value: Math.round((wall / ideal) * 100) / 100, unit: `x (${round1(wall / 1000)} s / ${round1(ideal / 1000)} s at C=${c}; target <= 1.3)` },
    { figure: 'sync.naive_requests_ratio', value: Math.round((QUEUED / issued) * 100) / 100, unit: `x (${QUEUED}/${issued})` },
  ];
}

export const bench: Bench = {
  name: 'sync',
  async run(): Promise<Figure[]> {
    const times: RoundTimes[] = [];
    // One engine process per part, so each peak RSS is that part's own.
    let core = startMainCore();
    const bridge = await startBridge(() => core, times);
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumLaunchArgs, headless: true });
    const worlds: World[] = [];
    const dir = await mkdtemp(join(tmpdir(), 'sync-bench-'));
    try {
      const code = await bundlePage();
      const page = await browser.newPage();
      await page.goto(`${bridge.origin}/bench.html`);
      await page.addScriptTag({ content: code });

      const figures: Figure[] = [];
      // SYNC_BENCH_ONLY=pull skips the push part (when working on the download).
      if (process.env.SYNC_BENCH_ONLY !== 'pull') {
        figures.push(...(await measurePush(page, core, times, worlds, dir)));
        core.call({ type: 'stats' });
        const stats = await core.next('stats');
        figures.push({ figure: 'sync.peak_rss_mb', value: round1(stats.peakRssBytes / 1024 / 1024), unit: 'MB (engine process, 10,000-operation round)' });
        core.stop();
        core = startMainCore();
      }

      // ---------------------------------------------------------------- pull
      const pull = await world(PULL_COUNT);
      worlds.push(pull);
      core.call({ type: 'init', baseUrl: pull.sim.baseUrl, token: pull.sim.token, sentCreatesPath: join(dir, 'pull-sent-creates.json') });
      const ready = (await core.next('ready')) as Ready;
      const cp = ready.pullConcurrency;
      // The download lists records last changed before the server's current second (main's
      // sync/pull.ts): the seeded ones must be in the past, or the last second of them is left to
      // the next round.
      pull.sim.admin.setClock(5_000);
      // A fresh database each time: the same first download with 100 ms per request, then without
      // added latency (what is left is this machine's server, engine and IndexedDB time).
      const download = async (label: string, latencyMs: number): Promise<RoundMeasure> => {
        pull.sim.admin.clearFaults();
        if (latencyMs > 0) pull.sim.admin.injectFault({ kind: 'latency', ms: latencyMs });
        await page.evaluate((name) => (globalThis as unknown as PageApi).syncBench.open(name), `sync-bench-pull-${label}`);
        pull.sim.admin.clearRequestLog();
        const cpuBefore = cpuByLabel(cpuLabel);
        const profiler = process.env.SYNC_BENCH_PROFILE ? await startPageProfile(page) : null;
        const full = await runRound(page, `full-download-${label}`);
        if (profiler) log(`page profile (self time):\n${await profiler()}`);
        const main = times.at(-1)!;
        const cpuDownload = cpuSince(cpuBefore, cpuByLabel(cpuLabel));
        const cpuReadBefore = cpuByLabel(cpuLabel);
        // Reads every stored row, as the floor does before it writes them: its CPU is subtracted below.
        const stored = await page.evaluate(() => (globalThis as unknown as PageApi).syncBench.counts());
        const cpuRead = cpuSince(cpuReadBefore, cpuByLabel(cpuLabel));
        if (full.status !== 'ok' || stored.expenses !== PULL_COUNT) throw new Error(`full download stored ${stored.expenses}: ${JSON.stringify(full)}`);
        const pages = pull.sim.admin.requestLog().filter(isPullPage);
        const serverMs = pages.reduce((sum, r) => sum + r.durationMs, 0) / pages.length - latencyMs;
        log(
          `full download of ${PULL_COUNT}, ${latencyMs} ms latency: ${Math.round(full.totalMs)} ms = prepare ${Math.round(full.prepareMs)} + call ${Math.round(full.callMs)} (main: decode ${Math.round(main.decodeMs)}, engine ${Math.round(main.engineMs)}, encode ${Math.round(main.encodeMs)}) + apply ${Math.round(full.applyMs)}; ${pages.length} pages of ${ready.pageSize}, ${cp} at a time, ${Math.round(serverMs)} ms each at the server beyond the latency`,
        );
        const cpuFloorBefore = cpuByLabel(cpuLabel);
        const floor = await page.evaluate((size) => (globalThis as unknown as PageApi).syncBench.rawWriteFloor(size), ready.pageSize);
        log(`the same ${floor.rows} rows written again with raw IndexedDB (same key and indexes, no app code): ${Math.round(floor.ms)} ms`);
        const cpuFloor = cpuSince(cpuFloorBefore, cpuByLabel(cpuLabel));
        const chromiumCpu = (cpu: ReadonlyMap<string, number>): number => cpu.get('Chromium') ?? 0;
        const total = (cpu: ReadonlyMap<string, number>): number => [...cpu.values()].reduce((a, b) => a + b, 0);
        log(
          `CPU seconds, download: ${describeCpu(cpuDownload)} (total ${total(cpuDownload).toFixed(1)}); floor: Chromium ${(chromiumCpu(cpuFloor) - chromiumCpu(cpuRead)).toFixed(1)} (${chromiumCpu(cpuFloor).toFixed(1)} minus ${chromiumCpu(cpuRead).toFixed(1)} for reading the rows back); load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
        );
        floors.push(floor.ms);
        await page.evaluate(() => (globalThis as unknown as PageApi).syncBench.close());
        return full;
      };
      const floors: number[] = [];
      const slow = await download('latency', LATENCY_MS);
      const fast = await download('local', 0);
      const perSecond = (ms: number): number => Math.round(PULL_COUNT / (ms / 1000));

      core.call({ type: 'stats' });
      const stats = await core.next('stats');
      figures.push(
        { figure: 'pull.peak_rss_mb', value: round1(stats.peakRssBytes / 1024 / 1024), unit: 'MB (engine process, 50,000-expense downloads)' },
        { figure: 'pull.expenses_per_s', value: perSecond(slow.totalMs), unit: `/s (${PULL_COUNT} in ${round1(slow.totalMs / 1000)} s at ${LATENCY_MS} ms; target >= 10000)` },
        { figure: 'pull.expenses_per_s_no_latency', value: perSecond(fast.totalMs), unit: `/s (${round1(fast.totalMs / 1000)} s)` },
        { figure: 'pull.apply_expenses_per_s', value: perSecond(slow.applyMs), unit: `/s (storing, where not overlapped with waiting for main: ${round1(slow.applyMs / 1000)} s)` },
        // The ceiling IndexedDB itself puts on this machine (median of both downloads' rows rewritten).
        { figure: 'pull.idb_floor_expenses_per_s', value: perSecond(median(floors)), unit: `/s (raw IndexedDB put of the stored rows, ${round1(median(floors) / 1000)} s)` },
      );
      return figures;
    } finally {
      await browser.close();
      bridge.server.close();
      core.stop();
      for (const w of worlds) await w.sim.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
