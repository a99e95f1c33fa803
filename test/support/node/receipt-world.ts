/**
 * Node side of the browser receipt tests: a real simulator, the real sync engine and the real
 * main-core ReceiptUploader (with its ledger), reached from the page through vitest browser
 * commands (./receipt-commands.ts) as the renderer reaches main through the contract.
 */
import type { ApiAttachment, ApiExpense } from '@shared/kantata/wire';
import type { SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import { SyncRoundRequestSchema, SyncRoundResultSchema } from '@shared/protocol/round';
import { ReceiptUploadRequestSchema } from '@shared/contract';
import { KantataClient } from '../../../src/main/core/kantata/client';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { ReceiptUploader, UploadLedger, memoryLedgerStore, type ReceiptUploadProgress } from '../../../src/main/core/receipts';
import { startSimulator, type RunningSimulator } from '../../kantata-sim/index';
import type { FaultSpecLike } from '../browser/sync-world-types';

interface World {
  sim: RunningSimulator;
  engine: SyncEngine;
  uploader: ReceiptUploader;
  progress: ReceiptUploadProgress[];
}

export interface ReceiptWorldInfo {
  handle: string;
  workspaceId: string;
  categoryId: string;
  category: string;
}

/** What the page sends for `receiptUpload`: the contract request with the bytes as base64 (commands carry JSON). */
export interface EncodedUploadRequest {
  receiptId: string;
  hash: string;
  fileName: string;
  mime: string;
  bytesBase64: string;
}

const worlds = new Map<string, World>();
let next = 0;

export async function startWorld(): Promise<ReceiptWorldInfo> {
  const sim = await startSimulator({ seed: 'empty' });
  const ws = sim.admin.addWorkspace({ title: 'Receipts project', currency: 'USD' });
  const category = sim.admin.state().categories.find((c) => c.name === 'Travel');
  if (!category) throw new Error('the simulator has no Travel category');
  const client = new KantataClient({ baseUrl: sim.baseUrl, token: sim.token, timeoutMs: 5_000 });
  const progress: ReceiptUploadProgress[] = [];
  const world: World = {
    sim,
    engine: new SyncEngine({ client, retry: { baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 2_000 } }),
    uploader: new ReceiptUploader({
      client: () => client,
      ledger: new UploadLedger(memoryLedgerStore()),
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      onProgress: (p) => progress.push(p),
    }),
    progress,
  };
  const handle = `r${++next}`;
  worlds.set(handle, world);
  return { handle, workspaceId: ws.id, categoryId: category.id, category: category.name };
}

function world(handle: string): World {
  const w = worlds.get(handle);
  if (!w) throw new Error(`no receipt world ${handle}`);
  return w;
}

/** What main does for `receiptUpload`: validate against the contract, upload; answers the progress events too. */
export async function upload(
  handle: string,
  encoded: EncodedUploadRequest,
): Promise<{ attachmentId: string; reused: boolean; progress: ReceiptUploadProgress[] }> {
  const w = world(handle);
  const { bytesBase64, ...rest } = encoded;
  const request = ReceiptUploadRequestSchema.parse({ ...rest, bytes: new Uint8Array(Buffer.from(bytesBase64, 'base64')) });
  const from = w.progress.length;
  const out = await w.uploader.upload(request);
  return { ...out, progress: w.progress.slice(from).filter((p) => p.receiptId === request.receiptId) };
}

export async function syncRound(handle: string, request: SyncRoundRequest): Promise<SyncRoundResult> {
  return SyncRoundResultSchema.parse(await world(handle).engine.runRound(SyncRoundRequestSchema.parse(request)));
}

export function state(handle: string): { expenses: ApiExpense[]; attachments: ApiAttachment[] } {
  const { sim } = world(handle);
  return { expenses: sim.admin.listExpenses(), attachments: sim.admin.listAttachments() };
}

/** Deletes an attachment in Kantata, as someone on the web could. */
export function deleteAttachment(handle: string, attachmentId: string): void {
  if (!world(handle).sim.admin.deleteAttachment(attachmentId)) throw new Error(`no attachment ${attachmentId}`);
}

export function fault(handle: string, spec: FaultSpecLike | null): void {
  const { sim } = world(handle);
  if (spec) sim.admin.injectFault(spec);
  else sim.admin.clearFaults();
}

export async function stopWorld(handle: string): Promise<void> {
  const w = worlds.get(handle);
  worlds.delete(handle);
  await w?.sim.close();
}
