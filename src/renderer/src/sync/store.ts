/**
 * Sync as the UI sees it: the runner's state, the round's progress, the Kantata account, and the
 * actions (Sync now, connect, disconnect). Only the leading (main) window starts the runner; other
 * windows (quick-add) write to Dexie and the leader picks their changes up through the outbox.
 *
 * The API token passes through `connect` straight to main and is kept nowhere here.
 */
import { defineStore } from 'pinia';
import { computed, getCurrentScope, onScopeDispose, shallowRef, watch, type EffectScope } from 'vue';
import type { AttentionItem, CourierApi, QueueStatus } from '@shared/contract';
import { formatMoney } from '@shared/money';
import type { AccountConnectResult, AccountStatus, SyncProgress } from '@shared/sync-protocol';
import { courier, hasCourier } from '@renderer/bridge';
import { getDb } from '@renderer/db/current';
import type { AccountInfo } from '@renderer/db/schema';
import { userLocale } from '@renderer/locale';
import { useLiveQuery } from '@renderer/stores/live';
import { useStatusStore } from '@renderer/stores/status';
import { isQuickAddRoute } from '@renderer/router';
import { uploadPendingReceipts } from '@renderer/receipts/upload';
import { courierSyncPort } from './courier-port';
import { discardUnsyncedChanges } from './discard';
import { readCursor } from './round-db';
import { SyncRunner, type RunnerState } from './runner';

/** Quiet time after the last local write before a round starts (a burst of edits = one round). */
export const LOCAL_WRITE_DEBOUNCE_MS = 1_500;

/** The quick-add window only writes; the main window leads. */
export function isLeadingWindow(): boolean {
  return !isQuickAddRoute();
}

const IDLE: RunnerState = {
  running: false,
  queued: false,
  authRequired: false,
  lastStatus: null,
  lastError: null,
  lastSummary: null,
  retryAt: null,
};

