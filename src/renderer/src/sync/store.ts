/**
 * Sync as the UI sees it: the executor's state, the round's progress, the Kantata account, whether
 * Kantata is reachable, and the actions (Sync now, connect, disconnect). Main's scheduler decides
 * when rounds run; only the leading (main) window executes them. Other windows (quick-add) write
 * to Dexie and the leader reports the grown outbox to main.
 *
 * The API token passes through `connect` straight to main and is kept nowhere here.
 */
import { defineStore } from 'pinia';
import { computed, getCurrentScope, onScopeDispose, shallowRef, watch, type EffectScope } from 'vue';
import type { AttentionItem, CourierApi, QueueStatus, ResolvedReport } from '@shared/contract';
import { formatMoney } from '@shared/money';
import type { AccountConnectResult, AccountStatus } from '@shared/protocol/account';
import type { SyncProgress, SyncRoundResult } from '@shared/protocol/round';
import { courier, hasCourier } from '@renderer/bridge';
import { getDb } from '@renderer/db/current';
import type { AccountInfo } from '@renderer/db/schema';
import { userLocale } from '@renderer/locale';
import { useLiveQuery } from '@renderer/db/live-query';
import { useStatusStore } from '@renderer/stores/status';
import { isQuickAddRoute } from '@renderer/router';
import { uploadPendingReceipts } from '@renderer/receipts/upload';
import { courierSyncPort } from './courier-port';
import { discardUnsyncedChanges } from './discard';
import { readCursor } from './round-db';
import { IDLE_EXECUTOR, SyncExecutor, type ExecutorState } from './executor';

/** The quick-add window only writes; the main window leads. */
export function isLeadingWindow(): boolean {
  return !isQuickAddRoute();
}

/** "Sync now" stops waiting for its round after this long (the round itself goes on). */
const SYNC_NOW_WAIT_MS = 120_000;

