/**
 * Main's scheduler, the one owner of when rounds run and what they include, on fake timers. The
 * window's side is played by `roundStarted` / `runExclusive` and `roundEnded`, as the syncRound
 * handler and the executor's report drive them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncRequest, SyncRoundEnd, SyncTriggerReason } from '@shared/protocol/round';
import { SyncScheduler } from '../../../src/main/core/sync/scheduler';

let requests: SyncRequest[];
let probeAnswer: boolean;
const requested = (): SyncTriggerReason[] => requests.map((r) => r.reason);

const APPLIED: SyncRoundEnd = { applied: true, status: 'ok', reconciled: false, referenceRefreshed: false, error: null };

function scheduler(): SyncScheduler {
  const s = new SyncScheduler(
    {
      clock: { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
      requestRound: (request) => requests.push(request),
      probe: async () => probeAnswer,
    },
    { debounceMs: 1_000, periodMs: 60_000, offlineProbeMs: 10_000, startTimeoutMs: 30_000, endTimeoutMs: 20_000, minRetryMs: 1_000, maxRetryMs: 8_000 },
  );
  return s;
}

/** A started scheduler whose leading window is ready, with its app-start round done. */
function ready(): SyncScheduler {
  const s = scheduler();
  s.start();
  s.executorReady();
  s.roundStarted();
  s.roundEnded({ ...APPLIED, reconciled: true, referenceRefreshed: true });
  requests = [];
  return s;
}

/** The window runs the round main asked for: the engine part, then the apply and the report. */
async function runRound(s: SyncScheduler, outcome: { nextAttemptAt?: number | null; offline?: boolean } = {}, report = APPLIED): Promise<void> {
  await s.runExclusive(async () => outcome, (o) => o);
  s.roundEnded(report);
}