export const useSyncStore = defineStore('sync', () => {
  const db = getDb();
  const status = useStatusStore();

  const runnerState = shallowRef<RunnerState>(IDLE);
  const progress = shallowRef<SyncProgress | null>(null);
  const account = shallowRef<AccountStatus | null>(null);
  const started = shallowRef(false);
  let runner: SyncRunner | null = null;
  let api: CourierApi | null = null;
  // start() runs later than setup: its live queries, watchers and listeners belong to the store's
  // scope, so disposing the store (tests, HMR) stops them and the runner.
  const storeScope: EffectScope | undefined = getCurrentScope();

  const hasCursor = useLiveQuery(async () => (await readCursor(db)) !== null, true).value;
  const errorCount = useLiveQuery(() => db.expenses.where('syncState').equals('error').count(), 0).value;
  const openConflicts = useLiveQuery(() => db.conflicts.filter((c) => c.resolvedAt === null && c.overwrote).count(), 0).value;

  const running = computed(() => runnerState.value.running);
  const authRequired = computed(() => runnerState.value.authRequired || account.value?.authRequired === true);
  /** The first full download is running: the status bar shows a progress bar for it. */
  const firstDownload = computed(() => running.value && !hasCursor.value);
  const progressRatio = computed(() => {
    const p = progress.value;
    return p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
  });

  function setAccount(next: AccountStatus): void {
    account.value = next;
    if (runner && next.authRequired && !runner.state.authRequired) {
      runner.state.authRequired = true;
      runnerState.value = { ...runner.state };
    }
    const info: AccountInfo | null = next.user ? { userId: next.user.id, fullName: next.user.fullName, email: next.user.email } : null;
    void db.meta.put({ key: 'account', value: info });
  }

  async function loadAccount(): Promise<AccountStatus | null> {
    if (!hasCourier()) return null;
    const next = await courier().accountStatus();
    setAccount(next);
    return next;
  }

  /** Starts the runner in the leading window (idempotent). Returns false in other windows. */
  function start(): boolean {
    if (started.value || !isLeadingWindow() || !hasCourier()) return false;
    started.value = true;
    if (storeScope) storeScope.run(startInScope);
    else startInScope();
    return true;
  }

  function startInScope(): void {
    api = courier();
    const contract = api;
    runner = new SyncRunner({
      db,
      port: courierSyncPort(db, contract),
      onChange: (next) => {
        runnerState.value = next;
        status.syncing = next.running;
        status.syncError = next.lastError;
        // What the last round found beats the OS's optimistic online flag.
        if (next.lastStatus === 'offline') status.online = false;
        else if (next.lastStatus === 'ok' || next.lastStatus === 'partial') status.online = true;
        if (!next.running) progress.value = null;
      },
      // Not connected: nothing to send to, and counting attempts would only cost look-ups later.
      // Held: the book is being replaced (restore); a round would apply to the wrong one.
      canSync: () => holds === 0 && (account.value === null || account.value.connected),
      // Receipts first: the engine holds back an expense whose receipt has no attachment id yet.
      beforeRound: async () => {
        const { failed } = await uploadPendingReceipts(db, contract);
        for (const f of failed) console.warn(`receipt ${f.name} not uploaded: ${f.message}`);
      },
      onError: (error) => console.error('sync round failed', error),
    });
    const r = runner;
    const unsubscribe = [
      contract.on('syncRequested', ({ reason }) => void r.trigger(reason)),
      contract.on('syncProgress', (p) => (progress.value = p)),
      contract.on('connectivityChanged', ({ online }) => (status.online = online)),
      contract.on('accountChanged', setAccount),
      contract.on('quitRequested', ({ deadlineMs }) => void parkForQuit(r, contract, deadlineMs)),
    ];
    onScopeDispose(() => {
      r.stop();
      unsubscribe.forEach((off) => off());
    });
    watchOutbox(r);
    reportQueue(contract);
    void loadAccount()
      .catch((error: unknown) => console.error('account status unavailable', error))
      .finally(() => void r.trigger('app-start'));
  }

  /** A local write anywhere (this window or quick-add) grows the outbox: sync after a quiet moment. */
  function watchOutbox(r: SyncRunner): void {
    let seen: number | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const lastSeq = useLiveQuery(async () => ((await db.outbox.orderBy('seq').lastKey()) as number | undefined) ?? 0, -1).value;
    watch(lastSeq, (seq) => {
      if (seq < 0) return;
      if (seen === null || seq <= seen) {
        seen = Math.max(seen ?? 0, seq);
        return;
      }
      seen = seq;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void r.trigger('local-write');
      }, LOCAL_WRITE_DEBOUNCE_MS);
    });
  }

  /** Tray, notifications and the quit flow in main follow the queue as this window sees it. */
  function reportQueue(contract: CourierApi): void {
    const attention = useLiveQuery(
      () => db.expenses.where('syncState').anyOf('error', 'conflict').limit(50).toArray(),
      [],
    ).value;
    const snapshot = computed<QueueStatus>(() => ({
      pendingCount: status.waitingCount,
      errorCount: status.needsAttention,
      lastSyncAt: status.lastSyncAt,
      syncing: running.value,
      attention: attention.value.map(
        (e): AttentionItem => ({
          expenseId: e.id,
          state: e.syncState === 'conflict' ? 'conflict' : 'error',
          message: (e.syncMessage ?? '').slice(0, 2000),
          summary: `${e.notes || e.category} · ${formatMoney(e.amountCents, e.currency, userLocale.value)}`.slice(0, 200),
        }),
      ),
    }));
    watch(
      snapshot,
      (next) => void contract.reportQueueStatus(next).catch((error: unknown) => console.error('queue report failed', error)),
      { immediate: true },
    );
  }

  async function parkForQuit(r: SyncRunner, contract: CourierApi, deadlineMs: number): Promise<void> {
    // Leave a margin for the answer itself; an unfinished round is safe to replay next start.
    const margin = Math.max(0, deadlineMs - 500);
    await Promise.race([r.idle(), new Promise((resolve) => setTimeout(resolve, margin))]);
    await contract.quitReady();
  }

  let holds = 0;
  /** Runs `work` with no sync round running or starting meanwhile (a restore replacing the book), then syncs. */
  async function withRoundsHeld<T>(work: () => Promise<T>): Promise<T> {
    holds++;
    try {
      await runner?.idle();
      return await work();
    } finally {
      holds--;
      if (holds === 0) void runner?.trigger('sync-now');
    }
  }

  /** Resolves when no round is running (the quit flow, tests). */
  function idle(): Promise<void> {
    return runner ? runner.idle() : Promise.resolve();
  }

  function syncNow(): Promise<void> {
    return runner ? runner.trigger('sync-now') : Promise.resolve();
  }

  async function connect(baseUrl: string, token: string): Promise<AccountConnectResult> {
    const result = await courier().accountConnect({ baseUrl, token });
    setAccount(result.status);
    if (result.ok) void runner?.resume();
    return result;
  }

  /** Disconnect; `unsynced` says what happens to changes that have not reached Kantata. */
  async function disconnect(unsynced: 'keep' | 'discard'): Promise<void> {
    await runner?.idle();
    if (unsynced === 'discard') await discardUnsyncedChanges(db);
    setAccount(await courier().accountDisconnect());
  }

  return {
    runnerState,
    progress,
    progressRatio,
    account,
    started,
    running,
    authRequired,
    firstDownload,
    errorCount,
    openConflicts,
    start,
    loadAccount,
    idle,
    withRoundsHeld,
    syncNow,
    connect,
    disconnect,
  };
});
