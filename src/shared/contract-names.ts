/**
 * The names of the contract's calls and events, and their IPC channels, without the schemas:
 * what the preload needs to expose `window.courier`. It must not pull zod and every schema into the
 * sandboxed preload bundle. contract.ts checks at compile time that these lists are exactly its keys.
 */
export const INVOKE_NAMES = [
  'appInfo',
  'accountStatus',
  'accountConnect',
  'accountDisconnect',
  'syncRound',
  'syncPullChunk',
  'syncTrigger',
  'syncExecutorReady',
  'syncRoundEnded',
  'referenceRefresh',
  'receiptUpload',
  'receiptAttachmentDigest',
  'quickAddClose',
  'quickAddSaved',
  'quickAddOpenMain',
  'settingsGet',
  'settingsSet',
  'reportQueueStatus',
  'quitReady',
  'proxyLoginAnswer',
  'diagnosticsExport',
  'updateStatus',
  'updateRestart',
  'fileSave',
  'backupWriteBegin',
  'backupWriteChunk',
  'backupWriteEnd',
  'backupChooseFolder',
  'backupReadBegin',
  'backupReadChunk',
  'backupReadEnd',
  'backupMainState',
  'backupRestoreMainState',
] as const;

export const EVENT_NAMES = [
  'syncRequested',
  'connectivityChanged',
  'syncProgress',
  'accountChanged',
  'receiptUploadProgress',
  'openQuickAdd',
  'openExpense',
  'navigate',
  'quitRequested',
  'settingsChanged',
  'proxyLoginRequested',
  'diagnosticsRequested',
  'updateStateChanged',
  'rendererRecovered',
] as const;

export type InvokeName = (typeof INVOKE_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export const channelOf = (name: InvokeName): string => `courier:invoke:${name}`;
export const eventChannelOf = (name: EventName): string => `courier:event:${name}`;
