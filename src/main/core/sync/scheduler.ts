/**
 * When to run a sync round. Pure: the clock and timers are injected (tests use fake timers).
 *
 * Triggers: app start, a local write (debounced: a burst of edits makes one round), coming back
 * online (confirmed by a cheap probe, since OS online events are optimistic), a periodic timer,
 * "Sync now", and the retry time a round reported. One round at a time: a trigger during a round
 * schedules exactly one more round after it. While offline or paused (401), only "Sync now" asks.
 *
 * The scheduler does not run rounds itself: it asks (`requestRound`) and is told when a round
 * starts and finishes (the renderer leads rounds; main's syncRound handler reports them).
 */
import type { SyncTriggerReason } from '@shared/protocol/round';

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
}

export const DEFAULT_SCHEDULER: SchedulerOptions = {
  debounceMs: 2_000,
  periodMs: 5 * 60_000,
  offlineProbeMs: 30_000,
  startTimeoutMs: 60_000,
};

export interface SchedulerDeps {
  clock: SchedulerClock;
  requestRound(reason: SyncTriggerReason): void;
  /** Cheap reachability check of the server (true = answered at all). */
  probe?(): Promise<boolean>;
}

type Phase = 'idle' | 'requested' | 'running';

export class SyncScheduler {
  private readonly opts: SchedulerOptions;
  private phase: Phase = 'idle';
  private again: SyncTriggerReason | null = null;
  private online = true;
  private paused = false;
  private debounce: unknown = null;
  private periodic: unknown = null;
  private retry: unknown = null;
  private startWatch: unknown = null;
  private stopped = true;

  constructor(
    private readonly deps: SchedulerDeps,
    opts: Partial<SchedulerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_SCHEDULER, ...opts };
  }

  get state(): { phase: Phase; online: boolean; paused: boolean; queued: boolean } {
    return { phase: this.phase, online: this.online, paused: this.paused, queued: this.again !== null };
  }

  start(): void {
    this.stopped = false;
    this.armPeriodic();
    this.fire('app-start');
  }

  stop(): void {
    this.stopped = true;
    for (const handle of [this.debounce, this.periodic, this.retry, this.startWatch]) if (handle !== null) this.deps.clock.clearTimeout(handle);
    this.debounce = this.periodic = this.retry = this.startWatch = null;
  }

  trigger(reason: SyncTriggerReason): void {
    if (this.stopped) return;
    if (reason === 'local-write') {
      if (this.debounce !== null) this.deps.clock.clearTimeout(this.debounce);
      this.debounce = this.deps.clock.setTimeout(() => {
        this.debounce = null;
        this.fire('local-write');
      }, this.opts.debounceMs);
      return;
    }
    this.fire(reason);
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

  /** A 401 pauses sync until the account is reconnected. */
  setPaused(paused: boolean): void {
    const was = this.paused;
    this.paused = paused;
    if (was && !paused) this.fire('sync-now');
  }

  roundStarted(): void {
    this.phase = 'running';
    this.clearStartWatch();
  }

  /** `nextAttemptAt`: local ms when pending entries are worth retrying (from the round result). */
  roundFinished(outcome: { nextAttemptAt?: number | null; offline?: boolean } = {}): void {
    this.phase = 'idle';
    if (outcome.offline) this.goOffline();
    if (this.retry !== null) this.deps.clock.clearTimeout(this.retry);
    this.retry = null;
    if (outcome.nextAttemptAt != null && !this.stopped) {
      const wait = Math.max(0, outcome.nextAttemptAt - this.deps.clock.now());
      this.retry = this.deps.clock.setTimeout(() => {
        this.retry = null;
        this.fire('timer');
      }, wait);
    }
    const queued = this.again;
    this.again = null;
    if (queued !== null) this.fire(queued);
  }

  private fire(reason: SyncTriggerReason): void {
    if (this.stopped) return;
    if (reason !== 'sync-now' && (!this.online || this.paused)) return;
    if (this.phase !== 'idle') {
      this.again ??= reason;
      return;
    }
    this.phase = 'requested';
    this.clearStartWatch();
    this.startWatch = this.deps.clock.setTimeout(() => {
      this.startWatch = null;
      if (this.phase !== 'requested') return;
      // Nobody took the request (no window yet, or it was closed): ask again for what queued up.
      this.phase = 'idle';
      const queued = this.again;
      this.again = null;
      if (queued !== null) this.fire(queued);
    }, this.opts.startTimeoutMs);
    this.deps.requestRound(reason);
  }

  private clearStartWatch(): void {
    if (this.startWatch !== null) this.deps.clock.clearTimeout(this.startWatch);
    this.startWatch = null;
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
