/**
 * The one typed contract between the renderer and the main process.
 *
 * Every call the renderer may make (`invokes`) and every event main may send (`events`) is
 * declared here once, with a runtime schema for its payload. Main registers handlers from it
 * (src/main/core/ipc), preload exposes it as `window.courier`, the e2e harness implements it
 * in Node. Channel names are derived from the keys by `channelOf`/`eventChannelOf`: no string
 * channel name appears anywhere else.
 */
import { z } from 'zod';
import { AccountConnectRequestSchema, AccountConnectResultSchema, AccountStatusSchema } from './protocol/account';
import { ReferenceRefreshRequestSchema, ReferenceSnapshotSchema } from './protocol/reference';
import {
  SyncProgressSchema,
  SyncRequestSchema,
  SyncRoundEndSchema,
  SyncRoundRequestSchema,
  SyncRoundResultSchema,
  SyncTriggerReasonSchema,
} from './protocol/round';
import { PullChunkRequestSchema, PullChunkResultSchema } from './protocol/first-download';
import { AttachmentDigestRequestSchema, AttachmentDigestResultSchema } from './protocol/receipt-attachments';
import { AppSettingsPatchSchema, SettingsStateSchema } from './settings';
import { EVENT_NAMES, INVOKE_NAMES, channelOf, eventChannelOf, type EventName, type InvokeName } from './contract-names';
import { ProxyLoginAnswerSchema, ProxyLoginPromptSchema } from './proxy-login';
import { DiagnosticsExportRequestSchema, DiagnosticsExportResultSchema } from './diagnostics';
import { UpdateInstalledSchema, UpdateRestartRequestSchema, UpdateRestartResultSchema, UpdateStateSchema } from './updates';
import { BackupTargetSchema, FileChunkSchema, FileReadChunkSchema, FileSaveRequestSchema, FileSaveResultSchema, FileSessionSchema, MainBackupStateSchema, MainRestoreResultSchema } from './files';

export interface CallSpec<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
}

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): CallSpec<Req, Res> {
  return { request, response };
}

const NoArgs = z.undefined();

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** A problem the user must act on, as the leading window reports it (notifications). */
export const AttentionItemSchema = z.object({
  expenseId: z.string().min(1),
  state: z.enum(['error', 'conflict']),
  /** The server's or the engine's message. */
  message: z.string().max(2000),
  /** How the user recognises the expense, e.g. "Taxi · $12.50 · Apollo rollout". */
  summary: z.string().max(200),
});
export type AttentionItem = z.infer<typeof AttentionItemSchema>;

/** An expense report Kantata approved or rejected, as the leading window reports it. */
export const ResolvedReportSchema = z.object({
  id: z.string().min(1),
  title: z.string().max(300),
  status: z.enum(['approved', 'rejected']),
  /** The approver's words, when they gave any. */
  resolution: z.string().max(2000).nullable(),
});
export type ResolvedReport = z.infer<typeof ResolvedReportSchema>;

export const QueueStatusSchema = z.object({
  /** Expenses with changes not yet delivered (one per expense, however many of its edits wait). */
  pendingCount: z.number().int().min(0),
  /** Expenses in 'error' or 'conflict'. */
  errorCount: z.number().int().min(0),
  /** Local wall-clock ms of the last completed round, or null. */
  lastSyncAt: z.number().nullable(),
  syncing: z.boolean().default(false),
  /** The expenses that need the user (at most 50: enough to notify about; the count is errorCount). */
  attention: z.array(AttentionItemSchema).max(50).default([]),
  /** Expense reports Kantata approved or rejected (the most recent), for the notifications main shows. */
  resolvedReports: z.array(ResolvedReportSchema).max(50).default([]),
});
export type QueueStatus = z.infer<typeof QueueStatusSchema>;

/** A receipt file main read for the quick-add window (dropped on the tray icon). */
export const QuickAddReceiptFileSchema = z.object({
  name: z.string().min(1),
  mime: z.string().min(1),
  bytes: z.instanceof(Uint8Array),
});
export type QuickAddReceiptFile = z.infer<typeof QuickAddReceiptFileSchema>;

export const AppViewSchema = z.enum(['expenses', 'new-expense', 'search', 'attention', 'reports', 'settings', 'account']);
export type AppView = z.infer<typeof AppViewSchema>;

export const ReceiptUploadRequestSchema = z.object({
  /** The renderer's receipt row id (names progress events). */
  receiptId: z.string().min(1),
  /** Hex SHA-256 of `bytes`: the key of main's upload ledger. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string().min(1),
  mime: z.string().min(1),
  bytes: z.instanceof(Uint8Array),
  /**
   * An attachment id Kantata refused for these bytes (deleted there): an earlier upload recorded
   * under this id is not reused, the bytes are uploaded again.
   */
  refusedAttachmentId: z.string().min(1).optional(),
});
export const ReceiptUploadResponseSchema = z.object({
  attachmentId: z.string().min(1),
  /** True when an earlier upload of the same bytes was reused (nothing was sent). */
  reused: z.boolean(),
});

