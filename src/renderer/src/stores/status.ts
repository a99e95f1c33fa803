/**
 * App status for the status bar: storage persistence, connectivity, what is waiting to sync,
 * the account shown, and the last local write failure. `online`, `syncing` and `syncError` are
 * derived from the sync store, which alone holds them.
 */
import { defineStore } from 'pinia';
import { computed, onScopeDispose, shallowRef } from 'vue';
import { useSyncStore } from '@renderer/sync/store';
import { getDb } from '@renderer/db/current';
import type { WriteErrorReport } from '@renderer/db/write-errors';
import type { AccountInfo } from '@renderer/db/schema';
import { useLiveQuery } from '@renderer/db/live-query';

export type PersistState = 'unknown' | 'granted' | 'denied' | 'unsupported' | 'error';

export const useStatusStore = defineStore('status', () => {
  const db = getDb();

  /**
   * Expenses with changes that have not reached Kantata: the rows marked "Waiting to sync" (and
   * deletions not yet sent). Counted by expense, not outbox row: an expense created and then edited
   * offline has two rows but is one expense waiting. Every local write marks its expense pending in
   * the same transaction as its outbox row, and settling the row clears it, so the state index
   * answers this in a count (the outbox's distinct ids would take ~200 ms at 10,000 rows).
   */
  const waitingCount = useLiveQuery(() => db.expenses.where('syncState').equals('pending').count(), 0).value;
  const needsAttention = useLiveQuery(() => db.expenses.where('syncState').anyOf('error', 'conflict').count(), 0).value;
  const account = useLiveQuery(async () => ((await db.meta.get('account'))?.value as AccountInfo | null | undefined) ?? null, null).value;
  const lastSyncAt = useLiveQuery(async () => ((await db.meta.get('lastSyncAt'))?.value as number | null | undefined) ?? null, null).value;

  const sync = useSyncStore();
  const online = computed(() => sync.online);
  const syncing = computed(() => sync.running);
  const syncError = computed(() => sync.roundError);

  /**
   * The computer's network, from the OS alone (Chromium's online/offline events). Whether Kantata
   * answers is a separate fact (the sync store's `online`, from main and the last round): the sync
   * status model keeps them apart.
   */
  const networkOnline = shallowRef(typeof navigator === 'undefined' ? true : navigator.onLine);
  function setNetworkOnline(value: boolean): void {
    networkOnline.value = value;
  }
  const networkUp = () => setNetworkOnline(true);
  const networkDown = () => setNetworkOnline(false);
  window.addEventListener('online', networkUp);
  window.addEventListener('offline', networkDown);
  onScopeDispose(() => {
    window.removeEventListener('online', networkUp);
    window.removeEventListener('offline', networkDown);
  });

  const persist = shallowRef<PersistState>('unknown');
  /** Ask the browser to keep our data under storage pressure (navigator.storage.persist). */
  async function requestPersistence(): Promise<PersistState> {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage?.persist) {
      persist.value = 'unsupported';
      return persist.value;
    }
    try {
      persist.value = (await storage.persisted()) || (await storage.persist()) ? 'granted' : 'denied';
    } catch {
      persist.value = 'error';
    }
    return persist.value;
  }

  const lastWriteError = shallowRef<WriteErrorReport | null>(null);
  function reportWriteError(report: WriteErrorReport | null): void {
    lastWriteError.value = report;
  }

  return {
    waitingCount,
    needsAttention,
    account,
    lastSyncAt,
    online,
    networkOnline,
    setNetworkOnline,
    syncing,
    syncError,
    persist,
    requestPersistence,
    lastWriteError,
    reportWriteError,
  };
});
