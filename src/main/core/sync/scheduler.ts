/**
 * When a sync round runs, and what it includes: the one owner of that decision. Pure: the clock
 * and timers are injected (tests use fake timers).
 *
 * It hears every trigger (see SyncTriggerReason): app start, the outbox growing (debounced: a
 * burst of edits makes one round), coming back online (confirmed by a probe, since OS online
 * events are optimistic), waking from sleep, a periodic timer, "Sync now" from any window, the
 * tray or the menu, an account connected again, and the retry time a round reported. It asks the
 * leading window to run a round (`requestRound`, the syncRequested event) with what the round
 * includes (reconciling ids hourly, reference data every 15 minutes, both on start and when the
 * user asks), and hears back when the round is over (`roundEnded`).
 *
 * One round at a time: a trigger during a round asks for exactly one more after it, and the
 * engine's own work is run through `runExclusive`, so even a window reloaded mid-round cannot
 * start a second engine round beside the first. While offline or paused (401), only "Sync now"
 * and a new account ask. A round whose call or apply failed (main may never have seen it) is
 * retried with a doubling delay.
 */
import type { SyncRequest, SyncRoundEnd, SyncTriggerReason } from '@shared/protocol/round';

export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerOptions {
  /** Quiet time after the last local write before a round. */
  debounceMs: number;
  /** Periodic round while online. */
  periodMs: number;
  /**
   * While offline, how often the probe checks the server again. OS online events alone are not
   * enough: the OS may have been online all along (captive portal, VPN, server down), and then
   * no event ever says the server is back.
   */
  offlineProbeMs: number;
  /** A requested round that has not started by then is considered lost (window closed...). */
  startTimeoutMs: number;
  /** After the engine answered, the window has this long to apply and report before the round counts as lost. */
  endTimeoutMs: number;
  /** Bounds of the retry delay after a round whose call or apply failed; it doubles each time in a row. */
  minRetryMs: number;
  maxRetryMs: number;
  /** Send every remote id (to find deletes made in Kantata) at least this often. */
  reconcileEveryMs: number;
  /** Refresh the pickers' reference data at least this often. */
  referenceEveryMs: number;
}

export const DEFAULT_SCHEDULER: SchedulerOptions = {
  debounceMs: 2_000,
  periodMs: 5 * 60_000,
  offlineProbeMs: 30_000,
  startTimeoutMs: 60_000,
  endTimeoutMs: 2 * 60_000,
  minRetryMs: 5_000,
  maxRetryMs: 5 * 60_000,
  reconcileEveryMs: 60 * 60_000,
  referenceEveryMs: 15 * 60_000,
};

export interface SchedulerDeps {
  clock: SchedulerClock;
  requestRound(request: SyncRequest): void;
  /** Reachability check of the server (true = it answered). */
  probe?(): Promise<boolean>;
}

/** What the engine's answer said, kept until the window reports the round over. */
export interface EngineOutcome {
  nextAttemptAt?: number | null;
  offline?: boolean;
}

type Phase = 'idle' | 'requested' | 'running' | 'applying';

/** Reasons that mean "start" or "the user asked": the round includes everything. */
const FULL: ReadonlySet<SyncTriggerReason> = new Set(['app-start', 'sync-now', 'account']);
/** Reasons that run even while offline or paused: the user (or a new account) asked. */
const INSISTENT: ReadonlySet<SyncTriggerReason> = new Set(['sync-now', 'account']);

/** Of two queued reasons, the one that asks for more. */
function stronger(a: SyncTriggerReason | null, b: SyncTriggerReason): SyncTriggerReason {
  if (a === null) return b;
  if (INSISTENT.has(a)) return a;
  if (INSISTENT.has(b) || FULL.has(b)) return b;
  return a;
}

