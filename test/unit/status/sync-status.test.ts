import { describe, expect, it } from 'vitest';
import { syncStatus, type SyncStatusFacts } from '@renderer/status/sync-status';

/** Connected, online, reachable, idle, nothing waiting: the calm baseline each case changes. */
const calm: SyncStatusFacts = {
  connected: true,
  networkOnline: true,
  kantataReachable: true,
  needsReconnect: false,
  running: false,
  firstDownload: false,
  progress: null,
  waiting: 0,
  refused: 0,
  conflicts: 0,
  lastError: null,
  lastSyncAt: 1_790_000_000_000,
};
const status = (changes: Partial<SyncStatusFacts>) => syncStatus({ ...calm, ...changes });

describe('the sync status model', () => {
  it('not connected: a fresh profile is neither green nor in error, and offers no Sync now', () => {
    const s = status({ connected: false, lastSyncAt: null, waiting: 3 });
    expect(s).toMatchObject({ kind: 'not-connected', tone: 'neutral', canSyncNow: false, waiting: 3 });
  });

  it('not connected after Disconnect: the old error, refusals and conflicts are not shown', () => {
    const s = status({ connected: false, lastError: 'HTTP 500', needsReconnect: true, refused: 2, conflicts: 1, running: true });
    expect(s).toMatchObject({ kind: 'not-connected', errorDetail: null, refused: 0, conflicts: 0, lastSyncAt: null, progress: null });
  });

  it('no network: wins over a running round and over Kantata being unreachable', () => {
    const s = status({ networkOnline: false, running: true, kantataReachable: false, progress: { phase: 'pull', done: 1, total: 9 } });
    expect(s).toMatchObject({ kind: 'no-network', tone: 'neutral', canSyncNow: false, progress: null, firstDownload: false });
  });

  it('Kantata not reachable: the network is up but the last round could not reach the server', () => {
    const s = status({ kantataReachable: false, waiting: 2 });
    expect(s).toMatchObject({ kind: 'unreachable', tone: 'warn', canSyncNow: true, waiting: 2 });
  });

  it('syncing, with progress: hides the last round failure (it is trying again) and clamps the progress', () => {
    const s = status({ running: true, kantataReachable: false, lastError: 'x', progress: { phase: 'push', done: 12, total: 10 } });
    expect(s).toMatchObject({ kind: 'syncing', tone: 'busy', canSyncNow: false, errorDetail: null, progress: { phase: 'push', done: 10, total: 10 } });
  });

  it('syncing the first download: flagged, and without progress until main reports a total', () => {
    expect(status({ running: true, firstDownload: true, progress: { phase: 'pull', done: 0, total: 0 } })).toMatchObject({
      kind: 'syncing',
      firstDownload: true,
      progress: null,
    });
  });

  it('sync failed: a round failed for another reason, with its detail', () => {
    expect(status({ lastError: 'GET /expenses: fetch failed (UND_ERR_SOCKET)' })).toMatchObject({
      kind: 'failed',
      tone: 'danger',
      errorDetail: 'GET /expenses: fetch failed (UND_ERR_SOCKET)',
      canSyncNow: true,
    });
  });

  it('waiting, with a count', () => {
    expect(status({ waiting: 4 })).toMatchObject({ kind: 'waiting', waiting: 4, canSyncNow: true });
  });

  it('all delivered: connected, reachable, nothing waiting', () => {
    expect(status({})).toMatchObject({ kind: 'delivered', tone: 'ok', waiting: 0, lastSyncAt: calm.lastSyncAt, canSyncNow: true });
  });

  it('refused and conflicts: counted next to any connected headline', () => {
    expect(status({ refused: 2, conflicts: 3 })).toMatchObject({ kind: 'delivered', refused: 2, conflicts: 3 });
    expect(status({ refused: 1, waiting: 1, kantataReachable: false })).toMatchObject({ kind: 'unreachable', refused: 1, conflicts: 0 });
  });

  it('paused, needing a reconnect: outranks the network and any round, and Sync now cannot help', () => {
    const s = status({ needsReconnect: true, networkOnline: false, running: true, waiting: 5 });
    expect(s).toMatchObject({ kind: 'paused', tone: 'danger', canSyncNow: false, waiting: 5 });
  });
});
