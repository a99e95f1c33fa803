/**
 * The sync side of main, assembled: account (token store), one engine per connection, the
 * scheduler, the reference download, and the contract handlers for them. The shell builds it with
 * the safeStorage token store and an event emitter, feeds it connectivity events
 * (`scheduler.setOnline`), and passes it to `createAppCore`.
 */
import type { EventName, EventPayload } from '@shared/contract';
import type { AccountConnectResult, AccountStatus } from '@shared/protocol/account';
import type { ReferenceRefreshRequest, ReferenceSnapshot } from '@shared/protocol/reference';
import type { PullChunkRequest, PullChunkResult } from '@shared/protocol/first-download';
import type { SyncRoundEnd, SyncRoundRequest, SyncRoundResult, SyncTriggerReason } from '@shared/protocol/round';
import { AccountService } from '../account/account-service';
import { MemoryTokenStore, type TokenStore } from '../account/token-store';
import { KantataClient } from '../kantata/client';
import { isKantataReachable } from '../kantata/reachability';
import { refreshReference } from '../reference/reference';
import { memoryLedgerStore, type LedgerStore } from '../receipts/ledger';
import { SyncEngine, unsentResult, type SyncEngineOptions, type SyncLog } from './engine';
import { SentCreates } from './sent-creates';
import { SyncScheduler, type SchedulerClock, type SchedulerOptions } from './scheduler';
import { log as mainLog } from '../logging/log';

const syncLog = mainLog.scope('sync');

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface SyncCoreDeps {
  tokenStore?: TokenStore;
  emit?: Emit;
  clock?: SchedulerClock;
  scheduler?: Partial<SchedulerOptions>;
  /** Engine tuning (tests: short backoff). */
  engine?: Omit<SyncEngineOptions, 'client' | 'onProgress'>;
  /** How Kantata requests go out (the app: Electron's net.fetch); default Node's fetch. */
  fetch?: typeof fetch;
  /** Per-request timeout of the Kantata client, ms. */
  requestTimeoutMs?: number;
  /**
   * Where main records when it sent each create (sync/sent-creates.ts; the shell:
   * userData/sync-sent-creates.json). In memory when absent: a create in doubt is then known as
   * such only within the process.
   */
  sentCreatesStore?: LedgerStore;
  /** Sync events worth keeping (duplicates removed on the server); default main's log. */
  log?: SyncLog;
}

export interface SyncCore {
  account: AccountService;
  /** Main's ledger of writes in doubt (backups carry it). */
  sentCreates: SentCreates;
  scheduler: SyncScheduler;
  accountStatus(): Promise<AccountStatus>;
  accountConnect(request: { baseUrl: string; token: string }): Promise<AccountConnectResult>;
  accountDisconnect(): Promise<AccountStatus>;
  syncRound(request: SyncRoundRequest): Promise<SyncRoundResult>;
  syncPullChunk(request: PullChunkRequest): Promise<PullChunkResult>;
  syncTrigger(request: { reason: SyncTriggerReason }): Promise<{ accepted: boolean }>;
  syncExecutorReady(): Promise<null>;
  syncRoundEnded(report: SyncRoundEnd): Promise<null>;
  referenceRefresh(request: ReferenceRefreshRequest): Promise<ReferenceSnapshot>;
}

const realClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createSyncCore(deps: SyncCoreDeps = {}): SyncCore {
  const send = deps.emit ?? (() => {});
  // An event that cannot be delivered must never break a round or a connect.
  const emit: Emit = (event, payload) => {
    try {
      send(event, payload);
    } catch (error) {
      syncLog.warn(`event ${event} not sent:`, error instanceof Error ? error.message : error);
    }
  };
  const scheduler = new SyncScheduler(
    {
      clock: deps.clock ?? realClock,
      requestRound: (request) => emit('syncRequested', request),
      probe: async () => {
        const client = await account.client();
        return client ? isKantataReachable(client) : false;
      },
    },
    deps.scheduler,
  );
  const account = new AccountService({
    tokenStore: deps.tokenStore ?? new MemoryTokenStore(),
    createClient: (baseUrl, token) => new KantataClient({ baseUrl, token, timeoutMs: deps.requestTimeoutMs, fetch: deps.fetch }),
    onChange: (status) => {
      emit('accountChanged', status);
      scheduler.setConnected(status.connected);
      scheduler.setPaused(status.authRequired);
    },
  });

  // One ledger for every engine: a create sent under one connection is still in doubt after a reconnect.
  const sentCreates = new SentCreates(deps.sentCreatesStore ?? memoryLedgerStore());
  const log: SyncLog = deps.log ?? ((message, detail) => syncLog.warn(message, detail ?? ''));
  let engine: { client: KantataClient; engine: SyncEngine } | null = null;
  const engineFor = (client: KantataClient): SyncEngine => {
    if (engine?.client !== client) {
      engine = {
        client,
        engine: new SyncEngine({ sentCreates, log, ...deps.engine, client, onProgress: (progress) => emit('syncProgress', progress) }),
      };
    }
    return engine.engine;
  };

  return {
    account,
    sentCreates,
    scheduler,
    accountStatus: () => account.status(),
    accountConnect: async (request) => {
      const result = await account.connect(request);
      if (result.ok) scheduler.trigger('account');
      return result;
    },
    accountDisconnect: () => account.disconnect(),
    syncRound: async (request) => {
      const client = await account.client();
      if (!client) return unsentResult(request, 'not-connected', 'Connect your Kantata account to sync.');
      if (account.paused) return unsentResult(request, 'auth-required', 'Sync paused: reconnect your Kantata account.');
      const result = await scheduler.runExclusive(
        () => engineFor(client).runRound(request),
        (done) => ({ nextAttemptAt: done.nextAttemptAt, offline: done.status === 'offline' }),
      );
      if (result.status === 'auth-required') await account.markAuthRequired();
      return result;
    },
    // Part of the round the scheduler asked for: the renderer asks for chunks one after another.
    syncPullChunk: async (request) => {
      scheduler.roundStarted();
      const unsent = (status: PullChunkResult['status'], message: string): PullChunkResult => ({
        status, upserts: [], clientRefs: {}, total: 0, pageCount: 0, cursor: null, message,
      });
      const client = await account.client();
      if (!client) return unsent('not-connected', 'Connect your Kantata account to sync.');
      if (account.paused) return unsent('auth-required', 'Sync paused: reconnect your Kantata account.');
      const result = await engineFor(client).pullChunk(request);
      if (result.status === 'auth-required') await account.markAuthRequired();
      return result;
    },
    syncTrigger: async ({ reason }) => ({ accepted: scheduler.trigger(reason) }),
    syncExecutorReady: async () => {
      // Known before the first request: without an account there is nothing to ask for.
      scheduler.setConnected((await account.status()).connected);
      scheduler.executorReady();
      return null;
    },
    syncRoundEnded: async (report) => {
      if (!report.applied && report.error) log('round not applied', { error: report.error });
      scheduler.roundEnded(report);
      return null;
    },
    referenceRefresh: async (request) => {
      const client = await account.client();
      if (!client) throw new Error('Connect your Kantata account first.');
      try {
        return await refreshReference(client, request);
      } catch (e) {
        if (e instanceof Error && 'kind' in e && (e as { kind: unknown }).kind === 'auth') await account.markAuthRequired();
        throw e;
      }
    },
  };
}