export class SyncScheduler {
  private readonly opts: SchedulerOptions;
  private phase: Phase = 'idle';
  private again: SyncTriggerReason | null = null;
  private online = true;
  private paused = false;
  private connected = true;
  private executor = false;
  private failures = 0;
  private lastReconcileAt = -Infinity;
  private lastReferenceAt = -Infinity;
  private outcome: EngineOutcome = {};
  private debounce: unknown = null;
  private periodic: unknown = null;
  private retry: unknown = null;
  private watch: unknown = null;
  private stopped = true;
  /** The window running the current round went away: nobody will report it over. */
  private orphaned = false;
  private exclusive: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: SchedulerDeps,
    opts: Partial<SchedulerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_SCHEDULER, ...opts };
  }

  get state(): { phase: Phase; online: boolean; paused: boolean; connected: boolean; executor: boolean; queued: boolean; retryAt: boolean } {
    return {
      phase: this.phase,
      online: this.online,
      paused: this.paused,
      connected: this.connected,
      executor: this.executor,
      queued: this.again !== null,
      retryAt: this.retry !== null,
    };
  }

  start(): void {
    this.stopped = false;
    this.armPeriodic();
    this.fire('app-start');
  }

  stop(): void {
    this.stopped = true;
    for (const handle of [this.debounce, this.periodic, this.retry, this.watch]) if (handle !== null) this.deps.clock.clearTimeout(handle);
    this.debounce = this.periodic = this.retry = this.watch = null;
  }

  /** Something happened that may make a round worth running. False: no round will come of it. */
  trigger(reason: SyncTriggerReason): boolean {
    if (this.stopped || !this.connected) return false;
    if (reason === 'account') {
      // The account was just connected (or reconnected): the server answered it.
      this.paused = false;
      this.online = true;
    }
    if (reason === 'local-write') {
      if (this.debounce !== null) this.deps.clock.clearTimeout(this.debounce);
      this.debounce = this.deps.clock.setTimeout(() => {
        this.debounce = null;
        this.fire('local-write');
      }, this.opts.debounceMs);
      return true;
    }
    this.fire(reason);
    return true;
  }

  /** OS connectivity events. Coming online is confirmed by the probe before a round is asked for. */
  async setOnline(online: boolean): Promise<void> {
    if (!online) {
      this.goOffline();
      return;
    }
    const reachable = this.deps.probe ? await this.deps.probe().catch(() => false) : true;
    if (!reachable) return;
    const wasOffline = !this.online;
    this.online = true;
    if (wasOffline) this.fire('online');
  }

  /** A 401 pauses sync until the account is reconnected (then `trigger('account')`). */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** Rounds need an account. Connecting one is a trigger of its own (`trigger('account')`). */
  setConnected(connected: boolean): void {
    this.connected = connected;
    if (!connected) this.again = null;
  }

  /** The leading window listens: it gets what waited for it, or the start of its session. */
  executorReady(): void {
    this.executor = true;
    this.abandonRound();
    const queued = stronger(this.again, 'app-start');
    this.again = null;
    this.fire(queued);
  }

  executorGone(): void {
    this.executor = false;
    this.abandonRound();
  }

  /** A window that went away (reload, crash) will never report its round. */
  private abandonRound(): void {
    if (this.phase === 'requested' || this.phase === 'applying') {
      this.phase = 'idle';
      this.clearWatch();
    } else if (this.phase === 'running') {
      // The engine is still at it: its answer ends the round (see engineFinished).
      this.orphaned = true;
    }
  }

  /** Engine work of the requested round began (a pull chunk or the round itself). */
  roundStarted(): void {
    if (this.phase === 'idle' || this.phase === 'requested') this.phase = 'running';
    this.clearWatch();
  }

  /** Runs one engine round at a time, whoever calls; the round then waits for the window's report. */
  runExclusive<T>(fn: () => Promise<T>, outcomeOf: (value: T) => EngineOutcome): Promise<T> {
    const run = async (): Promise<T> => {
      this.roundStarted();
      let outcome: EngineOutcome = {};
      try {
        const value = await fn();
        outcome = outcomeOf(value);
        return value;
      } finally {
        this.engineFinished(outcome);
      }
    };
    const next = this.exclusive.then(run, run);
    this.exclusive = next.catch(() => undefined);
    return next;
  }

  /** The window applied the round (or failed to): the next one may be asked for. */
  roundEnded(report: SyncRoundEnd): void {
    const now = this.deps.clock.now();
    if (report.applied) {
      this.failures = 0;
      if (report.reconciled) this.lastReconcileAt = now;
      if (report.referenceRefreshed) this.lastReferenceAt = now;
    }
    this.finish(report.applied ? { ...this.outcome, offline: this.outcome.offline || report.status === 'offline' } : null);
  }

  private engineFinished(outcome: EngineOutcome): void {
    this.outcome = outcome;
    if (this.phase !== 'running') return;
    if (this.orphaned) {
      this.finish(outcome);
      return;
    }
    this.phase = 'applying';
    this.armWatch(this.opts.endTimeoutMs, () => this.finish(this.outcome));
  }

  /** `outcome` null: the round failed on the window's side; retry with backoff. */
  private finish(outcome: EngineOutcome | null): void {
    this.phase = 'idle';
    this.orphaned = false;
    this.clearWatch();
    this.outcome = {};
    if (this.retry !== null) this.deps.clock.clearTimeout(this.retry);
    this.retry = null;
    let retryAt: number | null = null;
    if (outcome === null) {
      this.failures++;
      retryAt = this.deps.clock.now() + Math.min(this.opts.maxRetryMs, this.opts.minRetryMs * 2 ** Math.min(this.failures - 1, 10));
    } else {
      if (outcome.offline) this.goOffline();
      retryAt = outcome.nextAttemptAt ?? null;
    }
    if (retryAt !== null && !this.stopped) {
      const wait = Math.max(0, retryAt - this.deps.clock.now());
      this.retry = this.deps.clock.setTimeout(() => {
        this.retry = null;
        this.fire('retry');
      }, wait);
    }
    const queued = this.again;
    this.again = null;
    if (queued !== null) this.fire(queued);
  }

  private fire(reason: SyncTriggerReason): void {
    if (this.stopped || !this.connected) return;
    if (!INSISTENT.has(reason) && (!this.online || this.paused)) return;
    if (this.phase !== 'idle' || !this.executor) {
      this.again = stronger(this.again, reason);
      return;
    }
    const now = this.deps.clock.now();
    const full = FULL.has(reason);
    const request: SyncRequest = {
      reason,
      reconcile: full || now - this.lastReconcileAt >= this.opts.reconcileEveryMs,
      refreshReference: full || now - this.lastReferenceAt >= this.opts.referenceEveryMs,
    };
    this.phase = 'requested';
    this.armWatch(this.opts.startTimeoutMs, () => {
      // Nobody took the request (the window was closed or is still loading): ask again for what queued up.
      this.phase = 'idle';
      const queued = this.again;
      this.again = null;
      if (queued !== null) this.fire(queued);
    });
    this.deps.requestRound(request);
  }

  private armWatch(ms: number, onTimeout: () => void): void {
    this.clearWatch();
    this.watch = this.deps.clock.setTimeout(() => {
      this.watch = null;
      onTimeout();
    }, ms);
  }

  private clearWatch(): void {
    if (this.watch !== null) this.deps.clock.clearTimeout(this.watch);
    this.watch = null;
  }

  private goOffline(): void {
    const was = this.online;
    this.online = false;
    // Re-arm so the next check comes after the (shorter) offline interval, not the online one.
    if (was && !this.stopped) this.armPeriodic();
  }

  private armPeriodic(): void {
    if (this.periodic !== null) this.deps.clock.clearTimeout(this.periodic);
    const wait = this.online ? this.opts.periodMs : this.opts.offlineProbeMs;
    this.periodic = this.deps.clock.setTimeout(() => {
      this.periodic = null;
      if (this.online) this.fire('timer');
      else void this.setOnline(true); // a probe decides; a good one asks for an 'online' round
      if (!this.stopped) this.armPeriodic();
    }, wait);
  }
}
