/**
 * Receipts by content for the list's "Possible duplicates" filter: two expenses whose receipts
 * hold the same bytes share a key, whether the bytes sit in two local file rows or one of them is
 * a Kantata attachment (uploaded from here, or downloaded once by the duplicate check). Read with
 * key-only index scans: no receipt file is loaded.
 */
import type { LocalExpense } from '@shared/model/expense';
import type { CourierDatabase } from '@renderer/db/database';

export interface ReceiptIdentities {
  /** Local receipt row id -> SHA-256. */
  byReceipt: ReadonlyMap<string, string>;
  /** Kantata attachment id -> SHA-256, where known. */
  byAttachment: ReadonlyMap<string, string>;
}

export const NO_RECEIPT_IDENTITIES: ReceiptIdentities = { byReceipt: new Map(), byAttachment: new Map() };

export async function readReceiptIdentities(db: CourierDatabase): Promise<ReceiptIdentities> {
  const byReceipt = new Map<string, string>();
  const byAttachment = new Map<string, string>();
  await db.receipts.orderBy('hash').eachKey((hash, cursor) => byReceipt.set(String(cursor.primaryKey), String(hash)));
  await db.receipts.orderBy('attachmentId').eachKey((attachmentId, cursor) => {
    const hash = byReceipt.get(String(cursor.primaryKey));
    if (hash) byAttachment.set(String(attachmentId), hash);
  });
  await db.remoteReceipts.orderBy('hash').eachKey((hash, cursor) => byAttachment.set(String(cursor.primaryKey), String(hash)));
  return { byReceipt, byAttachment };
}

/** The row's receipt by content where known, else by its file row or Kantata attachment id. */
export function receiptKeyOf(ids: ReceiptIdentities): (row: LocalExpense) => string | null {
  return (row) => {
    if (row.receiptId) return ids.byReceipt.get(row.receiptId) ?? `row:${row.receiptId}`;
    const attachment = row.base?.receipt_id;
    if (attachment === null || attachment === undefined) return null;
    return ids.byAttachment.get(String(attachment)) ?? `kantata:${String(attachment)}`;
  };
}