beforeEach(() => {
  vi.useFakeTimers();
  requests = [];
  probeAnswer = true;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sync scheduler', () => {
  it('waits for the leading window, asks it for a full app-start round, then for periodic ones', () => {
    const s = scheduler();
    s.start();
    expect(requests).toEqual([]);
    s.executorReady();
    expect(requests).toEqual([{ reason: 'app-start', reconcile: true, refreshReference: true }]);
    s.roundStarted();
    s.roundEnded({ ...APPLIED, reconciled: true, referenceRefreshed: true });
    vi.advanceTimersByTime(60_000);
    // A timer round pushes and pulls; ids and reference data were refreshed a minute ago.
    expect(requests.at(-1)).toEqual({ reason: 'timer', reconcile: false, refreshReference: false });
    s.stop();
  });

  it('debounces local writes from every window: a burst makes one round after the quiet time', () => {
    const s = ready();
    for (let i = 0; i < 5; i++) {
      expect(s.trigger('local-write')).toBe(true);
      vi.advanceTimersByTime(500);
    }
    expect(requests).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(requested()).toEqual(['local-write']);
    s.stop();
  });

  it('"Sync now" from the window, the tray or the menu asks at once for everything', () => {
    const s = ready();
    s.trigger('sync-now');
    expect(requests).toEqual([{ reason: 'sync-now', reconcile: true, refreshReference: true }]);
    s.stop();
  });

  it('includes id reconciliation hourly and reference data every 15 minutes, as reported done', async () => {
    const s = ready();
    vi.setSystemTime(Date.now() + 15 * 60_000); // the clock moves on; no timer runs
    s.trigger('online');
    expect(requests.at(-1)).toEqual({ reason: 'online', reconcile: false, refreshReference: true });
    await runRound(s, {}, { ...APPLIED, referenceRefreshed: true });
    vi.setSystemTime(Date.now() + 45 * 60_000);
    s.trigger('resume');
    expect(requests.at(-1)).toMatchObject({ reconcile: true });
    // Not reported done (the round failed): asked for again next time.
    await runRound(s, {}, { ...APPLIED, applied: false, status: null, error: 'apply failed' });
    s.trigger('online');
    expect(requests.at(-1)).toMatchObject({ reconcile: true });
    s.stop();
  });

  it('one round at a time: triggers during a round ask for exactly one more, after the window reports it over', async () => {
    const s = ready();
    s.trigger('local-write');
    vi.advanceTimersByTime(1_000);
    s.roundStarted();
    s.trigger('sync-now');
    s.trigger('sync-now');
    s.trigger('timer');
    expect(requested()).toEqual(['local-write']);
    await s.runExclusive(async () => ({}), () => ({}));
    // The engine answered, but the window has not applied the result yet: still one round.
    expect(requested()).toEqual(['local-write']);
    s.roundEnded(APPLIED);
    expect(requests).toEqual([
      { reason: 'local-write', reconcile: false, refreshReference: false },
      { reason: 'sync-now', reconcile: true, refreshReference: true },
    ]);
    await runRound(s);
    expect(requests).toHaveLength(2);
    s.stop();
  });

  it('never runs two engine rounds at once, even for a window reloaded mid-round', async () => {
    const s = ready();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const first = s.runExclusive(async () => {
      order.push('first starts');
      await gate;
      order.push('first ends');
      return {};
    }, () => ({}));
    // The window reloads: the new one reports ready and runs its own round at once.
    s.executorReady();
    expect(requested()).toEqual(['app-start']);
    const second = s.runExclusive(async () => {
      order.push('second starts');
      return {};
    }, () => ({}));
    await vi.advanceTimersByTimeAsync(10);
    expect(order).toEqual(['first starts']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second starts']);
    s.stop();
  });

  it('a window reloaded while the engine runs its round gets its own round once the engine is done', async () => {
    const s = ready();
    s.trigger('sync-now');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lost = s.runExclusive(() => gate.then(() => ({})), () => ({}));
    await vi.advanceTimersByTimeAsync(0); // the engine round has begun
    expect(s.state.phase).toBe('running');
    s.executorReady();
    expect(requested()).toEqual(['sync-now']);
    // Nobody will report the old round over: the engine's answer ends it, and the new window is asked at once.
    release();
    await lost;
    expect(requests.at(-1)).toEqual({ reason: 'app-start', reconcile: true, refreshReference: true });
    s.stop();
  });

  it('offline: no rounds except "Sync now"; back online after a good probe asks at once', async () => {
    const s = ready();
    probeAnswer = false; // the server stays unreachable while offline
    await s.setOnline(false);
    await vi.advanceTimersByTimeAsync(60_000);
    s.trigger('local-write');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests).toEqual([]);
    await s.setOnline(true);
    expect(requests).toEqual([]);
    probeAnswer = true;
    await s.setOnline(true);
    expect(requested()).toEqual(['online']);
    s.roundStarted();
    s.roundEnded(APPLIED);
    await s.setOnline(false);
    s.trigger('sync-now');
    expect(requested()).toEqual(['online', 'sync-now']);
    s.stop();
  });

  it('offline with no OS event to come: the probe re-checks on its own and asks for a round once the server answers', async () => {
    const s = ready();
    s.trigger('timer');
    await runRound(s, { offline: true }); // the round found the server unreachable; the OS still says online
    requests = [];
    probeAnswer = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toEqual([]);
    probeAnswer = true;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requested()).toEqual(['online']);
    expect(s.state.online).toBe(true);
    s.stop();
  });

  it('a 401 pause holds rounds until the account is connected again; then a full round runs', () => {
    const s = ready();
    s.setPaused(true);
    s.trigger('timer');
    s.trigger('local-write');
    vi.advanceTimersByTime(5_000);
    expect(requests).toEqual([]);
    s.trigger('account');
    expect(requests).toEqual([{ reason: 'account', reconcile: true, refreshReference: true }]);
    expect(s.state.paused).toBe(false);
    s.stop();
  });

  it('without an account nothing is asked for, and the trigger says so', () => {
    const s = ready();
    s.setConnected(false);
    expect(s.trigger('sync-now')).toBe(false);
    expect(s.trigger('local-write')).toBe(false);
    vi.advanceTimersByTime(120_000);
    expect(requests).toEqual([]);
    s.setConnected(true);
    expect(s.trigger('account')).toBe(true);
    expect(requested()).toEqual(['account']);
    s.stop();
  });

  it('retries at the time the round asked for (Retry-After, backoff)', async () => {
    const s = ready();
    s.trigger('timer');
    await runRound(s, { nextAttemptAt: Date.now() + 5_000 });
    vi.advanceTimersByTime(4_999);
    expect(requested()).toEqual(['timer']);
    vi.advanceTimersByTime(1);
    expect(requested()).toEqual(['timer', 'retry']);
    s.stop();
  });

  it('retries a round the window could not run or apply, doubling the wait each time in a row', async () => {
    const s = ready();
    const failed: SyncRoundEnd = { applied: false, status: null, reconciled: false, referenceRefreshed: false, error: 'main is restarting' };
    s.trigger('timer');
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      s.roundStarted();
      s.roundEnded(failed);
      const before = requests.length;
      const start = Date.now();
      while (requests.length === before) vi.advanceTimersByTime(100);
      waits.push(Date.now() - start);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    // One that works resets the backoff.
    await runRound(s);
    s.trigger('sync-now');
    s.roundStarted();
    s.roundEnded(failed);
    const start = Date.now();
    const before = requests.length;
    while (requests.length === before) vi.advanceTimersByTime(100);
    expect(Date.now() - start).toBe(1_000);
    s.stop();
  });

  it('a requested round that never starts, or is never reported over, does not block the scheduler forever', async () => {
    const s = ready();
    s.trigger('timer');
    s.trigger('sync-now');
    expect(requested()).toEqual(['timer']);
    vi.advanceTimersByTime(30_000);
    // The trigger that queued behind the lost request is asked for once the request expires.
    expect(requested()).toEqual(['timer', 'sync-now']);
    // The engine answered but the window never reported: the round ends after endTimeoutMs.
    await s.runExclusive(async () => ({}), () => ({}));
    s.trigger('timer');
    expect(requested()).toEqual(['timer', 'sync-now']);
    vi.advanceTimersByTime(20_000);
    expect(requested()).toEqual(['timer', 'sync-now', 'timer']);
    s.stop();
  });

  it('a window that goes away mid-round: the next one gets a fresh start round', () => {
    const s = ready();
    s.trigger('sync-now');
    s.executorGone();
    s.trigger('local-write');
    vi.advanceTimersByTime(1_000);
    expect(requested()).toEqual(['sync-now']);
    s.executorReady();
    expect(requests.at(-1)).toEqual({ reason: 'app-start', reconcile: true, refreshReference: true });
    s.stop();
  });
});
