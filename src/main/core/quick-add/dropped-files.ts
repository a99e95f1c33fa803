/**
 * Files dropped on the tray icon (macOS `drop-files`) or passed on the command line become the
 * receipt of a new quick-add expense. Main reads them (the sandboxed renderer cannot open
 * paths) and hands the bytes to the quick-add page, which stores them with the receipts code.
 */
import { basename } from 'node:path';
import type { QuickAddReceiptFile } from '@shared/contract';
import { RECEIPT_MIME, receiptKindOfFileName } from '@shared/receipt-types';

/** Larger files need Kantata's direct upload; beyond this it is surely not a receipt. */
export const MAX_DROPPED_RECEIPT_BYTES = 25 * 1024 * 1024;

export interface FileReader {
  size(path: string): Promise<number>;
  read(path: string): Promise<Uint8Array>;
}

export interface DroppedFilesOutcome {
  receipts: QuickAddReceiptFile[];
  /** One sentence per file left out, for the quick-add window to show. */
  refused: string[];
}

/** An expense has one receipt: the first usable file is attached, the others are named. */
export async function readDroppedReceipts(paths: readonly string[], files: FileReader): Promise<DroppedFilesOutcome> {
  const receipts: QuickAddReceiptFile[] = [];
  const refused: string[] = [];
  for (const path of paths) {
    const name = basename(path);
    // The same list as the renderer's (it then checks the content): a type it refuses is not read here.
    const kind = receiptKindOfFileName(name);
    if (!kind) {
      refused.push(`${name} cannot be a receipt: receipts must be JPEG, PNG, WebP or HEIC photos, or PDF files.`);
      continue;
    }
    if (receipts.length > 0) {
      refused.push(`${name} was not attached: an expense has one receipt.`);
      continue;
    }
    try {
      const size = await files.size(path);
      if (size > MAX_DROPPED_RECEIPT_BYTES) {
        refused.push(`${name} is larger than ${MAX_DROPPED_RECEIPT_BYTES / 1024 / 1024} MB.`);
        continue;
      }
      // A copy on its own ArrayBuffer: Node hands out slices of a shared pool.
      receipts.push({ name, mime: RECEIPT_MIME[kind], bytes: new Uint8Array(await files.read(path)) });
    } catch {
      refused.push(`${name} could not be read.`);
    }
  }
  return { receipts, refused };
}
