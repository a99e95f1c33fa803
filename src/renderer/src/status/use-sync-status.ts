/**
 * The facts of the sync status, read from the stores that own them (nothing is written), and the
 * status derived from them: the sync store's executor (the last round main asked for), the
 * account, and the OS network from the status store.
 */
import { computed, type ComputedRef } from 'vue';
import { useStatusStore } from '@renderer/stores/status';
import { useSyncStore } from '@renderer/sync/store';
import { syncStatus, type SyncStatus, type SyncStatusFacts } from './sync-status';

export function useSyncStatusFacts(): ComputedRef<SyncStatusFacts> {
  const status = useStatusStore();
  const sync = useSyncStore();
  return computed(() => {
    const last = sync.executorState;
    return {
      // Before main answered, the account saved with the last session says whether we are connected.
      connected: sync.account ? sync.account.connected : status.account !== null,
      networkOnline: status.networkOnline,
      kantataReachable: last.lastStatus !== 'offline',
      needsReconnect: sync.authRequired,
      running: sync.running,
      firstDownload: sync.firstDownload,
      progress: sync.progress,
      waiting: status.waitingCount,
      refused: sync.errorCount,
      conflicts: sync.openConflicts,
      // Offline and a refused token have states of their own; the rest is "Sync failed".
      lastError: last.lastStatus === 'offline' || last.lastStatus === 'auth-required' ? null : last.lastError,
      lastSyncAt: status.lastSyncAt,
    };
  });
}

export function useSyncStatus(): ComputedRef<SyncStatus> {
  const facts = useSyncStatusFacts();
  return computed(() => syncStatus(facts.value));
}
