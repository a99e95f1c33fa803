/**
 * App status for the status bar: storage persistence, connectivity, what is waiting to sync,
 * the account shown, and the last local write failure. The sync engine sets `syncing`/`syncError`.
 */
import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef } from 'vue';
import { getDb } from '@renderer/db/current';
import type { WriteErrorReport } from '@renderer/db/write-errors';
import type { AccountInfo } from '@renderer/db/schema';
import { useLiveQuery } from './live';

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

  /**
   * The computer's network, from the OS alone (Chromium's online/offline events). Whether Kantata
   * answers is a separate fact (the last round's status): the sync status model keeps them apart.
   */
  const networkOnline = shallowRef(typeof navigator === 'undefined' ? true : navigator.onLine);
  function setNetworkOnline(value: boolean): void {
    networkOnline.value = value;
  }
  /**
   * Legacy mix of the network and the last round's reachability, written by sync/store.ts (with
   * `syncing` and `syncError`) until main's scheduler owns sync; the status model does not read
   * these three.
   */
  const online = shallowRef(typeof navigator === 'undefined' ? true : navigator.onLine);
  const setOnline = () => {
    online.value = true;
    setNetworkOnline(true);
  };
  const setOffline = () => {
    online.value = false;
    setNetworkOnline(false);
  };
  window.addEventListener('online', setOnline);
  window.addEventListener('offline', setOffline);
  onScopeDispose(() => {
    window.removeEventListener('online', setOnline);
    window.removeEventListener('offline', setOffline);
  });

  /** Set by the sync engine (src/renderer/src/sync) while a round runs and when one fails. */
  const syncing = shallowRef(false);
  const syncError = shallowRef<string | null>(null);

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
