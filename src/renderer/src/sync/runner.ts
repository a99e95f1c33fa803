/**
 * The sync runner of the leading (main) window's renderer: decides WHEN a round runs and runs one
 * at a time. A trigger while a round runs schedules exactly one more round after it (rows written
 * meanwhile are sent then). Other windows (quick-add) only write to Dexie; their writes reach this
 * runner through the outbox liveQuery.
 *
 * A round: optional pre-step (receipt upload), prepare (Dexie), `port.syncRound` (main), apply
 * (Dexie, one transaction), then reference data when due. Without a pull cursor, the round starts
 * with the pipelined first download (round-steps.ts, first-download.ts). Failures of the call itself leave the
 * outbox untouched: the same rows go again next time (the engine makes that safe).
 *
 * Retries of offline or partial rounds are main's scheduler's job (it sees every round's result
 * and asks again through `syncRequested`); the runner only retries when the call itself failed,
 * which main never saw.
 */
import type { PullChunkRequest, PullChunkResult } from '@shared/protocol/first-download';
import type { SyncRoundRequest, SyncRoundResult, SyncTriggerReason } from '@shared/protocol/round';
import type { CourierDatabase } from '@renderer/db/database';
import type { ApplySummary } from './round-db';
import { runRoundSteps } from './round-steps';

/** What the runner needs from the main process (the contract, or a test double at that boundary). */
export interface SyncPort {
  syncRound(request: SyncRoundRequest): Promise<SyncRoundResult>;
  /** The first full download in chunks, applied while the next one downloads (first-download.ts). Optional. */
  syncPullChunk?(request: PullChunkRequest): Promise<PullChunkResult>;
  /** Refresh the reference tables (projects, categories...). Optional: absent means not supported. */
  refreshReference?(): Promise<void>;
}

export interface RunnerState {
  running: boolean;
  /** A trigger arrived during the running round: one more round follows. */
  queued: boolean;
  /** Set by a 401: no rounds until `resume()` (after the user reconnects). */
  authRequired: boolean;
  /** Status of the last finished round, or null before the first. */
  lastStatus: SyncRoundResult['status'] | null;
  /** What went wrong in the last round as a whole (not per expense), or null. */
  lastError: string | null;
  lastSummary: ApplySummary | null;
  /** Local ms when a retry is scheduled after a failed call, or null. */
  retryAt: number | null;
}

export interface SyncRunnerOptions {
  db: CourierDatabase;
  port: SyncPort;
  /** False: skip rounds for now (no account connected). Default: always true. */
  canSync?: () => boolean;
  /** Runs before each round (e.g. upload pending receipts); a failure there does not stop the round. */
  beforeRound?: () => Promise<void>;
  /** Send all remote ids for delete detection at most this often (ms). Default 1 hour. */
  reconcileEveryMs?: number;
  /** Refresh reference data at most this often (ms), and always on app start / "Sync now". Default 15 min. */
  referenceEveryMs?: number;
  /** Bounds of the retry delay after a failed call (ms); it doubles with each failure in a row. */
  minRetryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
  newRoundId?: () => string;
  onChange?: (state: Readonly<RunnerState>) => void;
  /** Errors of a round as a whole (the call failed, Dexie failed), for the log/UI. */
  onError?: (error: unknown) => void;
}

/** Reasons that mean "the user asked" or "the app just started": refresh everything. */
const FULL_REFRESH: ReadonlySet<SyncTriggerReason> = new Set(['app-start', 'sync-now']);

export class SyncRunner {
  readonly state: RunnerState = {
    running: false,
    queued: false,
    authRequired: false,
    lastStatus: null,
    lastError: null,
    lastSummary: null,
    retryAt: null,
  };
  private readonly opts: Required<Omit<SyncRunnerOptions, 'beforeRound' | 'onChange' | 'onError' | 'canSync'>> &
    Pick<SyncRunnerOptions, 'beforeRound' | 'onChange' | 'onError' | 'canSync'>;
  private current: Promise<void> | null = null;
  private queuedReasons = new Set<SyncTriggerReason>();
  /** Resolves when the round that will cover the queued triggers has finished. */
  private queuedDone: { promise: Promise<void>; resolve: () => void } | null = null;
  private lastReconcileAt = -Infinity;
  private lastReferenceAt = -Infinity;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Consecutive rounds whose call or apply threw (not rounds the server answered badly). */
  private failedCalls = 0;
  private stopped = false;

  constructor(options: SyncRunnerOptions) {
    this.opts = {
      reconcileEveryMs: 60 * 60_000,
      referenceEveryMs: 15 * 60_000,
      minRetryMs: 5_000,
      maxRetryMs: 5 * 60_000,
      now: Date.now,
      newRoundId: () => crypto.randomUUID(),
      ...options,
    };
  }

