/**
 * Runs the sync rounds main's scheduler asks for, in the leading (main) window. It decides
 * nothing about timing: main's scheduler (src/main/core/sync/scheduler.ts) chooses when a round
 * runs and what it includes, and hears back through `roundEnded` when it is over. Other windows
 * (quick-add) only write to Dexie; the leading window reports that the outbox grew.
 *
 * A round: optional pre-step (receipt upload), prepare (Dexie), `port.syncRound` (main), apply
 * (Dexie, one transaction), then reference data when asked. Without a pull cursor, the round starts
 * with the pipelined first download (round-steps.ts, first-download.ts). A failed call leaves the
 * outbox untouched: the same rows go again next time (the engine makes that safe). Requests run
 * one after another, in the order they came.
 */
import type { PullChunkRequest, PullChunkResult } from '@shared/protocol/first-download';
import type { SyncRequest, SyncRoundEnd, SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import type { CourierDatabase } from '@renderer/db/database';
import type { ApplySummary } from './round-db';
import { runRoundSteps } from './round-steps';

/** What the executor needs from the main process (the contract, or a test double at that boundary). */
export interface SyncPort {
  syncRound(request: SyncRoundRequest): Promise<SyncRoundResult>;
  /** The first full download in chunks, applied while the next one downloads (first-download.ts). Optional. */
  syncPullChunk?(request: PullChunkRequest): Promise<PullChunkResult>;
  /** Refresh the reference tables (projects, categories...). Optional: absent means not supported. */
  refreshReference?(): Promise<void>;
  /** Tell main's scheduler the round is over. Optional: tests that run rounds by hand leave it out. */
  roundEnded?(report: SyncRoundEnd): Promise<unknown>;
}

export interface ExecutorState {
  running: boolean;
  /** Status of the last finished round, or null before the first (or when its call failed). */
  lastStatus: SyncRoundResult['status'] | null;
  /** What went wrong in the last round as a whole (not per expense), or null. */
  lastError: string | null;
  lastSummary: ApplySummary | null;
}

export interface SyncExecutorOptions {
  db: CourierDatabase;
  port: SyncPort;
  /** Runs before each round (e.g. upload pending receipts); a failure there does not stop the round. */
  beforeRound?: () => Promise<void>;
  /** True while rounds must not run (a restore is replacing the book): the round is reported not run, and main retries later. */
  held?: () => boolean;
  now?: () => number;
  newRoundId?: () => string;
  onChange?: (state: Readonly<ExecutorState>) => void;
  /** Errors of a round as a whole (the call failed, Dexie failed), for the log/UI. */
  onError?: (error: unknown) => void;
}

export const IDLE_EXECUTOR: Readonly<ExecutorState> = Object.freeze({ running: false, lastStatus: null, lastError: null, lastSummary: null });

export class SyncExecutor {
  readonly state: ExecutorState = { ...IDLE_EXECUTOR };
  private readonly opts: SyncExecutorOptions;
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  /** Callers waiting for the next round to end. */
  private waiting: Array<() => void> = [];
  private stopped = false;

  constructor(options: SyncExecutorOptions) {
    this.opts = options;
  }

  /** Runs one round as asked; resolves when it is over and main has been told. */
  run(request: SyncRequest): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.pending++;
    const round = this.chain.then(() => this.runRound(request));
    this.chain = round.finally(() => this.pending--);
    return round;
  }

  /** Resolves when a round that starts after this call has ended. */
  nextRound(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Resolves when no round is running or waiting to run. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.chain;
  }

  stop(): void {
    this.stopped = true;
    this.release();
  }

  private async runRound(request: SyncRequest): Promise<void> {
    if (this.stopped) return;
    const waiting = this.waiting;
    this.waiting = [];
    this.state.running = true;
    this.emit();
    const now = this.opts.now ?? Date.now;
    const report: SyncRoundEnd = { applied: false, status: null, reconciled: false, referenceRefreshed: false, error: null };
    try {
      if (this.opts.held?.()) {
        report.error = 'held: the local book is being replaced';
        return;
      }
      if (this.opts.beforeRound) {
        try {
          await this.opts.beforeRound();
        } catch (error) {
          this.opts.onError?.(error);
        }
      }
      const roundId = this.opts.newRoundId?.() ?? crypto.randomUUID();
      const run = await runRoundSteps(this.opts.db, this.opts.port, { roundId, reconcile: request.reconcile, now });
      const { result } = run;
      report.applied = true;
      report.status = result.status;
      report.reconciled = run.reconciled && (result.status === 'ok' || result.status === 'partial');
      this.state.lastSummary = run.summary;
      this.state.lastStatus = result.status;
      this.state.lastError = roundErrorMessage(result);
      if (request.refreshReference && this.opts.port.refreshReference && (result.status === 'ok' || result.status === 'partial')) {
        try {
          await this.opts.port.refreshReference();
          report.referenceRefreshed = true;
        } catch (error) {
          this.opts.onError?.(error);
        }
      }
    } catch (error) {
      this.state.lastStatus = null;
      this.state.lastError = error instanceof Error ? error.message : String(error);
      report.error = this.state.lastError.slice(0, 2000);
      this.opts.onError?.(error);
    } finally {
      this.state.running = false;
      this.emit();
      try {
        await this.opts.port.roundEnded?.(report);
      } catch (error) {
        // Main's watchdog ends the round if this report never arrives.
        this.opts.onError?.(error);
      }
      waiting.forEach((resolve) => resolve());
    }
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((resolve) => resolve());
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
