/**
 * The renderer's part of receipt uploads, run by the sync executor before each round
 * (`beforeRound`): every receipt that a pending outbox entry's expense refers to and that has no
 * attachment id yet is handed to main (`receiptUpload`), a few at a time, read from IndexedDB one
 * by one so a queue of hundreds never sits in memory at once. The attachment id is written back
 * to the receipt row; `prepareRound` then sends it as `receiptRemoteIds`, and the engine holds
 * back any expense whose receipt is still missing (it is never created without it).
 */
import type { CourierApi } from '@shared/contract';
import type { CourierDatabase } from '@renderer/db/database';
import { uploadProgress } from './state';

export type ReceiptUploadCourier = Pick<CourierApi, 'receiptUpload' | 'on'>;

export interface UploadRunProgress {
  /** The receipt whose bytes moved. */
  receiptId: string;
  sentBytes: number;
  totalBytes: number;
  /** Receipts finished (uploaded or failed) of `count`. */
  finished: number;
  count: number;
}

export interface UploadRunResult {
  uploaded: string[];
  failed: Array<{ receiptId: string; name: string; message: string }>;
}

/** Receipts that pending changes refer to and that are not uploaded yet (ids only). */
export async function receiptsAwaitingUpload(db: CourierDatabase): Promise<string[]> {
  return db.transaction('r', [db.outbox, db.expenses, db.receipts], async () => {
    const expenseIds = [...new Set((await db.outbox.toArray()).map((e) => e.expenseId))];
    const expenses = await db.expenses.bulkGet(expenseIds);
    const receiptIds = [...new Set(expenses.map((e) => (e && !e.deleted ? e.receiptId : null)).filter((id): id is string => id !== null))];
    const pending: string[] = [];
    // Reads the rows' keys and attachment ids through the index, not the blobs.
    await db.receipts
      .where('id')
      .anyOf(receiptIds)
      .each((row) => {
        if (row.attachmentId === null) pending.push(row.id);
      });
    return pending;
  });
}

export async function uploadPendingReceipts(
  db: CourierDatabase,
  courier: ReceiptUploadCourier,
  onProgress: (progress: UploadRunProgress) => void = () => {},
  options: { concurrency?: number } = {},
): Promise<UploadRunResult> {
  const ids = await receiptsAwaitingUpload(db);
  const result: UploadRunResult = { uploaded: [], failed: [] };
  if (ids.length === 0) return result;
  let finished = 0;
  const off = courier.on('receiptUploadProgress', (p) => {
    if (!ids.includes(p.receiptId)) return;
    uploadProgress.set(p.receiptId, { sentBytes: p.sentBytes, totalBytes: p.totalBytes });
    onProgress({ ...p, finished, count: ids.length });
  });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const row = await db.receipts.get(id);
      if (!row || row.attachmentId !== null) {
        finished++;
        continue;
      }
      uploadProgress.set(id, { sentBytes: 0, totalBytes: row.size });
      try {
        const bytes = new Uint8Array(await row.blob.arrayBuffer());
        const { attachmentId } = await courier.receiptUpload({
          receiptId: id,
          hash: row.hash,
          fileName: row.name,
          mime: row.mime,
          bytes,
          ...(row.refusedAttachmentId ? { refusedAttachmentId: row.refusedAttachmentId } : {}),
        });
        // Only the same bytes get the id (the row cannot change, but be sure).
        await db.receipts.where('id').equals(id).and((r) => r.hash === row.hash).modify({ attachmentId });
        result.uploaded.push(id);
      } catch (error) {
        result.failed.push({ receiptId: id, name: row.name, message: error instanceof Error ? error.message : String(error) });
      } finally {
        uploadProgress.delete(id);
        finished++;
        onProgress({ receiptId: id, sentBytes: row.size, totalBytes: row.size, finished, count: ids.length });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 3, ids.length) }, worker));
  } finally {
    off();
  }
  return result;
}