  /**
   * Asks for a round. Starts one now when idle; during a round, schedules one more after it.
   * Resolves when a round that started after this call has finished (or at once when paused).
   */
  trigger(reason: SyncTriggerReason): Promise<void> {
    if (this.stopped || (this.state.authRequired && reason !== 'sync-now')) return Promise.resolve();
    if (reason === 'sync-now') this.state.authRequired = false;
    this.queuedReasons.add(reason);
    if (!this.queuedDone) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.queuedDone = { promise, resolve };
    }
    const done = this.queuedDone.promise;
    if (this.state.running) {
      this.state.queued = true;
      this.emit();
    } else {
      void this.loop();
    }
    return done;
  }

  /** After the user reconnected: rounds may run again. */
  resume(): Promise<void> {
    this.state.authRequired = false;
    this.emit();
    return this.trigger('sync-now');
  }

  /** The round in progress (if any) has finished. */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async loop(): Promise<void> {
    if (this.state.running) return;
    this.state.running = true;
    this.clearRetry();
    this.emit();
    try {
      while (this.queuedDone && !this.stopped) {
        const reasons = this.queuedReasons;
        const done = this.queuedDone;
        this.queuedReasons = new Set();
        this.queuedDone = null;
        this.state.queued = false;
        this.emit();
        const round = this.runRound(reasons);
        this.current = round;
        await round;
        this.current = null;
        done.resolve();
        if (this.state.authRequired) this.dropQueued();
      }
    } finally {
      this.state.running = false;
      this.state.queued = false;
      this.emit();
    }
  }

  /** Paused: whatever was queued waits for the reconnect (its callers are released). */
  private dropQueued(): void {
    const queued = this.queuedDone as { resolve: () => void } | null;
    this.queuedReasons.clear();
    this.queuedDone = null;
    queued?.resolve();
  }

  private async runRound(reasons: ReadonlySet<SyncTriggerReason>): Promise<void> {
    const now = this.opts.now();
    const full = [...reasons].some((r) => FULL_REFRESH.has(r));
    if (this.opts.canSync && !this.opts.canSync()) return;
    try {
      if (this.opts.beforeRound) {
        try {
          await this.opts.beforeRound();
        } catch (error) {
          this.opts.onError?.(error);
        }
      }
      const reconcile = full || now - this.lastReconcileAt >= this.opts.reconcileEveryMs;
      const run = await runRoundSteps(this.opts.db, this.opts.port, { roundId: this.opts.newRoundId(), reconcile, now: this.opts.now });
      const { result } = run;
      this.state.lastSummary = run.summary;
      this.failedCalls = 0;
      this.state.lastStatus = result.status;
      this.state.lastError = roundErrorMessage(result);
      if (result.status === 'auth-required') {
        this.state.authRequired = true;
        return;
      }
      if (result.status === 'ok' || result.status === 'partial') {
        if (run.reconciled) this.lastReconcileAt = now;
        if (this.opts.port.refreshReference && (full || now - this.lastReferenceAt >= this.opts.referenceEveryMs)) {
          try {
            await this.opts.port.refreshReference();
            this.lastReferenceAt = now;
          } catch (error) {
            this.opts.onError?.(error);
          }
        }
      }
    } catch (error) {
      this.state.lastStatus = null;
      this.state.lastError = error instanceof Error ? error.message : String(error);
      this.opts.onError?.(error);
      // Doubling: a call that keeps failing (main refusing the request) must not spin.
      this.failedCalls++;
      this.scheduleRetryAt(this.opts.now() + this.opts.minRetryMs * 2 ** Math.min(this.failedCalls - 1, 10));
    }
  }

  private scheduleRetryAt(at: number): void {
    if (this.stopped) return;
    const now = this.opts.now();
    const delay = Math.min(this.opts.maxRetryMs, Math.max(this.opts.minRetryMs, at - now));
    this.clearRetry();
    this.state.retryAt = now + delay;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.state.retryAt = null;
      void this.trigger('timer');
    }, delay);
    this.emit();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.state.retryAt = null;
  }

  private emit(): void {
    this.opts.onChange?.({ ...this.state });
  }
}

/** A message for the round as a whole, when it did not reach the server normally. */
export function roundErrorMessage(result: SyncRoundResult): string | null {
  switch (result.status) {
    case 'auth-required':
      return 'Kantata did not accept the saved sign-in. Reconnect your account; your changes wait here.';
    case 'offline':
      return 'Kantata could not be reached. Your changes are kept here and sent when the connection is back.';
    case 'not-connected':
      return null;
    default:
      return null;
  }
}
