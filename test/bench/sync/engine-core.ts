/**
 * The main-core process of the sync bench: the real SyncEngine (KantataClient over fetch, default
 * tuning, the sent-creates ledger in a JSON file as the shell keeps it) in its own Node process, so
 * its peak RSS is measured alone (the simulator, holding every record, runs in the bench process).
 * A round arrives as the JSON text the page sent and leaves as JSON text, validated on both sides by
 * the contract's schemas as src/main/core/ipc/dispatch.ts does.
 */
import { readFileSync } from 'node:fs';
import { PullChunkRequestSchema, PullChunkResultSchema } from '@shared/protocol/first-download';
import { SyncRoundRequestSchema, SyncRoundResultSchema } from '@shared/protocol/round';
import { createJsonFileStore } from '../../../src/main/core/desktop/json-file-store';
import { KantataClient } from '../../../src/main/core/kantata/client';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { SentCreates } from '../../../src/main/core/sync/sent-creates';

export type ToCore =
  /** `sentCreatesPath`: where the engine records when it sent each create (the shell: userData/sync-sent-creates.json). */
  | { type: 'init'; baseUrl: string; token: string; sentCreatesPath: string }
  | { type: 'round'; id: number; json: string }
  | { type: 'chunk'; id: number; json: string }
  | { type: 'stats' };

export interface RoundTimes {
  /** Inside SyncEngine.runRound. */
  engineMs: number;
  /** JSON.parse + request schema, and result schema + JSON.stringify. */
  decodeMs: number;
  encodeMs: number;
  requests: number;
}

export type FromCore =
  | { type: 'ready'; concurrency: number; pullConcurrency: number; pageSize: number }
  | { type: 'round'; id: number; json: string; times: RoundTimes }
  | { type: 'failed'; id: number; message: string }
  | { type: 'stats'; peakRssBytes: number };

let engine: SyncEngine | null = null;
let sampledPeak = 0;
const send = (message: FromCore): void => void process.send?.(message);

/** The kernel's high-water mark of this process's resident set (VmHWM), in bytes. */
function kernelPeakRss(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())), 20);

/** One `syncPullChunk` call of the first download; its times add up in the bench process. */
async function chunk(id: number, json: string): Promise<void> {
  const t0 = performance.now();
  const request = PullChunkRequestSchema.parse(JSON.parse(json));
  const t1 = performance.now();
  const result = await engine!.pullChunk(request);
  const t2 = performance.now();
  const out = JSON.stringify(PullChunkResultSchema.parse(result));
  const t3 = performance.now();
  send({ type: 'round', id, json: out, times: { decodeMs: t1 - t0, engineMs: t2 - t1, encodeMs: t3 - t2, requests: 0 } });
}

async function round(id: number, json: string): Promise<void> {
  const t0 = performance.now();
  const request = SyncRoundRequestSchema.parse(JSON.parse(json));
  const t1 = performance.now();
  const result = await engine!.runRound(request);
  const t2 = performance.now();
  const out = JSON.stringify(SyncRoundResultSchema.parse(result));
  const t3 = performance.now();
  send({ type: 'round', id, json: out, times: { decodeMs: t1 - t0, engineMs: t2 - t1, encodeMs: t3 - t2, requests: result.stats.requests } });
}

process.on('message', (message: ToCore) => {
  if (message.type === 'init') {
    const client = new KantataClient({ baseUrl: message.baseUrl, token: message.token, timeoutMs: 60_000 });
    // SYNC_BENCH_PULL_CONCURRENCY tries another pull width without editing the engine's default.
    const pullConcurrency = Number(process.env.SYNC_BENCH_PULL_CONCURRENCY ?? 0);
    engine = new SyncEngine({
      client,
      // Written before every bulk create leaves, as in the app (src/main/index.ts), so its cost is measured.
      sentCreates: new SentCreates(createJsonFileStore(message.sentCreatesPath)),
      ...(pullConcurrency > 0 && { pull: { concurrency: pullConcurrency } }),
    });
    const d = engine.deps;
    send({ type: 'ready', concurrency: d.concurrency, pullConcurrency: d.pull.concurrency, pageSize: d.pull.pageSize });
  } else if (message.type === 'round') {
    round(message.id, message.json).catch((e: unknown) => send({ type: 'failed', id: message.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
  } else if (message.type === 'chunk') {
    chunk(message.id, message.json).catch((e: unknown) => send({ type: 'failed', id: message.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
  } else if (message.type === 'stats') {
    send({ type: 'stats', peakRssBytes: Math.max(sampledPeak, kernelPeakRss()) });
  }
});

process.on('disconnect', () => {
  clearInterval(sampler);
  process.exit(0);
});
