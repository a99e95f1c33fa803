/**
 * The sync engine: one per connection. It resolves its options once and hands them to each round
 * (round.ts) and to each chunk of a first download (pull-chunk.ts); the steps of a round live in
 * creates.ts, updates.ts, deletes.ts and duplicates.ts, around round-context.ts.
 */
import type { PullChunkRequest, PullChunkResult } from '@shared/protocol/first-download';
import type { SyncProgress, SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import type { KantataClient } from '../kantata/client';
import { sleep as defaultSleep } from '../kantata/client';
import { memoryLedgerStore } from '../receipts/ledger';
import { coalesce } from './coalesce';
import { SERVER_REQUEST_LIMIT_MS, type EngineDeps, type SyncLog } from './engine-deps';
import { DEFAULT_PULL, type PullOptions } from './pull';
import { pullChunk, type ChunkShared } from './pull-chunk';
import { DEFAULT_RETRY, Limiter, type RetryPolicy } from './retry';
import { runRound } from './round';
import { SentCreates } from './sent-creates';

export { SERVER_REQUEST_LIMIT_MS, type SyncLog } from './engine-deps';

export interface SyncEngineOptions {
  client: KantataClient;
  retry?: Partial<RetryPolicy>;
  pull?: Partial<PullOptions>;
  /** Concurrent requests in the push phase (updates, batches). */
  concurrency?: number;
  createBatchSize?: number;
  deleteBatchSize?: number;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onProgress?: (progress: SyncProgress) => void;
  /** When each create was last sent (default: in memory). Share one across engines of a process. */
  sentCreates?: SentCreates;
  /** How long after sending a create Kantata may still commit it (default 3 minutes + a margin). */
  serverRequestLimitMs?: number;
  log?: SyncLog;
}

export class SyncEngine {
  /** The options with their defaults filled in (read-only to others: the sync bench reports them). */
  readonly deps: Readonly<EngineDeps>;
  /** Shared by the chunks of a download in flight (the renderer asks for the next ones early). */
  private readonly chunks: ChunkShared;

  constructor(opts: SyncEngineOptions) {
    const pull = { ...DEFAULT_PULL, ...opts.pull };
    this.deps = {
      client: opts.client,
      policy: { ...DEFAULT_RETRY, ...opts.retry },
      pull,
      concurrency: opts.concurrency ?? 4,
      createBatchSize: Math.min(100, opts.createBatchSize ?? 100),
      deleteBatchSize: Math.min(100, opts.deleteBatchSize ?? 100),
      now: opts.now ?? Date.now,
      random: opts.random ?? Math.random,
      sleep: opts.sleep ?? defaultSleep,
      onProgress: opts.onProgress ?? (() => {}),
      sentCreates: opts.sentCreates ?? new SentCreates(memoryLedgerStore()),
      // A margin over Kantata's limit: the client's clock and the server's may not run at one rate.
      serverRequestLimitMs: opts.serverRequestLimitMs ?? SERVER_REQUEST_LIMIT_MS + 30_000,
      log: opts.log ?? (() => {}),
    };
    this.chunks = { pages: new Limiter(pull.concurrency), progress: { roundId: '', done: 0 } };
  }

  async runRound(request: SyncRoundRequest): Promise<SyncRoundResult> {
    return runRound(this.deps, request);
  }

  /** One chunk of a first full download (protocol: PullChunkRequest). */
  async pullChunk(request: PullChunkRequest): Promise<PullChunkResult> {
    return pullChunk(this.deps, this.chunks, request);
  }
}

/** The answer to a round that could not talk to the server at all (not connected, paused): nothing settled. */
export function unsentResult(request: SyncRoundRequest, status: 'not-connected' | 'auth-required', message: string): SyncRoundResult {
  const now = Date.now();
  const ops = coalesce(request.outbox, request.expenses);
  return {
    roundId: request.roundId,
    status,
    settlements: ops.map((op) => ({
      expenseId: op.expenseId,
      seqs: op.seqs,
      settled: false,
      outcome: 'pending',
      remoteId: null,
      server: null,
      conflictIds: [],
      error: { kind: status === 'auth-required' ? 'auth' : 'network', message, field: null, retryable: true, retryAt: null },
    })),
    pulled: { upserts: [], clientRefs: {}, deletedRemoteIds: [], complete: false, full: false },
    cursor: null,
    clockSkewMs: 0,
    conflicts: [],
    nextAttemptAt: null,
    stats: { requests: 0, startedAt: now, finishedAt: now },
  };
}