export const invokes = {
  /** Name, version and OS of the running app (About, diagnostics). */
  appInfo: call(NoArgs, AppInfoSchema),
  /** Kantata connection: who is connected, where the token is kept, whether a 401 paused sync. Never the token. */
  accountStatus: call(NoArgs, AccountStatusSchema),
  /** Verify a token with GET /users/me and keep it (encrypted) in main. */
  accountConnect: call(AccountConnectRequestSchema, AccountConnectResultSchema),
  /** Forget the token (local data stays; the renderer asks what to do with unsynced entries first). */
  accountDisconnect: call(NoArgs, AccountStatusSchema),
  /** Run one sync round (protocol: src/shared/protocol/round.ts); one at a time. */
  syncRound: call(SyncRoundRequestSchema, SyncRoundResultSchema),
  /** One chunk (a page range) of the first full download, which the renderer applies while asking for the next. */
  syncPullChunk: call(PullChunkRequestSchema, PullChunkResultSchema),
  /**
   * Tell main's scheduler, the one owner of when rounds run, that something happened (the outbox
   * grew: debounced; "Sync now": at once). `accepted` false: no round will come (not connected).
   */
  syncTrigger: call(z.object({ reason: SyncTriggerReasonSchema }), z.object({ accepted: z.boolean() })),
  /** The leading window listens for syncRequested and runs the rounds main asks for. */
  syncExecutorReady: call(NoArgs, z.null()),
  /** The round main asked for is over (applied or failed): the scheduler may ask for the next. */
  syncRoundEnded: call(SyncRoundEndSchema, z.null()),
  /** Download or refresh the pickers' reference data (projects, categories, vendors, budgets, tasks, user). */
  referenceRefresh: call(ReferenceRefreshRequestSchema, ReferenceSnapshotSchema),
  /**
   * Uploads one receipt as a Kantata attachment (type receipt) and answers its id. Exactly once
   * per content hash: main records every upload, so a replay (lost answer, crash) reuses the id.
   */
  receiptUpload: call(ReceiptUploadRequestSchema, ReceiptUploadResponseSchema),
  /**
   * The duplicate check: main downloads a Kantata receipt attachment (one this computer does not
   * hold) and answers the SHA-256 of its bytes, never the bytes; the renderer keeps the hash.
   */
  receiptAttachmentDigest: call(AttachmentDigestRequestSchema, AttachmentDigestResultSchema),
  /** Quick-add window: hide it (Esc, or after the save confirmation); it stays loaded for next time. */
  quickAddClose: call(NoArgs, z.null()),
  /** Quick-add window: an expense was stored (row + outbox); main's scheduler hears of a local write. */
  quickAddSaved: call(z.object({ expenseId: z.string().min(1) }), z.null()),
  /** Quick-add window with nothing to record against yet: hide it and show the main window at this view. */
  quickAddOpenMain: call(z.object({ view: AppViewSchema }), z.null()),
  /** Settings view: the settings in force, and whether the quick-add shortcut is registered. */
  settingsGet: call(NoArgs, SettingsStateSchema),
  /** Settings view: change some settings; the answer says whether a new shortcut could be registered. */
  settingsSet: call(AppSettingsPatchSchema, SettingsStateSchema),
  /** The leading window reports the queue (tray menu, icon, tooltip; notifications; quit flow). */
  reportQueueStatus: call(QueueStatusSchema, z.null()),
  /** Save an export (CSV, PDF) the renderer built: main asks where (save dialog) and writes it atomically. */
  fileSave: call(FileSaveRequestSchema, FileSaveResultSchema),
  /** Start writing a backup file (a save dialog, or the automatic backup folder); chunks follow. */
  backupWriteBegin: call(BackupTargetSchema, FileSessionSchema),
  backupWriteChunk: call(FileChunkSchema, z.null()),
  /** Finish a backup: `commit` renames it into place (the old file stays until then), else it is discarded. */
  backupWriteEnd: call(z.object({ sessionId: z.string().min(1), commit: z.boolean() }), z.object({ fileName: z.string().nullable() })),
  /** Pick the automatic backups' folder (a folder dialog); null when cancelled. */
  backupChooseFolder: call(NoArgs, z.object({ folder: z.string().nullable() })),
  /** Pick a backup file to restore (open dialog); the renderer then reads it in chunks. */
  backupReadBegin: call(NoArgs, FileSessionSchema),
  backupReadChunk: call(z.object({ sessionId: z.string().min(1) }), FileReadChunkSchema),
  backupReadEnd: call(z.object({ sessionId: z.string().min(1) }), z.null()),
  /** Main's part of a backup (ledgers of writes in doubt and receipt uploads); never the token. */
  backupMainState: call(NoArgs, MainBackupStateSchema),
  /**
   * Restore main's part of a backup: merged into the ledgers (more doubt never causes a duplicate),
   * or refused with a code when the backup belongs to another account than the connected one.
   */
  backupRestoreMainState: call(MainBackupStateSchema, MainRestoreResultSchema),
  /** The leading window answers quitRequested: the sync round is finished or safely parked. */
  quitReady: call(NoArgs, z.null()),
  /** The user's answer to proxyLoginRequested; `accepted` is false when that prompt had already closed. */
  proxyLoginAnswer: call(ProxyLoginAnswerSchema, z.object({ accepted: z.boolean() })),
  /** Help → Export diagnostics: main asks where to save and writes the zip (src/main/core/diagnostics). */
  diagnosticsExport: call(DiagnosticsExportRequestSchema, DiagnosticsExportResultSchema),
  /** The update flow's state (banner), and the release notes to show once after an update. */
  updateStatus: call(NoArgs, z.object({ state: UpdateStateSchema, installed: UpdateInstalledSchema.nullable() })),
  /** "Restart to update": refused while input is unsaved; waits for a running sync round. */
  updateRestart: call(UpdateRestartRequestSchema, UpdateRestartResultSchema),
};

