/**
 * Files dropped on the tray icon (macOS `drop-files`) or passed on the command line become the
 * receipt of a new quick-add expense. Main reads them (the sandboxed renderer cannot open
 * paths) and hands the bytes to the quick-add page, which stores them with the receipts code.
 */
import { basename, extname } from 'node:path';
import type { QuickAddReceiptFile } from '@shared/contract';

/** Kantata takes images and PDFs as receipts. */
export const RECEIPT_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

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
    const mime = RECEIPT_TYPES[extname(path).toLowerCase()];
    if (!mime) {
      refused.push(`${name} is not an image or a PDF, so it cannot be a receipt.`);
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
      receipts.push({ name, mime, bytes: new Uint8Array(await files.read(path)) });
    } catch {
      refused.push(`${name} could not be read.`);
    }
  }
  return { receipts, refused };
}
