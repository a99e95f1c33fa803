/**
 * Composition root of the main-process core: builds one handler per contract call from small
 * dependencies. The Electron shell (src/main/index.ts) passes Electron-backed adapters; the e2e
 * harness passes Node ones. Keep every dependency a small interface so both can.
 */
import type { AppInfo } from '@shared/contract';
import type { DiagnosticsExportRequest, DiagnosticsExportResult } from '@shared/diagnostics';
import type { CoreHandlers } from './ipc/handlers';
import { createSyncCore, type SyncCore } from './sync/sync-core';
import {
  UploadLedger,
  AttachmentDigests,
  createReceiptHandlers,
  memoryLedgerStore,
  receiptUploaderFor,
  type LedgerStore,
  type ReceiptUploadProgress,
  type ReceiptUploader,
} from './receipts';
import type { ProxyLoginBroker } from './network/proxy-login';
import { log } from './logging/log';
import { loggedRounds } from './logging/round-log';
import type { UpdateFlow } from './updates/update-flow';
import { createDetachedDesktopCalls, type DesktopCalls } from './tray/desktop-calls';
import { createFileCalls } from './files/file-calls';
import type { FileDialogs } from './files/dialogs';
import { backupAccountOf } from '@shared/backup-account';

export interface AppCoreDeps {
  appInfo: AppInfo;
  /** Kantata account, sync rounds, scheduler, reference data (sync/sync-core.ts); default: in-memory token store, no events. */
  sync?: SyncCore;
  /**
   * Receipt uploads (receipts/uploader.ts). Default: through the sync core's account, with the
   * ledger in `receiptLedger` (in memory when absent: replays then reuse uploads only within the
   * process, not across restarts).
   */
  receipts?: ReceiptUploader;
  /** Where the default uploader keeps its ledger (the shell: userData/receipt-uploads.json). */
  receiptLedger?: LedgerStore;
  /** The upload ledger itself, when the caller built `receipts` with it (backups carry it). */
  uploadLedger?: UploadLedger;
  /** Save and open dialogs for exports and backups (the shell's, or a test folder). */
  dialogs?: FileDialogs;
  /** The default uploader's progress (the shell broadcasts it as `receiptUploadProgress`). */
  onReceiptProgress?: (progress: ReceiptUploadProgress) => void;
  /** Quick-add, settings, queue report and quit calls (tray/desktop-calls.ts); default: detached, in memory. */
  desktop?: DesktopCalls;
  /** Answers to the proxy login prompt (network/proxy-login.ts); absent: no prompt is ever open. */
  proxyLogin?: Pick<ProxyLoginBroker, 'answer'>;
  /** Help → Export diagnostics (diagnostics/diagnostics.ts with the shell's sources); absent: not offered. */
  diagnostics?: (request: DiagnosticsExportRequest) => Promise<DiagnosticsExportResult>;
  /** Self-update (updates/update-flow.ts); absent: updates are off (harness, tests). */
  updates?: Pick<UpdateFlow, 'state' | 'restart' | 'takeInstalledNotes'>;
  /** Told after every sync round (a restart to update may be waiting for it). */
  roundFinished?: () => void;
}

export function createAppCore(deps: AppCoreDeps): CoreHandlers {
  const appInfo = { ...deps.appInfo };
  const sync = deps.sync ?? createSyncCore();
  const uploadLedger = deps.uploadLedger ?? new UploadLedger(deps.receiptLedger ?? memoryLedgerStore());
  return {
    appInfo: async () => appInfo,
    accountStatus: () => sync.accountStatus(),
    accountConnect: (request) => sync.accountConnect(request),
    accountDisconnect: () => sync.accountDisconnect(),
    syncRound: loggedRounds((request) => sync.syncRound(request).finally(() => deps.roundFinished?.()), log.scope('sync')),
    syncPullChunk: (request) => sync.syncPullChunk(request),
    syncTrigger: (request) => sync.syncTrigger(request),
    syncExecutorReady: () => sync.syncExecutorReady(),
    syncRoundEnded: (report) => sync.syncRoundEnded(report),
    referenceRefresh: (request) => sync.referenceRefresh(request),
    ...createReceiptHandlers(
      deps.receipts ??
        receiptUploaderFor(sync.account, {
          ledger: uploadLedger,
          onProgress: deps.onReceiptProgress,
        }),
      new AttachmentDigests({ client: () => sync.account.client(), onAuthRequired: () => sync.account.markAuthRequired() }),
    ),
    ...(deps.desktop ?? createDetachedDesktopCalls()),
    proxyLoginAnswer: async (answer) => {
      const accepted = deps.proxyLogin?.answer(answer) ?? false;
      log.scope('network').info(`proxy login ${answer.id} ${answer.credentials ? 'answered' : 'cancelled'}${accepted ? '' : ' too late'}`);
      return { accepted };
    },
    updateStatus: async () => ({
      state: deps.updates?.state() ?? { phase: 'disabled', reason: 'unpackaged' },
      installed: deps.updates?.takeInstalledNotes() ?? null,
    }),
    updateRestart: async (request) => deps.updates?.restart(request) ?? { restarting: false, reason: 'not-ready' },
    diagnosticsExport: async (request) => {
      if (!deps.diagnostics) throw new Error('Exporting diagnostics is not available in this build.');
      const result = await deps.diagnostics(request);
      log.info(result.saved ? `diagnostics saved to ${result.filePath}` : 'diagnostics export cancelled', { includeNotes: request.includeNotes });
      return result;
    },
    ...createFileCalls({
      dialogs: deps.dialogs ?? noDialogs,
      sentCreates: sync.sentCreates,
      uploadLedger,
      account: async () => backupAccountOf(await sync.accountStatus()),
    }),
  };
}

/** Without the shell there is nobody to ask: every dialog counts as cancelled. */
const noDialogs: FileDialogs = {
  chooseSavePath: async () => null,
  chooseOpenPath: async () => null,
  chooseFolder: async () => null,
};
