/**
 * The engine's resolved options, handed to each round and each download chunk as they are (no
 * reaching back into the engine).
 */
import type { SyncProgress } from '@shared/protocol/round';
import type { KantataClient } from '../kantata/client';
import type { PullOptions } from './pull';
import type { RetryPolicy } from './retry';
import type { SentCreates } from './sent-creates';

/** Events worth a line in the log (duplicates removed on the server, creates in doubt). */
export type SyncLog = (message: string, detail?: Record<string, unknown>) => void;

/** Kantata works on a request for up to 3 minutes, also after the client gave up on it. */
export const SERVER_REQUEST_LIMIT_MS = 180_000;

export interface EngineDeps {
  client: KantataClient;
  policy: RetryPolicy;
  pull: PullOptions;
  /** Concurrent requests in the push phase (updates, batches). */
  concurrency: number;
  createBatchSize: number;
  deleteBatchSize: number;
  now: () => number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onProgress: (progress: SyncProgress) => void;
  /** When each create was last sent (shared by the engines of a process). */
  sentCreates: SentCreates;
  /** How long after sending a create Kantata may still commit it. */
  serverRequestLimitMs: number;
  log: SyncLog;
}