export const useSyncStore = defineStore('sync', () => {
  const db = getDb();

  const executorState = shallowRef<ExecutorState>(IDLE_EXECUTOR);
  const progress = shallowRef<SyncProgress | null>(null);
  const account = shallowRef<AccountStatus | null>(null);
  const started = shallowRef(false);
  let executor: SyncExecutor | null = null;
  // start() runs later than setup: its live queries, watchers and listeners belong to the store's
  // scope, so disposing the store (tests, HMR) stops them and the executor.
  const storeScope: EffectScope | undefined = getCurrentScope();

  /**
   * Whether Kantata can be reached, as last heard: the OS's network events, main's connectivity
   * reports, and what the last round found (which beats the OS's optimistic online flag).
   */
  const online = shallowRef(typeof navigator === 'undefined' ? true : navigator.onLine);
  const networkUp = () => (online.value = true);
  const networkDown = () => (online.value = false);
  window.addEventListener('online', networkUp);
  window.addEventListener('offline', networkDown);
  onScopeDispose(() => {
    window.removeEventListener('online', networkUp);
    window.removeEventListener('offline', networkDown);
  });

  const hasCursor = useLiveQuery(async () => (await readCursor(db)) !== null, true).value;
  const errorCount = useLiveQuery(() => db.expenses.where('syncState').equals('error').count(), 0).value;
  const openConflicts = useLiveQuery(() => db.conflicts.filter((c) => c.resolvedAt === null && c.overwrote).count(), 0).value;

  const running = computed(() => executorState.value.running);
  /** What went wrong in the last round as a whole, or null. */
  const roundError = computed(() => executorState.value.lastError);
  const authRequired = computed(() => account.value?.authRequired === true);
  /** The first full download is running: the status bar shows a progress bar for it. */
  const firstDownload = computed(() => running.value && !hasCursor.value);
  const progressRatio = computed(() => {
    const p = progress.value;
    return p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
  });

  function setAccount(next: AccountStatus): void {
    account.value = next;
    const info: AccountInfo | null = next.user ? { userId: next.user.id, fullName: next.user.fullName, email: next.user.email } : null;
    void db.meta.put({ key: 'account', value: info });
  }

  function roundFinished(status: SyncRoundResult['status'] | null): void {
    if (status === 'offline') online.value = false;
    else if (status === 'ok' || status === 'partial') online.value = true;
  }

  async function loadAccount(): Promise<AccountStatus | null> {
    if (!hasCourier()) return null;
    const next = await courier().accountStatus();
    setAccount(next);
    return next;
  }

  /** Starts the executor in the leading window (idempotent). Returns false in other windows. */
  function start(): boolean {
    if (started.value || !isLeadingWindow() || !hasCourier()) return false;
    started.value = true;
    if (storeScope) storeScope.run(startInScope);
    else startInScope();
    return true;
  }

  function startInScope(): void {
    const contract = courier();
    const x = new SyncExecutor({
      db,
      port: courierSyncPort(db, contract),
      onChange: (next) => {
        executorState.value = next;
        if (!next.running) {
          progress.value = null;
          roundFinished(next.lastStatus);
        }
      },
      // Held: the book is being replaced (restore); a round would apply to the wrong one.
      held: () => holds > 0,
      // Receipts first: the engine holds back an expense whose receipt has no attachment id yet.
      beforeRound: async () => {
        const { failed } = await uploadPendingReceipts(db, contract);
        for (const f of failed) console.warn(`receipt ${f.name} not uploaded: ${f.message}`);
      },
      onError: (error) => console.error('sync round failed', error),
    });
    executor = x;
    const unsubscribe = [
      contract.on('syncRequested', (request) => void x.run(request)),
      contract.on('syncProgress', (p) => (progress.value = p)),
      contract.on('connectivityChanged', (change) => (online.value = change.online)),
      contract.on('accountChanged', setAccount),
      contract.on('quitRequested', ({ deadlineMs }) => void parkForQuit(x, contract, deadlineMs)),
    ];
    onScopeDispose(() => {
      x.stop();
      unsubscribe.forEach((off) => off());
    });
    reportOutboxGrowth(contract);
    reportQueue(contract);
    void loadAccount()
      .catch((error: unknown) => console.error('account status unavailable', error))
      .finally(() => void contract.syncExecutorReady().catch((error: unknown) => console.error('sync executor not registered', error)));
  }

  /** A local write anywhere (this window or quick-add) grows the outbox: main's scheduler hears of it. */
  function reportOutboxGrowth(contract: CourierApi): void {
    let seen: number | null = null;
    const lastSeq = useLiveQuery(async () => ((await db.outbox.orderBy('seq').lastKey()) as number | undefined) ?? 0, -1).value;
    watch(lastSeq, (seq) => {
      if (seq < 0) return;
      const grew = seen !== null && seq > seen;
      seen = Math.max(seen ?? 0, seq);
      if (grew) void contract.syncTrigger({ reason: 'local-write' }).catch((error: unknown) => console.error('sync trigger failed', error));
    });
  }

  /** Tray, notifications and the quit flow in main follow the queue as this window sees it. */
  function reportQueue(contract: CourierApi): void {
    const status = useStatusStore();
    const attention = useLiveQuery(
      () => db.expenses.where('syncState').anyOf('error', 'conflict').limit(50).toArray(),
      [],
    ).value;
    // Reports Kantata resolved: main notifies about the ones that are new since it started.
    const resolved = useLiveQuery(
      async () => (await db.submissions.where('status').anyOf('approved', 'rejected').sortBy('updatedAt')).slice(-50),
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
      resolvedReports: resolved.value.map(
        (r): ResolvedReport => ({
          id: r.id,
          title: r.title.slice(0, 300),
          status: r.status === 'approved' ? 'approved' : 'rejected',
          resolution: r.resolution?.slice(0, 2000) ?? null,
        }),
      ),
    }));
    watch(
      snapshot,
      (next) => void contract.reportQueueStatus(next).catch((error: unknown) => console.error('queue report failed', error)),
      { immediate: true },
    );
  }

  async function parkForQuit(x: SyncExecutor, contract: CourierApi, deadlineMs: number): Promise<void> {
    // Leave a margin for the answer itself; an unfinished round is safe to replay next start.
    const margin = Math.max(0, deadlineMs - 500);
    await Promise.race([x.idle(), new Promise((resolve) => setTimeout(resolve, margin))]);
    await contract.quitReady();
  }

  let holds = 0;
  /** Runs `work` with no sync round running or starting meanwhile (a restore replacing the book), then syncs. */
  async function withRoundsHeld<T>(work: () => Promise<T>): Promise<T> {
    holds++;
    try {
      await executor?.idle();
      return await work();
    } finally {
      holds--;
      if (holds === 0 && executor) void courier().syncTrigger({ reason: 'sync-now' }).catch((error: unknown) => console.error('sync trigger failed', error));
    }
  }

  /** Resolves when no round is running (the quit flow, tests). */
  function idle(): Promise<void> {
    return executor ? executor.idle() : Promise.resolve();
  }

  /** Asks main for a round now; resolves when it is over (or when none will come). */
  async function syncNow(): Promise<void> {
    if (!executor) return;
    const next = executor.nextRound();
    const { accepted } = await courier().syncTrigger({ reason: 'sync-now' });
    if (!accepted) return;
    await Promise.race([next, new Promise((resolve) => setTimeout(resolve, SYNC_NOW_WAIT_MS))]);
  }

  /** Main asks for a full round itself once the account is connected. */
  async function connect(baseUrl: string, token: string): Promise<AccountConnectResult> {
    const result = await courier().accountConnect({ baseUrl, token });
    setAccount(result.status);
    return result;
  }

  /** Disconnect; `unsynced` says what happens to changes that have not reached Kantata. */
  async function disconnect(unsynced: 'keep' | 'discard'): Promise<void> {
    await executor?.idle();
    if (unsynced === 'discard') await discardUnsyncedChanges(db);
    setAccount(await courier().accountDisconnect());
  }

  return {
    executorState,
    online,
    roundError,
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