export const events = {
  /** Main's scheduler asks the leading window to run one sync round, and says what it includes. */
  syncRequested: SyncRequestSchema,
  /** The OS reports the network came or went. */
  connectivityChanged: z.object({ online: z.boolean() }),
  /** Progress of the running sync round (pull: records so far of the total; push: entries settled). */
  syncProgress: SyncProgressSchema,
  /** The Kantata connection changed (connected, disconnected, paused by a 401). */
  accountChanged: AccountStatusSchema,
  /** Bytes of a receipt upload handed to the network so far. */
  receiptUploadProgress: z.object({ receiptId: z.string(), sentBytes: z.number().int(), totalBytes: z.number().int() }),
  /** To the quick-add window just before it is shown: reset, take these receipts, focus the amount. */
  openQuickAdd: z.object({
    source: z.enum(['tray', 'shortcut', 'menu', 'launch', 'drop']),
    receipts: z.array(QuickAddReceiptFileSchema).max(1).default([]),
    /** Why dropped files were left out, one sentence each. */
    notices: z.array(z.string()).default([]),
  }),
  /** To the main window: show this expense (a notification was clicked). */
  openExpense: z.object({ id: z.string().min(1) }),
  /** To the main window: go to a view (application menu, tray, notifications). */
  navigate: z.object({ view: AppViewSchema }),
  /** To the leading window: the app is quitting; finish or park the sync round, then call quitReady. */
  quitRequested: z.object({ deadlineMs: z.number().int().positive() }),
  /** To every window: the settings changed (the quick-add default currency, the Settings view). */
  settingsChanged: SettingsStateSchema,
  /** To every window: the network's proxy asks for a login (the main window shows the prompt). */
  proxyLoginRequested: ProxyLoginPromptSchema,
  /** To the main window: Help → Export diagnostics was chosen (it asks about notes, then calls diagnosticsExport). */
  diagnosticsRequested: z.object({}),
  /** To every window: the update flow moved (checking, downloading, ready to restart…). */
  updateStateChanged: UpdateStateSchema,
  /** To the main window after its renderer crashed and was reloaded: show a notice. */
  rendererRecovered: z.object({ reason: z.string() }),
};

export type Invokes = typeof invokes;
export type { InvokeName, EventName };
export type InvokeRequest<K extends InvokeName> = z.input<Invokes[K]['request']>;
export type InvokeResponse<K extends InvokeName> = z.output<Invokes[K]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export { INVOKE_NAMES, EVENT_NAMES, channelOf, eventChannelOf };

// The name lists (contract-names.ts, what the preload imports) are exactly the keys above.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const invokeNamesMatch: Same<keyof typeof invokes, InvokeName> = true;
const eventNamesMatch: Same<keyof typeof events, EventName> = true;
void invokeNamesMatch;
void eventNamesMatch;

/** What `window.courier` looks like to the renderer; implemented by preload and by the e2e harness. */
export type CourierApi = {
  [K in InvokeName]: InvokeRequest<K> extends undefined
    ? () => Promise<InvokeResponse<K>>
    : (request: InvokeRequest<K>) => Promise<InvokeResponse<K>>;
} & {
  /** Subscribe to a main-process event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Error codes a handler rejection carries, so the renderer can say something specific. */
export type ContractErrorCode = 'invalid-request' | 'forbidden-sender' | 'handler-failed' | 'unknown-call';
