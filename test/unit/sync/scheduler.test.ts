import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncTriggerReason } from '@shared/protocol/round';
import { SyncScheduler } from '../../../src/main/core/sync/scheduler';

let requested: SyncTriggerReason[];
let probeAnswer: boolean;

function scheduler(): SyncScheduler {
  return new SyncScheduler(
    {
      clock: { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
      requestRound: (reason) => requested.push(reason),
      probe: async () => probeAnswer,
    },
    { debounceMs: 1_000, periodMs: 60_000, offlineProbeMs: 10_000, startTimeoutMs: 30_000 },
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  requested = [];
  probeAnswer = true;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sync scheduler', () => {
  it('asks for a round at app start and then periodically', () => {
    const s = scheduler();
    s.start();
    expect(requested).toEqual(['app-start']);
    s.roundStarted();
    s.roundFinished();
    vi.advanceTimersByTime(60_000);
    expect(requested).toEqual(['app-start', 'timer']);
    s.stop();
  });

  it('debounces local writes: a burst makes one round after the quiet time', () => {
    const s = scheduler();
    s.start();
    s.roundStarted();
    s.roundFinished();
    requested = [];
    for (let i = 0; i < 5; i++) {
      s.trigger('local-write');
      vi.advanceTimersByTime(500);
    }
    expect(requested).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(requested).toEqual(['local-write']);
    s.stop();
  });

  it('one round at a time: triggers during a round schedule exactly one more', () => {
    const s = scheduler();
    s.start();
    s.roundStarted();
    s.trigger('sync-now');
    s.trigger('sync-now');
    s.trigger('timer');
    expect(requested).toEqual(['app-start']);
    s.roundFinished();
    expect(requested).toEqual(['app-start', 'sync-now']);
    s.roundStarted();
    s.roundFinished();
    expect(requested).toEqual(['app-start', 'sync-now']);
    s.stop();
  });

  it('offline: no rounds except "Sync now"; back online after a good probe asks at once', async () => {
    const s = scheduler();
    s.start();
    s.roundStarted();
    s.roundFinished();
    requested = [];
    probeAnswer = false; // the server stays unreachable while offline
    await s.setOnline(false);
    await vi.advanceTimersByTimeAsync(60_000);
    s.trigger('local-write');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requested).toEqual([]);
    await s.setOnline(true);
    expect(requested).toEqual([]);
    probeAnswer = true;
    await s.setOnline(true);
    expect(requested).toEqual(['online']);
    s.stop();
  });

  it('offline with no OS event to come: the probe re-checks on its own and asks for a round once the server answers', async () => {
    const s = scheduler();
    s.start();
    s.roundStarted();
    s.roundFinished({ offline: true }); // the round found the server unreachable; the OS still says online
    requested = [];
    probeAnswer = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requested).toEqual([]);
    probeAnswer = true;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requested).toEqual(['online']);
    expect(s.state.online).toBe(true);
    s.stop();
  });

  it('a 401 pause holds rounds until reconnected; then one round runs', () => {
    const s = scheduler();
    s.start();
    s.roundStarted();
    s.roundFinished();
    requested = [];
    s.setPaused(true);
    s.trigger('timer');
    expect(requested).toEqual([]);
    s.setPaused(false);
    expect(requested).toEqual(['sync-now']);
    s.stop();
  });

  it('retries at the time the round asked for (Retry-After, backoff)', () => {
    const s = scheduler();
    s.start();
    s.roundStarted();
    s.roundFinished({ nextAttemptAt: Date.now() + 5_000 });
    vi.advanceTimersByTime(4_999);
    expect(requested).toEqual(['app-start']);
    vi.advanceTimersByTime(1);
    expect(requested).toEqual(['app-start', 'timer']);
    s.stop();
  });

  it('a requested round that never starts does not block the scheduler forever', () => {
    const s = scheduler();
    s.start();
    s.trigger('sync-now');
    expect(requested).toEqual(['app-start']);
    vi.advanceTimersByTime(30_000);
    // The trigger that queued behind the lost request is asked for once the request expires.
    expect(requested).toEqual(['app-start', 'sync-now']);
    s.roundStarted();
    s.roundFinished();
    s.trigger('sync-now');
    expect(requested).toEqual(['app-start', 'sync-now', 'sync-now']);
    s.stop();
  });
});
